// Micro-benchmark of streaming dMel: the time one 200 ms chunk costs on the real-time path.
import { performance } from 'node:perf_hooks';
import { DMEL_CHANNELS, DMEL_FRAMES_PER_TURN, SAMPLES_PER_TURN, SAMPLE_RATE_HZ } from '../../common/microturn';
import { DmelStream } from './dmel';

export interface DmelBenchResult {
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Distinct chunks cycled through, so the numbers are not those of one cached input. */
const DISTINCT_CHUNKS = 16;
/** Pushes before timing starts, so the JIT has optimised the kernel (the engine runs warm too). */
const WARMUP_PUSHES = 200;

function benchSignal(): Float32Array[] {
  let state = 12345;
  return Array.from({ length: DISTINCT_CHUNKS }, (_, k) =>
    Float32Array.from({ length: SAMPLES_PER_TURN }, (_, n) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const t = (k * SAMPLES_PER_TURN + n) / SAMPLE_RATE_HZ;
      return 0.05 * (state / 2 ** 31 - 1) + 0.3 * Math.sin(2 * Math.PI * (200 + 400 * t) * t);
    }),
  );
}

function percentile(sorted: Float64Array, share: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/** Times `iterations` pushes of one chunk through a warm DmelStream (output buffer reused, as in the engine). */
export function benchDmel(iterations: number): DmelBenchResult {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`benchDmel needs a positive integer iteration count, got ${iterations}`);
  }
  const chunks = benchSignal();
  const stream = new DmelStream();
  const out = new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS);
  for (let i = 0; i < WARMUP_PUSHES; i++) stream.push(chunks[i % DISTINCT_CHUNKS], out);
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    stream.push(chunks[i % DISTINCT_CHUNKS], out);
    times[i] = performance.now() - start;
  }
  times.sort();
  return {
    iterations,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    maxMs: times[iterations - 1],
  };
}
