// A benchmark reuses one set of perception signals for all its runs: each run must behave exactly like a fresh one
// (a run's frames start again at 0 ms; the watches of the last run must not refuse them or fire on them).

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVisualwatchSample, type VisualwatchTruth } from '../../../main/bench/gen/visualWatchSample';
import { runInput } from '../../../main/cli/runInput';
import { createPerceptionSignals } from '../../../main/perception/signals';

const dir = mkdtempSync(join(tmpdir(), 'tandem-shared-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('perception signals shared across runs', () => {
  it('fire the same watch on the same frame in every run, with no error', async () => {
    // A seed outside the benchmark's block; k = 3 is a camera whose colour changes at a known time.
    mkdirSync(join(dir, 'sample'));
    const sample = await makeVisualwatchSample(70_000_003, 3, join(dir, 'sample'));
    const truth = sample.truth as unknown as VisualwatchTruth;
    const shared = createPerceptionSignals({ codeWatch: false });
    try {
      const fired: number[][] = [];
      for (const run of ['first', 'second']) {
        const summary = await runInput({ input: join(dir, 'sample', sample.scenario), outDir: join(dir, run), im: 'harness', realtime: false, voice: { kind: 'placeholder' }, sharedSignals: shared });
        expect(summary.modelErrors).toBe(0);
        fired.push((summary.watchesFired ?? []).map((firing) => firing.frameAtMs));
      }
      expect(fired).toEqual([[truth.eventAtMs], [truth.eventAtMs]]);
    } finally {
      await shared.dispose();
    }
  }, 60_000);
});
