// Measurement, not a check: the counter on the repcount suite's clips (OBO, MAE, detection delay); runs only with REPCOUNT_FULL=1.
//
// REPCOUNT_FULL=1 npx vitest run tests/main/perception/repetition/repcount_full_suite_measurement.test.ts
// Optional: REPCOUNT_SEEDS=40000000:60 (tuning seeds, first:count; default the scored suite 4000000:100),
// REPCOUNT_FEED=tick (only the newest frame per 200 ms micro-turn), REPCOUNT_WORKDIR (the clip cache),
// REPCOUNT_CONFIG='{"closureRatio":0.4}' (counter settings to try).

import * as os from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RepcountTruth } from '../../../../main/bench/gen/repetitionVideo';
import { REPCOUNT_SEED_RANGE } from '../../../../main/bench/suites/repcount';
import { performance } from 'node:perf_hooks';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { clipPath, countClip, prepareClips, quantile, score, type FeedMode } from './repcountMeasure';
import { wanderingBallFrames } from './syntheticFrames';

const enabled = process.env.REPCOUNT_FULL === '1';

describe.skipIf(!enabled)('repetition counter on the repcount suite (measurement)', () => {
  it('prints OBO, MAE and the detection-delay distribution', async () => {
    const [first, count] = (process.env.REPCOUNT_SEEDS ?? `${REPCOUNT_SEED_RANGE.first}:100`).split(':').map(Number);
    const mode = (process.env.REPCOUNT_FEED ?? 'every') as FeedMode;
    const workDir = process.env.REPCOUNT_WORKDIR ?? nodePath.join(os.tmpdir(), 'tandem-repcount-measure');
    const seeds = Array.from({ length: count }, (_, k) => first + k);
    const samples = await prepareClips(workDir, seeds, first);
    const config = process.env.REPCOUNT_CONFIG ? JSON.parse(process.env.REPCOUNT_CONFIG) : undefined;
    const outcomes = samples.map((s) => countClip(clipPath(s.input), s.seed as number, s.truth as RepcountTruth, mode, config));
    for (const o of outcomes) {
      const t = o.truth;
      if (o.predicted !== t.count || process.env.REPCOUNT_VERBOSE === '1') {
        console.log(
          `seed ${o.seed} ${t.motion} ${t.width}x${t.height}@${t.fps} true ${t.count} got ${o.predicted} ` +
            `(rests ${t.pauses.length}, ${t.speedProfile}, noise ${t.noiseSigma}, light ${t.lighting}, distractor ${t.distractor}, shake ${t.cameraShake}) ` +
            `delays ${o.delaysMs.map((d) => Math.round(d)).join(',')}`,
        );
      }
    }
    const s = score(outcomes);
    console.log(`seeds ${first}..${first + count - 1}, feed ${mode}: ${JSON.stringify(s, (_k, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v))}`);
    expect(s.clips).toBe(count);
  }, 1_800_000);

  it('prints the cost of one push for 320×240 frames (the largest the live app sends)', () => {
    const frames = wanderingBallFrames({ seconds: 120, fps: 5, width: 320, height: 240, seed: 11, noise: 4 });
    const counter = new RepetitionCounter();
    for (const frame of frames.slice(0, 50)) counter.push(frame); // warm-up (JIT)
    const timesMs = frames.slice(50).map((frame) => {
      const started = performance.now();
      counter.push(frame);
      return performance.now() - started;
    });
    const mean = timesMs.reduce((a, b) => a + b, 0) / timesMs.length;
    console.log(`push 320x240: mean ${mean.toFixed(3)} ms, p50 ${quantile(timesMs, 0.5).toFixed(3)} ms, p95 ${quantile(timesMs, 0.95).toFixed(3)} ms over ${timesMs.length} frames`);
    expect(timesMs.length).toBe(550);
  });
});
