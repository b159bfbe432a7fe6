// The online repetition counter: finds the cells that move with one shared period, then counts the returns of those cells to their rest pose.

import { TandemError } from '../../../common/errors';
import type { RepetitionSignal, RgbFrame } from '../../../common/interaction';
import type { RepetitionCount } from '../../../common/perception';
import { parseRepetitionCounterConfig, type RepetitionCounterConfig, type RepetitionCounterConfigInput } from './config';
import { FrameEmbedder, weightedDistance } from './embedding';
import { PeriodicityTracker } from './periodicity';

/** How many counted peaks the amplitude looks back on. */
const PEAK_MEMORY = 5;

/** A closed excursion of the 1-D signal: from the valley it left to the valley it came back to. */
interface Cycle {
  startMs: number;
  endMs: number;
}

/**
 * Training-free, class-agnostic, online, in two steps:
 *
 * 1. **Where to look** (periodicity.ts): every frame becomes a lighting-free embedding (a 16×12 colour
 *    grid, see embedding.ts), resampled on a uniform 100 ms time base; over a sliding 10 s window each
 *    cell's autocorrelation over lags 0.4–4.5 s is kept up to date. The cells of the exercising body
 *    share one strong peak at the period; a wandering or passing object and noise do not. Cells are
 *    weighted by motion energy × the prominence of their peak at the shared period.
 * 2. **Counting**: the 1-D signal is the weighted distance of the frame from the rest pose, which in
 *    practice only sees the periodic cells. A repetition is an excursion of that signal above half the
 *    recent cycle amplitude (median peak of the last five) that comes back below `closeShare` of it; it
 *    closes on the frame where the signal stops falling (the pose is back at rest), so it is reported one
 *    frame after the repetition's end, and the pose it came back to becomes the rest. It counts only if
 *    its farthest pose is near one the counted repetitions reached (a ball crossing the exercising cells
 *    goes elsewhere). Rests keep the signal low: no count. Speed changes: the period and the weights are
 *    estimated again on every frame, and the weights follow with a 2 s time constant.
 *
 * Nothing is counted before the cells agree on a period (a randomly wandering ball never makes them
 * agree; 4 s of frames at least). From then on, until two repetitions are counted, the kept frames since
 * counting started (up to `replayWindowMs`) are run through step 2 with the newest weights on every frame,
 * and the repetitions found beyond those already reported come out at once; after that, each repetition
 * is reported when it ends. An excursion that does not come back within `maxRepMs` re-anchors the rest
 * on the recent pose nearest the old one. Time comes only from the frames' `atMs`, so irregular frame
 * timing and gaps are fine; no randomness, no wall clock.
 */
export class RepetitionCounter implements RepetitionSignal {
  private readonly config: RepetitionCounterConfig;
  private readonly embedder: FrameEmbedder;
  private readonly dims: number;
  private readonly current: Float32Array;
  private readonly periodicity: PeriodicityTracker;
  /** Ring of recent embeddings and their times, replayed when the periodic cells are first found. */
  private readonly history: Float32Array;
  private readonly historyAtMs: Float64Array;
  private historyNext = 0;
  private historySize = 0;
  /** The first frame since counting started: the pose the user stood in when asking to count. */
  private readonly firstFrame: Float32Array;

  private started = false;
  private lastAtMs = 0;
  private counted = 0;
  /** Whether the cells have agreed on a period (counting proper runs only then). */
  private locked = false;
  private periodMs = 0;
  private strength = 0;
  /** Per-dimension weights of the distance (mean 1): the periodic cells. */
  private readonly weights: Float32Array;

  // The excursion detector on the 1-D signal.
  private readonly rest: Float32Array;
  private high = false;
  private previousSignal = 0;
  private previousAtMs = 0;
  private valleySignal = Infinity;
  private valleyAtMs = 0;
  private excursionStartMs = 0;
  private peakSignal = 0;
  private readonly peak: Float32Array;
  private readonly previousEmbedding: Float32Array;
  /** Peak embeddings of the last counted repetitions, so the amplitude can be measured again when the weights change. */
  private readonly peaks: Float32Array[] = [];
  private amplitude = 0;
  private lastEndMs = -Infinity;
  /** Durations of the last counted repetitions. */
  private readonly durations: number[] = [];

  constructor(config?: RepetitionCounterConfigInput) {
    this.config = parseRepetitionCounterConfig(config);
    const { gridWidth, gridHeight, samplesPerCell, historyFrames } = this.config;
    this.embedder = new FrameEmbedder(gridWidth, gridHeight, samplesPerCell);
    this.dims = this.embedder.dimensions;
    this.current = new Float32Array(this.dims);
    this.history = new Float32Array(historyFrames * this.dims);
    this.historyAtMs = new Float64Array(historyFrames);
    this.firstFrame = new Float32Array(this.dims);
    this.weights = new Float32Array(this.dims).fill(1);
    this.rest = new Float32Array(this.dims);
    this.peak = new Float32Array(this.dims);
    this.previousEmbedding = new Float32Array(this.dims);
    this.periodicity = new PeriodicityTracker({
      cells: gridWidth * gridHeight,
      stepMs: this.config.periodStepMs,
      windowMs: this.config.periodWindowMs,
      minWindowMs: this.config.minWindowMs,
      minLagMs: this.config.minPeriodMs,
      maxLagMs: this.config.maxPeriodMs,
    });
  }

  get count(): number {
    return this.counted;
  }

  reset(): void {
    this.started = false;
    this.lastAtMs = 0;
    this.counted = 0;
    this.locked = false;
    this.periodMs = 0;
    this.strength = 0;
    this.weights.fill(1);
    this.historyNext = 0;
    this.historySize = 0;
    this.periodicity.reset();
    this.resetDetector();
  }

  push(frame: RgbFrame): RepetitionCount[] {
    this.validate(frame);
    this.embedder.embed(frame.rgb, frame.width, frame.height, this.current);
    const atMs = frame.atMs;
    this.remember(atMs);
    this.periodicity.push(this.current, atMs);
    if (!this.started) {
      this.started = true;
      this.lastAtMs = atMs;
      this.firstFrame.set(this.current);
      return [];
    }
    const elapsedMs = atMs - this.lastAtMs;
    this.lastAtMs = atMs;

    if (!this.locked) {
      // Until two repetitions are counted, the weights follow every new estimate and the kept frames are
      // counted again with them; only repetitions beyond those already reported come out.
      if (!this.refreshWeights()) {
        if (this.counted === 0 || this.amplitude <= 0) return [];
      } else {
        const cycles = this.replay(atMs);
        const fresh = cycles.slice(this.counted).map((cycle) => this.accept(cycle, atMs));
        if (this.counted >= 2) this.locked = true;
        return fresh;
      }
    }
    // The period and the periodic cells are estimated again on every frame (speed changes, a distractor
    // coming and going); between estimates that agree, the weights stay.
    this.refreshWeights(1 - Math.exp(-elapsedMs / this.config.weightTimeConstantMs));
    const cycle = this.step(this.current, atMs);
    if (cycle === null) return [];
    this.notePeak();
    return [this.accept(cycle, atMs)];
  }

  /** Takes the newest period estimate if the cells agree strongly enough; returns whether they did. */
  private refreshWeights(followShare = 1): boolean {
    const estimate = this.periodicity.estimate();
    const { minPeriodicShare, minPeriodicEnergy, minMotionEnergy } = this.config;
    if (estimate === null || estimate.share < minPeriodicShare || estimate.periodicEnergy < minPeriodicEnergy || estimate.energy < minMotionEnergy) {
      return false;
    }
    const w = estimate.cellWeights;
    const cells = w.length;
    let total = 0;
    for (let c = 0; c < cells; c++) total += w[c];
    if (total <= 0) return false;
    this.periodMs = estimate.periodMs;
    this.strength = estimate.share;
    const floor = this.config.periodicFloor;
    for (let c = 0; c < cells; c++) {
      const target = floor + (1 - floor) * ((w[c] * cells) / total);
      const weight = this.weights[c * 3] + (target - this.weights[c * 3]) * followShare;
      this.weights[c * 3] = weight;
      this.weights[c * 3 + 1] = weight;
      this.weights[c * 3 + 2] = weight;
    }
    this.measureAmplitude();
    return true;
  }

  /** The median distance of the last counted peaks from rest, under the current weights. */
  private measureAmplitude(): void {
    if (this.peaks.length === 0) return;
    const values = this.peaks.map((p) => this.signal(p)).sort((a, b) => a - b);
    this.amplitude = values[values.length >> 1];
  }

  /**
   * Runs the excursion detector over the kept frames (back to `replayWindowMs`) from the pose counting
   * started in; the amplitude to start with is the 90th percentile of the signal over those frames (the
   * repetitions' peaks, whatever share of the time was spent resting).
   */
  private replay(nowMs: number): Cycle[] {
    this.resetDetector();
    this.rest.set(this.firstFrame);
    const slots = this.historySlots(nowMs - this.config.replayWindowMs);
    const values = slots.map((slot) => this.signal(this.history.subarray(slot * this.dims, (slot + 1) * this.dims))).sort((a, b) => a - b);
    this.amplitude = values[Math.min(values.length - 1, Math.floor(values.length * 0.9))];
    const cycles: Cycle[] = [];
    for (const slot of slots) {
      const cycle = this.step(this.history.subarray(slot * this.dims, (slot + 1) * this.dims), this.historyAtMs[slot]);
      if (cycle !== null) {
        cycles.push(cycle);
        this.notePeak();
      }
    }
    return cycles;
  }

  /**
   * A cycle shorter than this is a dip inside a repetition, not one: a share of the median of the last
   * three repetitions once there are, else of the estimated period (which can be a multiple of the true
   * one, hence a small share).
   */
  private shortestRepMs(periodShare: number): number {
    if (this.durations.length >= 3) {
      const sorted = [...this.durations].sort((a, b) => a - b);
      return this.config.minDurationShare * sorted[1];
    }
    return periodShare * this.periodMs;
  }

  /** One frame through the excursion detector; returns the repetition it closes, if any. */
  private step(embedding: Float32Array, atMs: number): Cycle | null {
    const { enterShare, closeShare, fallTolerance, restShare, maxRepMs, minRepMs, minPeriodShare, restTimeConstantMs } = this.config;
    const s = this.signal(embedding);
    const amplitude = this.amplitude;
    let closed: Cycle | null = null;
    if (!this.high) {
      if (s < this.valleySignal) {
        this.valleySignal = s;
        this.valleyAtMs = atMs;
      }
      if (amplitude > 0 && s > enterShare * amplitude) {
        this.high = true;
        this.excursionStartMs = this.valleyAtMs;
        this.peakSignal = s;
        this.peak.set(embedding);
      } else if (s < restShare * amplitude) {
        // Settled at rest: the rest pose follows slow changes (sway, a lamp dimmed).
        const follow = 1 - Math.exp(-(atMs - this.previousAtMs) / restTimeConstantMs);
        for (let i = 0; i < this.dims; i++) this.rest[i] += (embedding[i] - this.rest[i]) * follow;
      }
    } else if (atMs - this.excursionStartMs > maxRepMs) {
      // Never came back: not a repetition, and the rest pose was wrong (the person moved, the weights
      // changed). The new rest is the recent pose closest to the old one.
      this.high = false;
      this.rest.set(this.closestRecentPose(atMs - maxRepMs, atMs));
      this.valleySignal = this.signal(embedding);
      this.valleyAtMs = atMs;
    } else {
      if (s > this.peakSignal) {
        this.peakSignal = s;
        this.peak.set(embedding);
      }
      // Back at rest: the previous frame was below closeShare and the signal stopped falling there.
      if (this.previousSignal < closeShare * amplitude && s >= this.previousSignal - fallTolerance * amplitude) {
        const endMs = this.previousAtMs;
        this.high = false;
        // The pose the repetition came back to is the rest from now on (sway, drift, a changed stance).
        for (let i = 0; i < this.dims; i++) this.rest[i] += (this.previousEmbedding[i] - this.rest[i]) * 0.5;
        this.valleySignal = Math.min(this.previousSignal, s);
        this.valleyAtMs = s < this.previousSignal ? atMs : endMs;
        const durationMs = endMs - this.excursionStartMs;
        if (durationMs >= minRepMs && durationMs >= this.shortestRepMs(minPeriodShare) && endMs > this.lastEndMs && this.peakRepeats()) {
          closed = { startMs: this.excursionStartMs, endMs };
          this.lastEndMs = endMs;
          this.durations.push(durationMs);
          if (this.durations.length > 3) this.durations.shift();
        }
      }
    }
    this.previousSignal = s;
    this.previousAtMs = atMs;
    this.previousEmbedding.set(embedding);
    return closed;
  }

  /**
   * Whether the excursion's farthest pose is one the counted repetitions reached before (within
   * `peakMatchRatio` of its distance from rest): a ball crossing the exercising cells, or a step aside,
   * goes somewhere else. With no counted peak yet there is nothing to compare with.
   */
  private peakRepeats(): boolean {
    if (this.peaks.length === 0) return true;
    const reach = this.signal(this.peak);
    let nearest = Infinity;
    for (const p of this.peaks) nearest = Math.min(nearest, Math.sqrt(weightedDistance(this.peak, p, this.weights)));
    return nearest <= this.config.peakMatchRatio * reach;
  }

  /** Remembers the closed cycle's peak; the amplitude is the median of the recent ones. */
  private notePeak(): void {
    this.peaks.push(this.peak.slice());
    if (this.peaks.length > PEAK_MEMORY) this.peaks.shift();
    this.measureAmplitude();
  }

  private accept(cycle: Cycle, detectedAtMs: number): RepetitionCount {
    this.counted++;
    return {
      count: this.counted,
      repStartMs: cycle.startMs,
      repEndMs: cycle.endMs,
      detectedAtMs,
      periodMs: cycle.endMs - cycle.startMs,
      confidence: Math.max(0, Math.min(1, this.strength)),
    };
  }

  /** The 1-D signal: root of the weighted mean squared difference from the rest pose. */
  private signal(embedding: Float32Array): number {
    return Math.sqrt(weightedDistance(embedding, this.rest, this.weights));
  }

  private resetDetector(): void {
    this.high = false;
    this.previousSignal = 0;
    this.previousAtMs = 0;
    this.valleySignal = Infinity;
    this.valleyAtMs = 0;
    this.excursionStartMs = 0;
    this.peakSignal = 0;
    this.peaks.length = 0;
    this.amplitude = 0;
    this.lastEndMs = -Infinity;
    this.durations.length = 0;
  }

  private remember(atMs: number): void {
    this.history.set(this.current, this.historyNext * this.dims);
    this.historyAtMs[this.historyNext] = atMs;
    this.historyNext = (this.historyNext + 1) % this.config.historyFrames;
    this.historySize = Math.min(this.historySize + 1, this.config.historyFrames);
  }

  /** The kept frame in [fromMs, toMs] nearest the rest pose under the current weights. */
  private closestRecentPose(fromMs: number, toMs: number): Float32Array {
    let best: Float32Array = this.rest;
    let bestSignal = Infinity;
    for (const slot of this.historySlots(fromMs)) {
      if (this.historyAtMs[slot] > toMs) break;
      const frame = this.history.subarray(slot * this.dims, (slot + 1) * this.dims);
      const s = this.signal(frame);
      if (s < bestSignal) {
        bestSignal = s;
        best = frame;
      }
    }
    return best.slice();
  }

  /** Slots of the kept frames at or after fromMs, oldest first. */
  private historySlots(fromMs: number): number[] {
    const { historyFrames } = this.config;
    const slots: number[] = [];
    for (let back = 1; back <= this.historySize; back++) {
      const slot = (this.historyNext - back + historyFrames) % historyFrames;
      if (this.historyAtMs[slot] < fromMs) break;
      slots.push(slot);
    }
    return slots.reverse();
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
