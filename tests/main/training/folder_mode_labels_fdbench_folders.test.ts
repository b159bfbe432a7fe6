// `tandem train-data --fd-data`: folders in Full-Duplex-Bench's layout (no generation.json, no user_speech.json) are labelled from their annotations and Silero VAD.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../common/microturn';
import { generateFdSuite } from '../../../main/bench/fdbench/generate';
import { exportTrainingData, type ExportSummary, type TrainingManifest } from '../../../main/training/exportData';
import { readSampleFiles, type SampleMeta } from '../../../main/training/recorder';

let root: string;
let summary: ExportSummary;
let manifest: TrainingManifest;
const truthEndMs: Record<string, number> = {};

/** Copies a generated sample as FD-bench ships one: input.wav and the task's annotation files only. */
function fdFolder(from: string, to: string, files: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const file of ['input.wav', ...files]) copyFileSync(join(from, file), join(to, file));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fd-folder-'));
  const generated = await generateFdSuite({ outDir: join(root, 'gen'), size: 'full', count: 1, seedBase: 100_000_000, tasks: ['pause_handling', 'user_interruption', 'user_backchannel'], excludeHeldOutVoices: true });
  const data = join(root, 'fd');
  for (const sample of generated.samples) {
    const files = sample.task === 'pause_handling' ? ['pause.json'] : sample.task === 'user_interruption' ? ['interrupt.json'] : ['metadata.json'];
    fdFolder(sample.input, join(data, sample.task, '0001'), files);
    const info = JSON.parse(readFileSync(join(sample.input, 'generation.json'), 'utf8')).info;
    truthEndMs[sample.task] = Math.round(1000 * (info.turn_end_s ?? info.context_end_s ?? info.request_end_s));
  }
  summary = await exportTrainingData({ outDir: join(root, 'out'), fdDataDir: data, log: () => {} });
  manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8'));
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const metaOf = (dir: string) => JSON.parse(readFileSync(join(root, 'out', dir, 'meta.json'), 'utf8')) as SampleMeta;

describe('folder mode', () => {
  it('recognises each folder\'s task from its annotation files and records it as a folder sample', () => {
    expect(manifest.samples.map((s) => [s.task, s.source, s.seed])).toEqual([
      ['pause_handling', 'folder', null],
      ['user_backchannel', 'folder', null],
      ['user_interruption', 'folder', null],
    ]);
    expect(summary.samplesByTask).toEqual({ pause_handling: 1, user_backchannel: 1, user_interruption: 1 });
    expect(existsSync(join(root, 'out', 'audio'))).toBe(false);
  });

  it('finds the turn end with Silero VAD within 150 ms of the truth, and never takes a pause for one', () => {
    for (const sample of manifest.samples) {
      const meta = metaOf(sample.dir);
      expect(meta.notes.join(' ')).toMatch(/Silero VAD/);
      expect(Math.abs(meta.turnEndsMs[0] - truthEndMs[sample.task]), `${sample.task} ${meta.turnEndsMs[0]} vs ${truthEndMs[sample.task]}`).toBeLessThanOrEqual(150);
    }
    expect(metaOf(manifest.samples[0].dir).turnEndsMs).toHaveLength(1);
  });

  it('labels speak from the first decision 80 ms after the found turn end', () => {
    for (const sample of manifest.samples) {
      const meta = metaOf(sample.dir);
      const actions = [...(readSampleFiles(join(root, 'out', sample.dir), sample.steps).action as Int8Array)].map((i) => ACTIONS[i]);
      const first = Math.ceil((meta.turnEndsMs[0] + 80) / 200) - 1;
      expect(actions.indexOf('speak'), sample.task).toBe(first);
    }
  });

  it('the interruption is the annotated span; the user backchannel is not addressed speech', () => {
    const interruption = metaOf(manifest.samples[2].dir);
    const annotated = JSON.parse(readFileSync(join(root, 'fd', 'user_interruption', '0001', 'interrupt.json'), 'utf8'))[0].timestamp;
    expect(interruption.interruptionsMs).toEqual([[Math.round(annotated[0] * 1000), Math.round(annotated[1] * 1000)]]);
    expect(interruption.turnEndsMs).toHaveLength(2);
    expect(metaOf(manifest.samples[1].dir).turnEndsMs).toHaveLength(1);
  });

  it('says clearly when a folder cannot be labelled', async () => {
    const bad = join(root, 'bad', 'sample');
    mkdirSync(bad, { recursive: true });
    copyFileSync(join(root, 'fd', 'pause_handling', '0001', 'input.wav'), join(bad, 'input.wav'));
    await expect(exportTrainingData({ outDir: join(root, 'bad-out'), fdDataDir: join(root, 'bad'), log: () => {} })).rejects.toThrow(/Cannot label this folder: it has none of pause\.json/);
  });
});
