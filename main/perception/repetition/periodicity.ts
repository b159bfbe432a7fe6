// Spatial selection by periodicity: per-cell autocorrelation of the embedding over a sliding window, telling which cells move with one shared period.

/** A cell votes for a lag only with a peak this prominent (a periodic cell's is about 1–1.5: from below 0 back up near 1). */
const MIN_VOTING_PROMINENCE = 0.5;

/** Settings of the tracker (see config.ts for the reasons behind the defaults). */
export interface PeriodicityOptions {
  /** Cells of the embedding grid; the embedding has 3 values (colour channels) per cell. */
  cells: number;
  /** The uniform time base the irregular frames are resampled on. */
  stepMs: number;
  /** Length of the sliding window the autocorrelation is taken over. */
  windowMs: number;
  /** No estimate before the window holds this much (a few seconds of a wandering object can look periodic). */
  minWindowMs: number;
  /** Range of periods looked for. */
  minLagMs: number;
  maxLagMs: number;
}

/** What the window shows: the shared period, how strongly the cells agree on it, and each cell's share. */
export interface PeriodicityEstimate {
  periodMs: number;
  /** The vote at the period over the total motion (the share of all motion that is periodic at it), about 0..1.5. */
  share: number;
  /** Σ cellWeights per embedding dimension: how much periodic motion there is. */
  periodicEnergy: number;
  /** Mean variance per embedding dimension over the window: how much moves at all (embeddings have mean square 1). */
  energy: number;
  /** Per cell: motion energy × prominence of its autocorrelation peak at the shared period (≥ 0; not normalised). */
  cellWeights: Float64Array;
}

/**
 * Keeps running sums over the window so that a new sample costs dims × lags multiply-adds, whatever the
 * window length: Σx, Σx² per dimension and Σ x(t)·x(t−L) per dimension and lag. The autocorrelation of a
 * cell is the sum over its three channels of the lagged covariance divided by the sum of their variances.
 *
 * Why per cell and why the prominence of a peak: a cell the exercising body passes through shows one
 * strong peak at the period (the autocorrelation falls below zero half a period in and comes back), a
 * cell a drifting or wandering object crosses shows a slowly falling curve (a trend, no peak), noise
 * shows small wiggles. Summing the peaks of all cells, weighted by how much each moves, makes the cells
 * vote on one period; the cells whose own peak sits at that period are the ones to count on.
 */
export class PeriodicityTracker {
  private readonly dims: number;
  private readonly windowSamples: number;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly lags: number;
  /** Ring of resampled embeddings; long enough to hold the window and the largest lag behind it. */
  private readonly ring: Float32Array;
  private readonly ringSamples: number;
  /** Total samples ever written (the index of the next one). */
  private written = 0;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;
  /** Σ x(t)·x(t−L), laid out [lag − minLag][dim]. */
  private readonly lagged: Float64Array;
  /** Pairs in each lag's sum (fewer than the window while the history is short). */
  private readonly pairs: Float64Array;
  private readonly previous: Float32Array;
  private readonly sample: Float32Array;
  private previousAtMs = 0;
  private nextGridMs = 0;
  private started = false;
  private readonly autocorrelation: Float64Array;
  private readonly variance: Float64Array;
  private readonly prominences: Float64Array;

  constructor(private readonly options: PeriodicityOptions) {
    this.dims = options.cells * 3;
    this.windowSamples = Math.max(4, Math.round(options.windowMs / options.stepMs));
    this.minLag = Math.max(1, Math.round(options.minLagMs / options.stepMs));
    this.maxLag = Math.max(this.minLag + 1, Math.round(options.maxLagMs / options.stepMs));
    this.lags = this.maxLag - this.minLag + 1;
    this.ringSamples = this.windowSamples + this.maxLag + 1;
    this.ring = new Float32Array(this.ringSamples * this.dims);
    this.sum = new Float64Array(this.dims);
    this.sumSquares = new Float64Array(this.dims);
    this.lagged = new Float64Array(this.dims * this.lags);
    this.pairs = new Float64Array(this.lags);
    this.previous = new Float32Array(this.dims);
    this.sample = new Float32Array(this.dims);
    this.autocorrelation = new Float64Array(options.cells * this.lags);
    this.variance = new Float64Array(options.cells);
    this.prominences = new Float64Array(options.cells * this.lags);
  }

  reset(): void {
    this.written = 0;
    this.sum.fill(0);
    this.sumSquares.fill(0);
    this.lagged.fill(0);
    this.pairs.fill(0);
    this.started = false;
  }

  /** Adds a frame's embedding at its capture time; the grid samples between the previous frame and this one are interpolated. */
  push(embedding: Float32Array, atMs: number): void {
    if (!this.started || atMs - this.previousAtMs > this.options.windowMs) {
      // A gap longer than the window: what came before says nothing about now.
      this.reset();
      this.started = true;
      this.previous.set(embedding);
      this.previousAtMs = atMs;
      this.nextGridMs = atMs + this.options.stepMs;
      this.add(embedding);
      return;
    }
    const spanMs = atMs - this.previousAtMs;
    while (this.nextGridMs <= atMs) {
      const share = spanMs <= 0 ? 1 : (this.nextGridMs - this.previousAtMs) / spanMs;
      for (let i = 0; i < this.dims; i++) this.sample[i] = this.previous[i] + (embedding[i] - this.previous[i]) * share;
      this.add(this.sample);
      this.nextGridMs += this.options.stepMs;
    }
    this.previous.set(embedding);
    this.previousAtMs = atMs;
  }

  /**
   * The period the cells agree on, or null while the window is shorter than two of the shortest periods.
   * Lags longer than half the window are not considered (a peak needs two cycles in view).
   */
  estimate(): PeriodicityEstimate | null {
    const n = Math.min(this.written, this.windowSamples);
    if (n * this.options.stepMs < this.options.minWindowMs) return null;
    const maxLag = Math.min(this.maxLag, Math.floor(n / 2));
    if (maxLag < this.minLag + 1) return null;
    const { cells } = this.options;
    const usable = maxLag - this.minLag + 1;
    let totalVariance = 0;
    this.autocorrelation.fill(0);
    for (let c = 0; c < cells; c++) {
      let variance = 0;
      for (let ch = 0; ch < 3; ch++) {
        const d = c * 3 + ch;
        const mean = this.sum[d] / n;
        variance += this.sumSquares[d] / n - mean * mean;
        for (let li = 0; li < usable; li++) {
          const p = this.pairs[li];
          this.autocorrelation[c * this.lags + li] += p > 0 ? this.lagged[li * this.dims + d] / p - mean * mean : 0;
        }
      }
      variance = Math.max(0, variance);
      this.variance[c] = variance;
      totalVariance += variance;
      const scale = variance > 1e-9 ? 1 / variance : 0;
      for (let li = 0; li < usable; li++) this.autocorrelation[c * this.lags + li] *= scale;
    }
    if (totalVariance <= 1e-9) return null;
    // The vote: per lag, the energy-weighted prominence of each cell's local peaks there.
    const votes = new Float64Array(usable);
    const prominences = this.prominences;
    for (let c = 0; c < cells; c++) {
      const v = this.variance[c];
      if (v <= 0) continue;
      this.cellProminences(c, usable);
      for (let li = 0; li < usable; li++) {
        // Only clear peaks vote: a noisy or wandering cell's small wiggles would otherwise add up.
        const p = prominences[c * this.lags + li];
        if (p >= MIN_VOTING_PROMINENCE) votes[li] += v * p;
      }
    }
    let best = 0;
    for (let li = 1; li < usable; li++) if (votes[li] > votes[best]) best = li;
    if (votes[best] <= 0) return null;
    // Whole multiples of the period score about as high as the period itself: take the shortest lag that
    // is a local maximum of the vote and nearly as high as the best.
    for (let li = 0; li < best; li++) {
      const isPeak = (li === 0 || votes[li] >= votes[li - 1]) && votes[li] >= votes[li + 1];
      if (isPeak && votes[li] >= 0.85 * votes[best]) {
        best = li;
        break;
      }
    }
    const cellWeights = new Float64Array(cells);
    let periodicMass = 0;
    for (let c = 0; c < cells; c++) {
      // A cell's own peak may sit a step or two off the shared one (the period varies by ±8 % per repetition).
      let p = 0;
      for (let li = Math.max(0, best - 2); li <= Math.min(usable - 1, best + 2); li++) p = Math.max(p, prominences[c * this.lags + li]);
      cellWeights[c] = p >= MIN_VOTING_PROMINENCE ? this.variance[c] * p : 0;
      periodicMass += cellWeights[c];
    }
    return {
      periodMs: (best + this.minLag) * this.options.stepMs,
      share: votes[best] / totalVariance,
      periodicEnergy: periodicMass / this.dims,
      energy: totalVariance / this.dims,
      cellWeights,
    };
  }

  /**
   * Per lag of cell c: how far the autocorrelation rises above the lowest point before it, where it is a
   * local maximum with a positive value; 0 elsewhere. A falling curve (a trend) has no such rise.
   */
  private cellProminences(c: number, usable: number): void {
    const r = this.autocorrelation;
    const base = c * this.lags;
    let trough = r[base];
    this.prominences[base] = 0;
    for (let li = 1; li < usable; li++) {
      const value = r[base + li];
      const isPeak = value > 0 && r[base + li - 1] <= value && (li + 1 >= usable || r[base + li + 1] <= value);
      this.prominences[base + li] = isPeak ? value - Math.min(trough, value) : 0;
      trough = Math.min(trough, value);
    }
  }

  private add(x: Float32Array): void {
    const { dims, lags, minLag, ringSamples, windowSamples } = this;
    const t = this.written;
    const slot = t % ringSamples;
    this.ring.set(x, slot * dims);
    for (let d = 0; d < dims; d++) {
      const v = x[d];
      this.sum[d] += v;
      this.sumSquares[d] += v * v;
    }
    for (let li = 0; li < lags; li++) {
      const back = t - (li + minLag);
      if (back < 0) break;
      this.pairs[li] += 1;
      const base = (back % ringSamples) * dims;
      const row = li * dims;
      for (let d = 0; d < dims; d++) this.lagged[row + d] += x[d] * this.ring[base + d];
    }
    // The sample leaving the window takes its products with its own past out of the sums.
    const leaving = t - windowSamples;
    if (leaving >= 0) {
      const leavingBase = (leaving % ringSamples) * dims;
      for (let d = 0; d < dims; d++) {
        const v = this.ring[leavingBase + d];
        this.sum[d] -= v;
        this.sumSquares[d] -= v * v;
      }
      for (let li = 0; li < lags; li++) {
        const back = leaving - (li + minLag);
        if (back < 0) break;
        this.pairs[li] -= 1;
        const base = (back % ringSamples) * dims;
        const row = li * dims;
        for (let d = 0; d < dims; d++) this.lagged[row + d] -= this.ring[leavingBase + d] * this.ring[base + d];
      }
    }
    this.written = t + 1;
  }
}
