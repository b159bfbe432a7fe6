// `tandem bench fdbench --data DIR`: a downloaded Full-Duplex-Bench tree is read folder by folder, each sample classified by its annotations, run and scored.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../../../main/bench/runBench';
import { canonicalFdTask, fdbenchSuite, readExternalFdData } from '../../../main/bench/suites/fdbench';
import type { BenchReport } from '../../../main/bench/report';

const DEMO_WAV = resolve(import.meta.dirname, '../../../resources/demo/user.wav');
const span = (text: string, startS: number, endS: number) => ({ text, timestamp: [startS, endS] });

describe('fdbench over external data', () => {
  let dataDir: string;
  let outDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tandem-fd-data-'));
    outDir = mkdtempSync(join(tmpdir(), 'tandem-fd-out-'));
    const sample = (folder: string, files: Record<string, unknown>) => {
      const dir = join(dataDir, folder);
      mkdirSync(dir, { recursive: true });
      copyFileSync(DEMO_WAV, join(dir, 'input.wav'));
      for (const [name, json] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(json));
    };
    sample('v1/candor_pause_handling/1', { 'pause.json': [span('[PAUSE]', 1.899, 2.399)] });
    sample('v1/candor_turn_taking/2', { 'turn_taking.json': [span('[TURN-TAKING]', 3.814, 4.5)] });
    sample('v1/synthetic_user_interruption/3', { 'interrupt.json': [{ context: 'tell me a story', interrupt: 'wait, one more thing', timestamp: [17.169, 18.612] }] });
    sample('v1/icc_backchannel/4', {});
    writeFileSync(join(dataDir, 'v1/icc_backchannel/icc_gt_distribution.json'), JSON.stringify({ 4: [0.1, 0.4, 0.5] }));
    sample('v1.5/talking_to_other/5', { 'metadata.json': { current_turn_text: 'Wait, one more thing.', timestamps: [17.169, 18.612] }, 'user_speech.json': [span('[SPEECH]', 0.3, 3.814), span('[SPEECH]', 17.169, 18.612)] });
    sample('misc/6', {});
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('classifies every sample folder by its annotation files and says which folders it left out', () => {
    const { samples, notes } = readExternalFdData(dataDir);
    expect(samples.map((s) => [s.task, s.id])).toEqual([
      ['pause_handling', 'v1-candor_pause_handling-1'],
      ['smooth_turn_taking', 'v1-candor_turn_taking-2'],
      ['user_interruption', 'v1-synthetic_user_interruption-3'],
      ['backchannel', 'v1-icc_backchannel-4'],
      ['overlap_talking_to_other', 'v1.5-talking_to_other-5'],
    ]);
    expect(samples.every((s) => s.seed === null)).toBe(true);
    expect(samples[3].truth.iccGtDistributionPath).toBe(join(dataDir, 'v1/icc_backchannel/icc_gt_distribution.json'));
    expect(notes.some((n) => n.includes('1 folder(s) with input.wav but no annotation') && n.includes('misc/6'))).toBe(true);
  });

  it('maps the generator\'s v1.5 folder names to the metrics\' task names', () => {
    expect(canonicalFdTask('talking_to_other')).toBe('overlap_talking_to_other');
    expect(canonicalFdTask('pause_handling')).toBe('pause_handling');
    expect(canonicalFdTask('no_such_task')).toBeNull();
  });

  it('runs and scores the external samples, recording the data source as external', async () => {
    await runBench({ suites: [fdbenchSuite], models: [{ label: 'harness', model: 'harness' }], outDir, size: 'small', dataDir, log: () => {} });
    const report: BenchReport = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    const suite = report.suites[0];
    expect(suite.error).toBeUndefined();
    expect(suite.data).toMatchObject({ kind: 'external', description: `external: ${dataDir}`, seeds: [], samples: 5, path: dataDir });
    const model = suite.models.harness;
    expect(model.samples).toEqual({ total: 5, ran: 5, failed: 0 });
    expect(model.notes.filter((n) => /could not be scored/.test(n))).toEqual([]);
    expect(model.metrics['smooth_turn_taking.tor']).toMatchObject({ n: 1, task: 'smooth_turn_taking' });
    expect(model.metrics['backchannel.jsd']).toMatchObject({ n: 1 });
    expect(model.metrics['backchannel.jsd'].value).not.toBeNull();
    expect(readFileSync(join(outDir, 'fdbench/harness/pause_handling/v1-candor_pause_handling-1/output.wav')).length).toBe(readFileSync(join(dataDir, 'v1/candor_pause_handling/1/input.wav')).length);
  });
});
