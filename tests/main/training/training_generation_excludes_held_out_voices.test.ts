// Training samples never use the benchmark's held-out voices (flite slt and rms), where the benchmark's policy on the same seeds does.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FD_BENCH_HELD_OUT_VOICES, FD_MANIFEST_FILE, generateFdSuite, type GenerateFdSuiteResult } from '../../../main/bench/fdbench/generate';

let root: string;
let training: GenerateFdSuiteResult;
let benchmarkPolicy: GenerateFdSuiteResult;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'held-out-'));
  training = await generateFdSuite({ outDir: join(root, 'training'), size: 'full', count: 6, seedBase: 100_000_000, excludeHeldOutVoices: true });
  benchmarkPolicy = await generateFdSuite({ outDir: join(root, 'benchmark'), size: 'full', count: 6, seedBase: 100_000_000 });
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Manifest = { exclude_held_out_voices?: boolean; info: { voices: Record<string, { engine: string; voice: string; held_out: boolean }> } };
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, FD_MANIFEST_FILE), 'utf8')) as Manifest;
const heldOut = (v: { engine: string; voice: string }) => FD_BENCH_HELD_OUT_VOICES.some((h) => h.engine === v.engine && h.voice === v.voice);

describe('training voice policy', () => {
  it('no voice of any training sample (user, second speaker, background) is held out', () => {
    expect(training.samples).toHaveLength(48);
    for (const sample of training.samples) {
      const manifest = manifestOf(sample.input);
      expect(manifest.exclude_held_out_voices).toBe(true);
      for (const [role, voice] of Object.entries(manifest.info.voices)) {
        expect(heldOut(voice), `${sample.task}/${sample.id} ${role} ${voice.engine} ${voice.voice}`).toBe(false);
        expect(voice.held_out).toBe(false);
      }
    }
  });

  it('the same seeds under the benchmark policy do use them (so the exclusion is what removed them)', () => {
    const voices = benchmarkPolicy.samples.flatMap((s) => Object.values(manifestOf(s.input).info.voices));
    expect(voices.filter(heldOut).length).toBeGreaterThan(5);
    for (const sample of benchmarkPolicy.samples) expect(manifestOf(sample.input).exclude_held_out_voices).toBeUndefined();
  });

  it('a cached sample of the other policy is regenerated, not reused', async () => {
    const again = await generateFdSuite({ outDir: join(root, 'benchmark'), size: 'full', count: 1, seedBase: 100_000_000, tasks: ['pause_handling'], excludeHeldOutVoices: true });
    expect(manifestOf(again.samples[0].input).exclude_held_out_voices).toBe(true);
  });
});
