// The repetition counter's settings: one zod schema with the defaults and the reason for each value.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';

export const RepetitionCounterConfigSchema = z
  .strictObject({
    /**
     * Cells across × down of the per-frame embedding. 16×12 keeps the 4:3 aspect; a cell is 6 px of a
     * 96 px frame and 20 px of a 320 px one, so a limb moving its own width changes whole cells while a
     * 1 px camera shake only moves each cell's mean by a sixth of an edge's contrast.
     */
    gridWidth: z.number().int().min(2).max(64).default(16),
    gridHeight: z.number().int().min(2).max(64).default(12),
    /**
     * About how many pixels per cell are averaged (a regular sub-grid), so a 320×240 frame costs what a
     * 96×72 one does; 36 samples cut per-pixel noise six-fold, far below what a moving limb changes.
     */
    samplesPerCell: z.number().int().min(1).max(1024).default(36),
    /**
     * Hysteresis on the 1-D signal (the distance of the periodic cells from the rest pose), as shares of the
     * recent cycle amplitude (the median peak of the last counted repetitions): above `enterShare` the body
     * has left rest; a repetition closes on the frame where the signal, below `closeShare`, stops falling
     * (by more than `fallTolerance`): the pose is back where it started.
     */
    enterShare: z.number().min(0).max(1).default(0.5),
    closeShare: z.number().min(0).max(1).default(0.3),
    fallTolerance: z.number().min(0).max(1).default(0.02),
    /** While the signal stays below this share of the amplitude, the rest pose follows the picture (slow drift, lighting). */
    restShare: z.number().min(0).max(1).default(0.15),
    /** A cycle counts only if its farthest pose is within this share of its reach from a pose counted repetitions reached (they repeat). */
    peakMatchRatio: z.number().positive().default(1.2),
    /** Cycles shorter than this, or than `minPeriodShare` of the estimated period, are not repetitions (a shake, a twitch). */
    minRepMs: z.number().nonnegative().default(300),
    minPeriodShare: z.number().min(0).max(1).default(0.2),
    /** … and, once three were counted, than this share of their median (0: off; see docs/perception.md for what it did). */
    minDurationShare: z.number().min(0).max(1).default(0),
    /**
     * An excursion that has not come back after this long is not a repetition (the longest period is 4 s,
     * +8 %): the scene changed, and what is seen now becomes rest.
     */
    maxRepMs: z.number().positive().default(5000),
    /** While at rest the rest pose follows the picture with this time constant. */
    restTimeConstantMs: z.number().positive().default(1500),
    /**
     * Spatial selection by periodicity (periodicity.ts): the embedding is resampled every `periodStepMs`
     * and each cell's autocorrelation is taken over the last `periodWindowMs` at lags
     * `minPeriodMs`..`maxPeriodMs` (the suite's periods are 0.5–4 s, ±8 %). The window holds two to three
     * of the longest periods; a shorter one would not see a slow squat twice.
     */
    periodStepMs: z.number().positive().default(100),
    periodWindowMs: z.number().positive().default(10000),
    minPeriodMs: z.number().positive().default(400),
    maxPeriodMs: z.number().positive().default(4500),
    /**
     * The distances look only at the cells that share the period (each weighted by motion × prominence of
     * its autocorrelation peak, every cell keeping `periodicFloor`) once the window holds `minWindowMs` and
     * the cells agree on one period: the periodic motion is at least `minPeriodicShare` of all motion
     * and at least `minPeriodicEnergy` per dimension. Measured: a figure exercising alone 0.5–1 and
     * 0.04–0.07, with a ball wandering about 0.1–0.2 and 0.017–0.035; a ball wandering alone stays below
     * 0.07 and 0.015 once 4 s are in view (before that, short windows make chance recurrences look periodic).
     */
    minWindowMs: z.number().positive().default(4000),
    minPeriodicShare: z.number().min(0).default(0.09),
    minPeriodicEnergy: z.number().min(0).default(0.012),
    periodicFloor: z.number().min(0).max(1).default(0.05),
    /** Once counting, the weights move towards each new estimate with this time constant (one estimate is noisy; the body does not move cells). */
    weightTimeConstantMs: z.number().positive().default(2000),
    /**
     * … and only when something moves at all: the mean variance per embedding dimension over the window
     * (embeddings have mean square 1) is at least this. A still room's sensor noise and sway stay near
     * 0.0005, a figure exercising reaches 0.02–0.1.
     */
    minMotionEnergy: z.number().min(0).default(0.003),
    /**
     * Frames kept so that, once the cells agree on a period, the repetitions already done can be counted
     * on the periodic cells (back to `replayWindowMs`): covers 40 s at 10 fps.
     */
    historyFrames: z.number().int().min(16).max(4096).default(400),
    replayWindowMs: z.number().positive().default(20000),
  })
  .refine((c) => c.minRepMs < c.maxRepMs, { error: 'minRepMs must be below maxRepMs' });

export type RepetitionCounterConfig = z.infer<typeof RepetitionCounterConfigSchema>;
export type RepetitionCounterConfigInput = z.input<typeof RepetitionCounterConfigSchema>;

export function parseRepetitionCounterConfig(input: unknown): RepetitionCounterConfig {
  const parsed = RepetitionCounterConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new TandemError(
      'CONFIG_INVALID',
      `Invalid repetition counter config: ${z.prettifyError(parsed.error)}`,
      'RepetitionCounter config',
      'Fix the listed fields or leave them out to use the defaults (see main/perception/repetition/config.ts).',
    );
  }
  return parsed.data;
}
