// The online repetition counter: closes each cycle of the dominant motion on the frame it returns to rest, counting it when it repeats the last one.

import { TandemError } from '../../../common/errors';
import type { RepetitionSignal, RgbFrame } from '../../../common/interaction';
import type { RepetitionCount } from '../../../common/perception';
import { parseRepetitionCounterConfig, type RepetitionCounterConfig, type RepetitionCounterConfigInput } from './config';
import { FrameEmbedder, weightedDistance } from './embedding';

type Phase = 'rest' | 'excursion';

/** A closed cycle: its frames' embeddings (n × dims) and where each lies in the cycle (0 = start, 1 = end). */
interface Cycle {
  frames: Float32Array;
  phases: Float64Array;
  startMs: number;
  endMs: number;
  /** Distance of its farthest frame from rest. */
  peakDistance: number;
  /** Per-cell mean squared difference from the rest it started from (where it moved). */
  motionMap: Float64Array;
}

/** How many counted peaks the relative peak threshold looks back on. */
const PEAK_MEMORY = 8;

/**
 * Training-free, class-agnostic, online. Every frame becomes a lighting-free embedding (see
 * embedding.ts); the counter only ever compares embeddings, i.e. reads rows of the temporal
 * self-similarity matrix of the recent frames:
 *
 * - **Rest** is an embedding that follows the picture slowly while nothing moves. A frame farther from
 *   it than a few times the resting noise, and above the valley it came from, starts an **excursion**
 *   (the repetition's start is the valley frame, where the pose turned).
 * - During the excursion the frame farthest from rest is its **peak**. The cycle **closes** on the first
 *   frame that is much closer to rest than to the peak (or one frame after the distance to rest stopped
 *   falling clearly nearer rest than the peak): the picture has come back. That frame is where the
 *   repetition is recognised, so the count comes out with the repetition's end, not one period later as
 *   a period estimate over a window would give it.
 * - **Periodicity gate**: the closed cycle is stretched to phase 0..1 and matched frame by frame with the
 *   last counted cycle (a diagonal of the self-similarity matrix, speed-invariant). Only a cycle that
 *   repeats the last one counts. The first cycle is held until the second repeats it, and both are
 *   reported then: one excursion that came back proves nothing (a randomly wandering ball does that).
 *   Two rejected cycles in a row that repeat each other replace the reference.
 * - A cycle must be long enough, reach far enough (absolutely and relative to the repetitions counted
 *   before) and close within `maxRepMs`; otherwise what is seen becomes the new rest.
 * - Counted cycles teach the distance where to look (per-cell weights from the cells two consecutive
 *   cycles both moved), so a distractor elsewhere stops mattering.
 *
 * Rests produce no count: at rest no frame leaves the rest embedding. Time comes only from the frames'
 * `atMs`, so irregular frame timing and gaps are fine.
 */
export class RepetitionCounter implements RepetitionSignal {
  private readonly config: RepetitionCounterConfig;
  private readonly embedder: FrameEmbedder;
  private readonly dims: number;
  private readonly current: Float32Array;
  private readonly rest: Float32Array;
  private readonly peak: Float32Array;
  /** Ring of recent embeddings and their times, for resampling a closed cycle. */
  private readonly history: Float32Array;
  private readonly historyAtMs: Float64Array;
  private historyNext = 0;
  private historySize = 0;

  private started = false;
  private lastAtMs = 0;
  private phase: Phase = 'rest';
  /** Mean distance of resting frames from the rest embedding (0 until the first rest frame after the first). */
  private restNoise = 0;
  private excursionStartMs = 0;
  private valleyDistance = 0;
  /** The previous frame of the excursion: its distances from rest and from the peak, and its time. */
  private previousFromRest = 0;
  private previousFromPeak = 0;
  private previousAtMs = 0;
  private valleyAtMs = 0;
  private peakDistance = 0;
  private readonly countedPeaks: number[] = [];
  /** The last counted cycle and the last rejected one (null unless the latest cycle was rejected), (frames and phases). */
  private lastCycle: Cycle | null = null;
  private rejectedCycle: Cycle | null = null;
  private counted = 0;
  /** Per-dimension weights of every distance (mean 1): where the counted movement happens. */
  private readonly weights: Float32Array;
  /** Per-cell focus learned from counted cycles (mean 1), and the last counted cycle's motion map. */
  private readonly cellFocus: Float64Array;
  private lastMotionMap: Float64Array | null = null;

  constructor(config?: RepetitionCounterConfigInput) {
    this.config = parseRepetitionCounterConfig(config);
    const { gridWidth, gridHeight, samplesPerCell, historyFrames } = this.config;
    this.embedder = new FrameEmbedder(gridWidth, gridHeight, samplesPerCell);
    this.dims = this.embedder.dimensions;
    this.current = new Float32Array(this.dims);
    this.rest = new Float32Array(this.dims);
    this.peak = new Float32Array(this.dims);
    this.history = new Float32Array(historyFrames * this.dims);
    this.historyAtMs = new Float64Array(historyFrames);
    this.weights = new Float32Array(this.dims).fill(1);
    this.cellFocus = new Float64Array(gridWidth * gridHeight).fill(1);
  }

  get count(): number {
    return this.counted;
  }

  reset(): void {
    this.started = false;
    this.lastAtMs = 0;
    this.phase = 'rest';
    this.restNoise = 0;
    this.excursionStartMs = 0;
    this.valleyDistance = 0;
    this.valleyAtMs = 0;
    this.peakDistance = 0;
    this.countedPeaks.length = 0;
    this.lastCycle = null;
    this.rejectedCycle = null;
    this.counted = 0;
    this.historyNext = 0;
    this.historySize = 0;
    this.weights.fill(1);
    this.cellFocus.fill(1);
    this.lastMotionMap = null;
  }

  push(frame: RgbFrame): RepetitionCount[] {
    this.validate(frame);
    this.embedder.embed(frame.rgb, frame.width, frame.height, this.current);
    const atMs = frame.atMs;
    this.remember(atMs);
    if (!this.started) {
      this.started = true;
      this.lastAtMs = atMs;
      this.restartRest(atMs);
      return [];
    }
    const elapsedMs = atMs - this.lastAtMs;
    const previousAtMs = this.lastAtMs;
    this.lastAtMs = atMs;
    const fromRest = this.distance(this.current, this.rest);

    if (this.phase === 'rest') {
      // The valley: the frame closest to rest since the last cycle closed. A cycle usually closes a frame
      // before the pose is fully back, so the next excursion starts only once the picture moves away from
      // the valley again, and it starts at the valley (where the pose turned).
      if (fromRest < this.valleyDistance) {
        this.valleyDistance = fromRest;
        this.valleyAtMs = atMs;
      }
      const threshold = this.startThreshold();
      if (fromRest > threshold && fromRest > this.valleyDistance + threshold) {
        this.phase = 'excursion';
        this.excursionStartMs = this.valleyAtMs;
        this.peak.set(this.current);
        this.peakDistance = fromRest;
        this.previousFromRest = fromRest;
        this.previousFromPeak = 0;
        this.previousAtMs = atMs;
        return [];
      }
      if (fromRest <= threshold) {
        this.valleyAtMs = atMs;
        // Settled at rest: follow slow changes (a drifting object, a lamp being dimmed) and learn the noise.
        const follow = 1 - Math.exp(-elapsedMs / this.config.restTimeConstantMs);
        for (let i = 0; i < this.dims; i++) this.rest[i] += (this.current[i] - this.rest[i]) * follow;
        // Noise is the smaller of the distance to the previous frame and to rest: a slow drift (a ball
        // wandering through the room) must not raise the threshold until the movement no longer crosses it,
        // and a movement that only passes through rest must not either.
        const noise = Math.min(fromRest, this.distanceToPreviousFrame());
        this.restNoise += (noise - this.restNoise) * (this.restNoise === 0 ? 1 : follow);
      }
      return [];
    }

    if (atMs - this.excursionStartMs > this.config.maxRepMs) {
      // Never came back: not a repetition.
      this.restartRest(atMs);
      return [];
    }
    if (fromRest > this.peakDistance) {
      this.peak.set(this.current);
      this.peakDistance = fromRest;
    }
    const fromPeak = this.distance(this.current, this.peak);
    const longEnough = (endMs: number) => endMs - this.excursionStartMs >= this.config.minRepMs;
    // Back at rest: much closer to rest than to the peak (recognised on the frame itself, usually a frame
    // before the pose is fully back). Or, when something else in the picture keeps the frame from getting
    // that close, the previous frame was the closest the picture came back and it was clearly nearer rest
    // than the peak (recognised one frame later; the repetition ended on the previous frame).
    let endMs: number | null = null;
    let endFromRest = fromRest;
    if (fromRest <= this.config.closureRatio * fromPeak && longEnough(atMs)) {
      endMs = atMs;
    } else if (
      this.previousFromRest < fromRest &&
      this.previousFromRest <= this.config.valleyClosureRatio * this.previousFromPeak &&
      this.previousAtMs > this.excursionStartMs &&
      longEnough(this.previousAtMs)
    ) {
      endMs = this.previousAtMs;
      endFromRest = this.previousFromRest;
    }
    if (endMs === null) {
      this.previousFromRest = fromRest;
      this.previousFromPeak = fromPeak;
      this.previousAtMs = atMs;
      return [];
    }

    const result: RepetitionCount[] = [];
    if (this.peakDistance >= this.requiredPeak()) {
      const cycle = this.captureCycle(this.excursionStartMs, endMs);
      if (this.lastCycle === null) {
        // Nothing counted yet: one excursion that came back proves nothing (a ball wandering at random does
        // that), so the first cycle counts only when the next one repeats it; both are reported then.
        const pending = this.rejectedCycle;
        const similarity = pending === null ? null : this.cycleSimilarity(cycle, pending);
        const alike =
          pending !== null &&
          similarity !== null &&
          similarity >= this.config.firstPairSimilarity &&
          Math.min(pending.peakDistance, cycle.peakDistance) >= this.config.firstPairPeakRatio * Math.max(pending.peakDistance, cycle.peakDistance);
        if (pending !== null && similarity !== null && alike) {
          result.push(this.accept(pending, similarity, atMs), this.accept(cycle, similarity, atMs));
        } else {
          this.rejectedCycle = cycle;
        }
      } else {
        let similarity = this.cycleSimilarity(cycle, this.lastCycle);
        let accepted = similarity >= this.config.minCycleSimilarity;
        if (!accepted && this.rejectedCycle !== null) {
          // Two rejected cycles in a row that repeat each other: they are the movement now.
          similarity = this.cycleSimilarity(cycle, this.rejectedCycle);
          accepted = similarity >= this.config.minCycleSimilarity;
        }
        if (accepted) result.push(this.accept(cycle, similarity, atMs));
        else this.rejectedCycle = cycle;
      }
    }
    this.closeCycle(endFromRest, endMs);
    return result;
  }

  private accept(cycle: Cycle, similarity: number, detectedAtMs: number): RepetitionCount {
    this.counted++;
    this.lastCycle = cycle;
    this.rejectedCycle = null;
    this.learnFocus(cycle);
    this.countedPeaks.push(cycle.peakDistance);
    if (this.countedPeaks.length > PEAK_MEMORY) this.countedPeaks.shift();
    return {
      count: this.counted,
      repStartMs: cycle.startMs,
      repEndMs: cycle.endMs,
      detectedAtMs,
      periodMs: cycle.endMs - cycle.startMs,
      confidence: Math.max(0, Math.min(1, similarity)),
    };
  }

  private distance(a: Float32Array, b: Float32Array): number {
    return weightedDistance(a, b, this.weights);
  }

  /**
   * Moves the weights towards the cells where the counted movement happens. A cycle's motion map is
   * each cell's mean squared difference from rest over the cycle; the geometric mean of two consecutive
   * counted cycles' maps keeps what both share (the exercising limbs) and drops what only one has (a ball
   * that wandered through), so a distractor loses its say in every later distance.
   */
  private learnFocus(cycle: Cycle): void {
    const cells = this.cellFocus.length;
    const map = cycle.motionMap;
    const previous = this.lastMotionMap;
    this.lastMotionMap = map;
    if (previous === null) return;
    const shared = new Float64Array(cells);
    let total = 0;
    for (let c = 0; c < cells; c++) {
      shared[c] = Math.sqrt(map[c] * previous[c]);
      total += shared[c];
    }
    if (total <= 0) return;
    const { focusRate, focusFloor } = this.config;
    let focusTotal = 0;
    for (let c = 0; c < cells; c++) {
      this.cellFocus[c] += ((shared[c] * cells) / total - this.cellFocus[c]) * focusRate;
      focusTotal += this.cellFocus[c];
    }
    for (let c = 0; c < cells; c++) {
      const weight = focusFloor + (1 - focusFloor) * ((this.cellFocus[c] * cells) / focusTotal);
      this.weights[c * 3] = weight;
      this.weights[c * 3 + 1] = weight;
      this.weights[c * 3 + 2] = weight;
    }
  }

  private motionMapOf(frames: Float32Array, count: number): Float64Array {
    const cells = this.cellFocus.length;
    const map = new Float64Array(cells);
    for (let f = 0; f < count; f++) {
      const base = f * this.dims;
      for (let c = 0; c < cells; c++) {
        let sum = 0;
        for (let ch = 0; ch < 3; ch++) {
          const d = frames[base + c * 3 + ch] - this.rest[c * 3 + ch];
          sum += d * d;
        }
        map[c] += sum / Math.max(1, count);
      }
    }
    return map;
  }

  /** Back to waiting for the next excursion from the same rest; the current frame is the valley so far. */
  private closeCycle(fromRest: number, atMs: number): void {
    this.phase = 'rest';
    this.valleyDistance = fromRest;
    this.valleyAtMs = atMs;
  }

  /** The scene changed for good (an excursion that never came back): what is seen now is the new rest. */
  private restartRest(atMs: number): void {
    this.phase = 'rest';
    this.rest.set(this.current);
    this.valleyDistance = 0;
    this.valleyAtMs = atMs;
  }

  private distanceToPreviousFrame(): number {
    const { historyFrames } = this.config;
    const slot = (this.historyNext - 2 + 2 * historyFrames) % historyFrames;
    return weightedDistance(this.current, this.history.subarray(slot * this.dims, (slot + 1) * this.dims), this.weights);
  }

  private startThreshold(): number {
    return Math.max(this.config.minStartDistance, this.config.startNoiseFactor * this.restNoise);
  }

  private requiredPeak(): number {
    let needed = Math.max(this.config.minPeakDistance, this.startThreshold());
    if (this.countedPeaks.length > 0) {
      const sorted = [...this.countedPeaks].sort((a, b) => a - b);
      needed = Math.max(needed, this.config.relativePeakShare * sorted[sorted.length >> 1]);
    }
    return needed;
  }

  private remember(atMs: number): void {
    this.history.set(this.current, this.historyNext * this.dims);
    this.historyAtMs[this.historyNext] = atMs;
    this.historyNext = (this.historyNext + 1) % this.config.historyFrames;
    this.historySize = Math.min(this.historySize + 1, this.config.historyFrames);
  }

  /** The cycle's frames (copies from the history) and the phase of each in [fromMs, toMs], 0..1. */
  private captureCycle(fromMs: number, toMs: number): Cycle {
    const { historyFrames } = this.config;
    const slots: number[] = [];
    for (let back = 1; back <= this.historySize; back++) {
      const slot = (this.historyNext - back + historyFrames) % historyFrames;
      if (this.historyAtMs[slot] < fromMs) break;
      slots.push(slot);
    }
    slots.reverse();
    const frames = new Float32Array(slots.length * this.dims);
    const phases = new Float64Array(slots.length);
    const span = Math.max(1e-9, toMs - fromMs);
    slots.forEach((slot, i) => {
      frames.set(this.history.subarray(slot * this.dims, (slot + 1) * this.dims), i * this.dims);
      phases[i] = (this.historyAtMs[slot] - fromMs) / span;
    });
    return { frames, phases, startMs: fromMs, endMs: toMs, peakDistance: this.peakDistance, motionMap: this.motionMapOf(frames, slots.length) };
  }

  /**
   * How well cycle `a` repeats cycle `b`: for each frame of `a`, the closest frame of `b` at about the same
   * phase (± phaseTolerance, so a frame or two of sampling offset and an uneven speed inside the cycle do
   * not matter), as 1 − mean of those distances / mean distance of `a`'s frames from rest. 1: the same
   * movement; about 0 or below: something else.
   */
  private cycleSimilarity(a: Cycle, b: Cycle): number {
    const tolerance = this.config.phaseTolerance;
    let between = 0;
    let spread = 0;
    const n = a.phases.length;
    for (let i = 0; i < n; i++) {
      const fa = a.frames.subarray(i * this.dims, (i + 1) * this.dims);
      let best = Infinity;
      let nearest = -1;
      let nearestGap = Infinity;
      for (let j = 0; j < b.phases.length; j++) {
        const gap = Math.abs(b.phases[j] - a.phases[i]);
        if (gap < nearestGap) {
          nearestGap = gap;
          nearest = j;
        }
        if (gap <= tolerance) best = Math.min(best, this.distance(fa, b.frames.subarray(j * this.dims, (j + 1) * this.dims)));
      }
      if (best === Infinity && nearest >= 0) best = this.distance(fa, b.frames.subarray(nearest * this.dims, (nearest + 1) * this.dims));
      between += best;
      spread += this.distance(fa, this.rest);
    }
    return spread <= 0 || n === 0 ? 0 : 1 - between / spread;
  }

  /** Throws on a frame that cannot be a camera frame; nothing is changed before the checks pass. */
  private validate(frame: RgbFrame): void {
    const where = `camera frame ${String(frame?.frameIndex)} given to the repetition counter`;
    const fail = (what: string, hint: string): never => {
      throw new TandemError('MEDIA_INVALID', what, where, hint);
    };
    if (frame === null || typeof frame !== 'object') fail('The frame is missing', 'Pass an RgbFrame { rgb, width, height, atMs, frameIndex }.');
    const { rgb, width, height, atMs } = frame;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      fail(`Frame size ${String(width)}×${String(height)} is not a positive whole number of pixels`, 'Pass the real pixel width and height of the frame.');
    }
    if (!(rgb instanceof Uint8Array)) fail('Frame pixels are not a Uint8Array', 'Pass packed RGB bytes as a Uint8Array (a Buffer works too).');
    const expected = width * height * 3;
    if (rgb.length !== expected) {
      fail(
        `Frame has ${rgb.length} bytes, expected ${expected} for ${width}×${height} RGB${rgb.length === width * height * 4 ? ' (the size of RGBA)' : ''}`,
        'Pass tightly packed RGB, 3 bytes per pixel with no row padding, at the size it was captured.',
      );
    }
    if (typeof atMs !== 'number' || !Number.isFinite(atMs)) fail(`Frame time atMs=${String(atMs)} is not a finite number`, 'Pass the capture time in ms.');
    if (this.started && atMs < this.lastAtMs) {
      fail(
        `Frame time ${atMs} ms is before the previous frame's ${this.lastAtMs} ms`,
        'Push camera frames in capture order; call reset() first to start counting over on another clock.',
      );
    }
  }
}
