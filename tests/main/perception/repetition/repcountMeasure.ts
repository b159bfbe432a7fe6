// Runs the repetition counter over generated repcount clips read with the engine's frame reader and scores it like the suite (OBO, MAE, detection delay).

import * as nodePath from 'node:path';
import { performance } from 'node:perf_hooks';
import { MICRO_TURN_MS } from '../../../../common/microturn';
import { prepareGeneratedSamples } from '../../../../main/bench/gen/generatedSamples';
import { makeRepcountSample, type RepcountTruth } from '../../../../main/bench/gen/repetitionVideo';
import { REPCOUNT_GENERATOR_VERSION } from '../../../../main/bench/suites/repcount';
import { openY4m } from '../../../../main/engine/media/frames';
import { RepetitionCounter, type RepetitionCounterConfigInput } from '../../../../main/perception/repetition';
import type { RepetitionCount } from '../../../../common/perception';

/** `every`: every frame of the file; `tick`: only the newest frame per 200 ms micro-turn, as the scenario feeder offers them today. */
export type FeedMode = 'every' | 'tick';

export interface ClipOutcome {
  seed: number;
  truth: RepcountTruth;
  predicted: number;
  events: RepetitionCount[];
  /** detectedAtMs − repEndMs[c − 1] for the first event of each count c ≤ true count, in count order. */
  delaysMs: number[];
  /** The same for counts ≥ 2 only (count 1 is reported together with count 2 by design). */
  laterDelaysMs: number[];
  frames: number;
  pushMs: number;
}

/** Generates (or reuses) the clips of `seeds` in `workDir` with the suite's own generator; sample k = seed − firstSeed picks the motion. */
export async function prepareClips(workDir: string, seeds: number[], firstSeed: number) {
  const prepared = await prepareGeneratedSamples({
    suite: 'repcount',
    workDir,
    seeds,
    generatorVersion: REPCOUNT_GENERATOR_VERSION,
    make: (seed, dir) => makeRepcountSample(seed, seed - firstSeed, dir),
  });
  return prepared.samples;
}

export function countClip(y4mPath: string, seed: number, truth: RepcountTruth, mode: FeedMode, config?: RepetitionCounterConfigInput): ClipOutcome {
  const source = openY4m(y4mPath);
  const counter = new RepetitionCounter(config);
  const events: RepetitionCount[] = [];
  let frames = 0;
  let pushMs = 0;
  try {
    const feed = (frame: ReturnType<typeof source.frameAt>) => {
      if (!frame) return;
      const started = performance.now();
      events.push(...counter.push(frame));
      pushMs += performance.now() - started;
      frames++;
    };
    if (mode === 'every') {
      for (let f = 0; f < source.frameCount; f++) feed(source.frameAt(source.startMs + (f * 1000) / source.fps));
    } else {
      let lastIndex = -1;
      for (let tickEnd = MICRO_TURN_MS; tickEnd <= truth.durationMs; tickEnd += MICRO_TURN_MS) {
        const frame = source.frameAt(tickEnd - 1e-6);
        if (!frame || frame.frameIndex === lastIndex) continue;
        lastIndex = frame.frameIndex;
        feed(frame);
      }
    }
  } finally {
    source.close();
  }
  const firstByCount = new Map<number, number>();
  for (const event of events) if (event.count <= truth.count && !firstByCount.has(event.count)) firstByCount.set(event.count, event.detectedAtMs);
  const entries = [...firstByCount.entries()].sort((a, b) => a[0] - b[0]);
  const delaysMs = entries.map(([c, atMs]) => atMs - truth.repEndMs[c - 1]);
  const laterDelaysMs = entries.filter(([c]) => c >= 2).map(([c, atMs]) => atMs - truth.repEndMs[c - 1]);
  return { seed, truth, predicted: counter.count, events, delaysMs, laterDelaysMs, frames, pushMs };
}

export function clipPath(sampleInput: string): string {
  return nodePath.join(nodePath.dirname(sampleInput), 'camera.y4m');
}

/** Nearest rank: the smallest value with at least q·n values at or below it. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export interface Scores {
  clips: number;
  obo: number;
  mae: number;
  exact: number;
  delayP50: number;
  delayP95: number;
  delayMax: number;
  absDelayP95: number;
  onTime400: number;
  /** Signed delay quantiles over counts ≥ 2 only. */
  laterDelayP05: number;
  laterDelayP50: number;
  laterDelayP95: number;
  laterFromMinus400To200: number;
  meanPushMs: number;
}

export function score(outcomes: ClipOutcome[]): Scores {
  const errors = outcomes.map((o) => Math.abs(o.predicted - o.truth.count));
  const delays = outcomes.flatMap((o) => o.delaysMs);
  const later = outcomes.flatMap((o) => o.laterDelaysMs);
  const trueReps = outcomes.reduce((s, o) => s + o.truth.count, 0);
  return {
    clips: outcomes.length,
    obo: errors.filter((e) => e <= 1).length / outcomes.length,
    mae: outcomes.reduce((s, o, i) => s + errors[i] / (o.truth.count + 0.1), 0) / outcomes.length,
    exact: errors.filter((e) => e === 0).length / outcomes.length,
    delayP50: quantile(delays, 0.5),
    delayP95: quantile(delays, 0.95),
    delayMax: Math.max(...delays),
    absDelayP95: quantile(delays.map(Math.abs), 0.95),
    onTime400: delays.filter((d) => Math.abs(d) <= 400).length / trueReps,
    laterDelayP05: quantile(later, 0.05),
    laterDelayP50: quantile(later, 0.5),
    laterDelayP95: quantile(later, 0.95),
    laterFromMinus400To200: later.filter((d) => d <= 200 && d >= -400).length / later.length,
    meanPushMs: outcomes.reduce((s, o) => s + o.pushMs, 0) / outcomes.reduce((s, o) => s + o.frames, 0),
  };
}
