// The same seed gives byte-identical sample folders, another seed another sample, and a complete sample is reused instead of regenerated.

import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FD_BENCH_SEED_RANGE,
  FD_GENERATOR_VERSION,
  FD_MANIFEST_FILE,
  FD_GENERATED_TASKS,
  fdSampleSeed,
  generateFdSuite,
  isBenchmarkSeed,
  type GenerateFdSuiteResult,
} from '../../../../main/bench/fdbench/generate';

let root: string;
let first: GenerateFdSuiteResult;
let second: GenerateFdSuiteResult;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fdbench-seeds-'));
  first = await generateFdSuite({ outDir: join(root, 'a'), size: 'small' });
  second = await generateFdSuite({ outDir: join(root, 'b'), size: 'small' });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(join(dir, name)));
  return files;
}

describe('generateFdSuite seeds and cache', () => {
  it('the same seeds give byte-identical files in every sample folder', () => {
    expect(second.seeds).toEqual(first.seeds);
    for (const [i, sample] of first.samples.entries()) {
      const a = filesOf(sample.input);
      const b = filesOf(second.samples[i].input);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), `${sample.task}/${sample.id}/${name}`).toBe(true);
    }
  });

  it('different seeds give different samples', async () => {
    const other = await generateFdSuite({ outDir: join(root, 'other'), size: 'small', seedBase: 2_000_000, tasks: ['pause_handling', 'background_noise'] });
    expect(other.seeds).toEqual([2_000_000, 2_000_001, 2_000_002, 2_000_003, 2_060_000, 2_060_001, 2_060_002, 2_060_003]);
    for (const sample of other.samples) {
      expect(isBenchmarkSeed(sample.seed!)).toBe(false);
      const k = sample.seed! % FD_BENCH_SEED_RANGE.perTask;
      const same = first.samples.find((s) => s.task === sample.task && s.seed === fdSampleSeed(sample.task as (typeof FD_GENERATED_TASKS)[number], k))!;
      expect(readFileSync(join(sample.input, 'input.wav')).equals(readFileSync(join(same.input, 'input.wav')))).toBe(false);
    }
    // Within the suite too: no two samples share their audio.
    const digests = new Set(first.samples.map((s) => readFileSync(join(s.input, 'input.wav')).toString('base64')));
    expect(digests.size).toBe(first.samples.length);
  });

  it('reuses complete samples of the same seed and generator version without touching them', async () => {
    const outDir = join(root, 'a');
    const before = first.samples.map((s) => statSync(join(s.input, 'input.wav')).mtimeMs);
    const lines: string[] = [];
    const again = await generateFdSuite({ outDir, size: 'small', log: (line) => lines.push(line) });
    expect(lines.filter((line) => line.includes('generated'))).toEqual([]);
    expect(lines).toContain(`fdbench: reused ${first.samples.length} cached sample(s) in ${outDir}`);
    expect(again.samples).toEqual(first.samples);
    expect(first.samples.map((s) => statSync(join(s.input, 'input.wav')).mtimeMs)).toEqual(before);
  });

  it('regenerates a sample whose file was changed or whose manifest is of another generator version', async () => {
    const outDir = join(root, 'a');
    const damaged = first.samples.find((s) => s.task === 'backchannel')!;
    const outdated = first.samples.find((s) => s.task === 'talking_to_other')!;
    appendFileSync(join(damaged.input, 'input.wav'), Buffer.from([1, 2]));
    const manifestPath = join(outdated.input, FD_MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest.generator_version).toBe(FD_GENERATOR_VERSION);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, generator_version: FD_GENERATOR_VERSION - 1 }));

    const lines: string[] = [];
    await generateFdSuite({ outDir, size: 'small', log: (line) => lines.push(line) });
    expect(lines.filter((line) => line.includes('generated')).map((line) => line.split(' ')[2]).sort()).toEqual(
      [`backchannel/${damaged.id}`, `talking_to_other/${outdated.id}`].sort(),
    );
    // Regenerated from the same seed: identical to the untouched copy again.
    for (const sample of [damaged, outdated]) {
      const twin = second.samples.find((s) => s.task === sample.task && s.id === sample.id)!;
      for (const [name, bytes] of filesOf(twin.input)) expect(readFileSync(join(sample.input, name)).equals(bytes), `${sample.task}/${name}`).toBe(true);
    }
    expect(readdirSync(join(outDir, 'backchannel')).sort()).toEqual(first.samples.filter((s) => s.task === 'backchannel').map((s) => s.id).sort());
  });

  it('keeps benchmark seeds in one documented range, one block per task', () => {
    expect(FD_BENCH_SEED_RANGE).toEqual({ from: 1_000_000, to: 1_100_000, perTask: 10_000 });
    expect(fdSampleSeed('pause_handling', 0)).toBe(1_000_000);
    expect(fdSampleSeed('background_noise', 99)).toBe(1_060_099);
    expect(FD_GENERATED_TASKS.every((task) => isBenchmarkSeed(fdSampleSeed(task, FD_BENCH_SEED_RANGE.perTask - 1)))).toBe(true);
    expect(isBenchmarkSeed(999_999)).toBe(false);
    expect(isBenchmarkSeed(1_100_000)).toBe(false);
    expect(() => fdSampleSeed('pause_handling', FD_BENCH_SEED_RANGE.perTask)).toThrow(RangeError);
  });
});
