// Timed-request training data: the harness's own actions are the labels, so its timer announcements are labelled interject in the micro-turn the timer falls due; benchmark seeds are refused.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../common/microturn';
import { EVENT_TOKEN } from '../../../main/models/native/contract';
import type { ExportSummary, TrainingManifest } from '../../../main/training/exportData';
import { readSampleFiles } from '../../../main/training/recorder';
import { exportTimedData } from '../../../main/training/timedData';

let root: string;
let summary: ExportSummary;
let manifest: TrainingManifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'timed-data-'));
  // k = 0 is "say X in N seconds" with the user silent.
  summary = await exportTimedData({ outDir: join(root, 'out'), samples: 1, log: () => {} });
  manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8'));
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('timed data', () => {
  it('labels the announcement interject in the micro-turn whose input carries the timer_due token', () => {
    const [sample] = manifest.samples;
    expect(sample.seed).toBe(120_000_000);
    const files = readSampleFiles(join(root, 'out', sample.dir), sample.steps);
    const actions = [...(files.action as Int8Array)].map((i) => ACTIONS[i]);
    const events = files.eventTokens as Int32Array;
    const dueSteps = Array.from({ length: sample.steps }, (_, k) => k).filter((k) => events.subarray(8 * k, 8 * k + 8).includes(EVENT_TOKEN.timer_due));
    const typedSteps = Array.from({ length: sample.steps }, (_, k) => k).filter((k) => events.subarray(8 * k, 8 * k + 8).includes(EVENT_TOKEN.typed_text));
    expect(dueSteps).toHaveLength(1);
    expect(typedSteps).toHaveLength(1);
    expect(actions.map((a, k) => [a, k]).filter(([a]) => a === 'interject').map(([, k]) => k)).toEqual(dueSteps);
    // The typed request's words reach the text tokens.
    expect((files.textTokens as Int32Array).subarray(16 * typedSteps[0], 16 * typedSteps[0] + 16).some((t) => t !== 0)).toBe(true);
    expect(summary.actionCounts.interject).toBe(1);
  });

  it('refuses seeds of the timespeak benchmark', async () => {
    await expect(exportTimedData({ outDir: join(root, 'bad'), samples: 2, seedBase: 2_000_000 })).rejects.toThrow(/timespeak/);
  });
});
