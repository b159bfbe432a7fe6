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
     * The motion has left rest when the frame's distance to the rest embedding exceeds this many times
     * the noise the rest frames show (and at least `minStartDistance`). Distances are 2·(1 − correlation)
     * of per-frame normalised embeddings, so they do not depend on the lighting.
     */
    startNoiseFactor: z.number().positive().default(3),
    minStartDistance: z.number().positive().default(0.012),
    /** A cycle is a repetition only if its farthest frame was at least this far from rest. */
    minPeakDistance: z.number().positive().default(0.03),
    /**
     * … and at least this share of the median peak of the repetitions counted before (amplitudes vary by
     * ±15 % in practice, a fidget between sets reaches a fraction of a squat).
     */
    relativePeakShare: z.number().min(0).max(1).default(0.35),
    /**
     * The cycle closes on the first frame that is this many times closer to rest than to the cycle's
     * farthest frame. A ratio rather than an absolute distance: a distractor elsewhere in the picture
     * adds about the same distance to both, so the decision still follows the dominant motion.
     */
    closureRatio: z.number().positive().max(1).default(0.35),
    /**
     * When something else keeps the picture from coming that close (a ball that wandered off while the
     * person did the repetition), the cycle also closes on the frame where the distance to rest stops
     * falling, if that frame is at most this share of its distance to the peak.
     */
    valleyClosureRatio: z.number().positive().max(1).default(0.75),
    /** Cycles shorter than this are not repetitions (the suite's periods are ≥ 500 ms; a shake is not a rep). */
    minRepMs: z.number().nonnegative().default(300),
    /**
     * An excursion that has not come back after this long is not a repetition (the longest period is 4 s,
     * +8 %): the scene changed, and what is seen now becomes rest.
     */
    maxRepMs: z.number().positive().default(5000),
    /** While at rest the rest embedding follows the picture with this time constant (slow drift, a wandering object). */
    restTimeConstantMs: z.number().positive().default(1500),
    /**
     * Periodicity gate: a cycle after the first is counted only when, sampled at the same phases, it is
     * this similar to the last counted cycle (1 − mean distance between corresponding frames / mean
     * distance from rest). Repetitions repeat; a random movement's excursions go somewhere new each time.
     */
    minCycleSimilarity: z.number().min(-1).max(1).default(0.3),
    /**
     * The first two cycles must be this similar to be counted (both at once, when the second closes):
     * before anything was counted there is no movement to compare with, so the bar is higher.
     */
    firstPairSimilarity: z.number().min(-1).max(1).default(0.35),
    /** … and reach about as far: the smaller peak at least this share of the larger (a shaky start is no repetition). */
    firstPairPeakRatio: z.number().min(0).max(1).default(0.5),
    /**
     * Two cycles are compared phase by phase (each stretched to 0..1, so speed does not matter); a frame
     * is matched with the closest frame of the other cycle within this phase difference, which absorbs
     * the sampling offset of a few frames per cycle.
     */
    phaseTolerance: z.number().min(0).max(0.5).default(0.15),
    /**
     * How fast the distances focus on the cells where counted cycles move (share of the newest cycle pair
     * per counted repetition), and the weight every cell keeps (so a person who steps aside is still seen).
     */
    focusRate: z.number().min(0).max(1).default(0.5),
    focusFloor: z.number().min(0).max(1).default(0.05),
    /** Embeddings kept for the phase comparison (covers a 5 s cycle at 60 fps plus margin). */
    historyFrames: z.number().int().min(16).max(4096).default(400),
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
