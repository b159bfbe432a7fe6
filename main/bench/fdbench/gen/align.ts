// Finds where a word boundary lies in a whole synthesized sentence by aligning it (dynamic time warping) with the two halves spoken separately.

import { SAMPLES_PER_MS } from './pcm';

/** 10 ms hop, 32 ms window: the usual short-time analysis of speech. */
const HOP = 10 * SAMPLES_PER_MS;
const FFT_SIZE = 512;
const WINDOW = 32 * SAMPLES_PER_MS;
const BANDS = 24;

/**
 * Log band energies of every 10 ms frame (24 bands spaced evenly on the mel scale up to 8 kHz), with
 * the clip's mean removed from each band so that two renditions at different levels compare equal.
 */
export function bandFeatures(samples: Float32Array): Float32Array[] {
  const frames = Math.max(1, Math.ceil(samples.length / HOP));
  const hann = new Float32Array(WINDOW);
  for (let i = 0; i < WINDOW; i++) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (WINDOW - 1));
  const edges = melBandEdges();
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  const out: Float32Array[] = [];
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    const start = f * HOP - WINDOW / 2;
    for (let i = 0; i < WINDOW; i++) {
      const at = start + i;
      re[i] = at >= 0 && at < samples.length ? samples[at] * hann[i] : 0;
    }
    fft(re, im);
    const bands = new Float32Array(BANDS);
    for (let b = 0; b < BANDS; b++) {
      let energy = 1e-10;
      for (let k = edges[b]; k < edges[b + 1]; k++) energy += re[k] * re[k] + im[k] * im[k];
      bands[b] = Math.log(energy);
    }
    out.push(bands);
  }
  for (let b = 0; b < BANDS; b++) {
    let mean = 0;
    for (const frame of out) mean += frame[b];
    mean /= out.length;
    for (const frame of out) frame[b] -= mean;
  }
  return out;
}

function melBandEdges(): Int32Array {
  const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const hz = (m: number) => 700 * (Math.pow(10, m / 2595) - 1);
  const top = mel(8000);
  const bottom = mel(60);
  const edges = new Int32Array(BANDS + 1);
  for (let b = 0; b <= BANDS; b++) {
    const bin = Math.round((hz(bottom + ((top - bottom) * b) / BANDS) / 16_000) * FFT_SIZE);
    edges[b] = Math.min(FFT_SIZE / 2, Math.max(b === 0 ? 1 : edges[b - 1] + 1, bin));
  }
  return edges;
}

/** In-place iterative radix-2 complex FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let start = 0; start < n; start += size) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < size / 2; k++) {
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

/**
 * Dynamic time warping between two feature sequences (both ends fixed; steps right, down, diagonal);
 * returns, for every frame of `a`, the first and last frame of `b` it is matched with.
 */
export function dtwMatches(a: ReadonlyArray<Float32Array>, b: ReadonlyArray<Float32Array>): Array<{ from: number; to: number }> {
  const n = a.length;
  const m = b.length;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let d = 0;
      for (let k = 0; k < a[i].length; k++) {
        const diff = a[i][k] - b[j][k];
        d += diff * diff;
      }
      const local = Math.sqrt(d);
      let best: number;
      if (i === 0 && j === 0) best = 0;
      else if (i === 0) best = cost[j - 1];
      else if (j === 0) best = cost[(i - 1) * m];
      else best = Math.min(cost[(i - 1) * m + j - 1], cost[(i - 1) * m + j], cost[i * m + j - 1]);
      // The diagonal step is not weighted twice: the renditions differ in tempo, and a plain sum lets the path bend freely.
      cost[i * m + j] = best + local;
    }
  }
  const matches = Array.from({ length: n }, () => ({ from: Infinity, to: -Infinity }));
  let i = n - 1;
  let j = m - 1;
  for (;;) {
    matches[i].from = Math.min(matches[i].from, j);
    matches[i].to = Math.max(matches[i].to, j);
    if (i === 0 && j === 0) break;
    if (i === 0) j--;
    else if (j === 0) i--;
    else {
      const diag = cost[(i - 1) * m + j - 1];
      const up = cost[(i - 1) * m + j];
      const left = cost[i * m + j - 1];
      if (diag <= up && diag <= left) {
        i--;
        j--;
      } else if (up <= left) i--;
      else j--;
    }
  }
  return matches;
}

/**
 * Where the boundary between `before` and `after` (the two halves of a sentence, each spoken on its
 * own) falls in `whole` (the sentence spoken at once), in samples: the end of `before` and the start
 * of `after` are mapped into `whole` through a DTW alignment of before+after with whole, and the
 * midpoint of the two is returned.
 */
export function alignBoundary(whole: Float32Array, before: Float32Array, after: Float32Array): { estimate: number; endOfBefore: number; startOfAfter: number } {
  const parts = new Float32Array(before.length + after.length);
  parts.set(before);
  parts.set(after, before.length);
  const matches = dtwMatches(bandFeatures(parts), bandFeatures(whole));
  const lastOfBefore = Math.max(0, Math.min(matches.length - 1, Math.ceil(before.length / HOP) - 1));
  const firstOfAfter = Math.min(matches.length - 1, lastOfBefore + 1);
  const endOfBefore = (matches[lastOfBefore].to + 1) * HOP;
  const startOfAfter = matches[firstOfAfter].from * HOP;
  return { estimate: Math.round((endOfBefore + startOfAfter) / 2), endOfBefore, startOfAfter };
}
