// Bounded-memory latency recorder: percentiles over any number of samples at 10 µs resolution.

const RESOLUTION_MS = 0.01;
const MAX_TRACKED_MS = 2_000;
const BUCKETS = Math.round(MAX_TRACKED_MS / RESOLUTION_MS) + 1;

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
}

/**
 * Records durations in fixed buckets so a two-hour session costs the same memory as a minute.
 * Values above 2 s fall in the last bucket; the exact maximum is kept separately.
 */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(BUCKETS);
  private count = 0;
  private sumMs = 0;
  private maxMs = Number.NEGATIVE_INFINITY;

  record(valueMs: number): void {
    const clamped = valueMs < 0 ? 0 : valueMs;
    const index = Math.min(BUCKETS - 1, Math.round(clamped / RESOLUTION_MS));
    this.buckets[index]++;
    this.count++;
    this.sumMs += clamped;
    if (clamped > this.maxMs) this.maxMs = clamped;
  }

  get size(): number {
    return this.count;
  }

  /** The q-quantile (0..1) by the nearest-rank method, or null when nothing was recorded. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i];
      if (seen >= rank) return Math.min(i * RESOLUTION_MS, this.maxMs);
    }
    return this.maxMs;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, p50Ms: null, p99Ms: null, maxMs: null, meanMs: null };
    const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
    return {
      count: this.count,
      p50Ms: round(this.quantile(0.5)),
      p99Ms: round(this.quantile(0.99)),
      maxMs: round(this.maxMs),
      meanMs: round(this.sumMs / this.count),
    };
  }
}
