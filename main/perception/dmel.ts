// dMel: 16 kHz mic audio → 16 frames × 80 mel channels of 4-bit bins per 200 ms micro-turn, computed causally.
//
// The settings follow Apple's dMel reference (github.com/apple/dmel, `dmel/dmel.py`: `LogMelFbank`,
// `MelFbank`, `PowerSpectrum`, `DiscretizedLogMelFbank`, as called by its `run_example.py`):
//
// - sample rate 16 kHz; window 50 ms = 800 samples; hop 12.5 ms = 200 samples; n_fft 1024.
// - window: Hann, periodic (torch.hann_window(800) default): w[n] = 0.5 − 0.5·cos(2πn/800).
//   torch.stft centres the 800-sample window inside the 1024-point frame (112 zeros either side);
//   we put it at the start (224 zeros after it). That is a circular shift of the FFT input, which
//   only changes the phase, so the magnitudes — all dMel uses — are identical.
// - spectrum: MAGNITUDE |X[k]| (Apple takes clamp(re²+im², 1e-10)^0.5), not power.
// - mel filterbank: librosa.filters.mel(sr=16000, n_fft=1024, n_mels=80, fmin=80, fmax=7600) with
//   librosa's defaults, i.e. the Slaney mel scale (htk=False: linear 3f/200 below 1 kHz, logarithmic
//   above with step ln(6.4)/27) and Slaney area normalisation (each triangle × 2/(f_right − f_left)).
//   fmin 80 / fmax 7600 are LogMelFbank's defaults, which run_example.py does not override.
//   We compute the same weights in float64 (librosa rounds them to float32; the difference is ~1e-7
//   relative) and store only each triangle's non-zero span.
// - log: log10(max(mel, 1e-10)) — base 10, as Apple's comment stresses ("different from ASR used exp").
// - quantization: 16 levels (n_bits 4). Apple builds the level values
//   c_i = −7 + i·round(9/15, 4) = −7 + 0.6·i (i = 0..15, so c_0 = −7 and c_15 = 2), clamps the
//   log-mel to [−7, 2] and takes the nearest level (torch argmin: the lower level wins a tie).
//   The bin edges are therefore the midpoints e_i = −6.7 + 0.6·i (i = 0..14) and
//   bin(x) = #{ i : x > e_i }, so a value exactly on an edge goes to the lower bin.
//   `dequantizeDmel` maps a bin back to its level c_bin, like Apple's inv_discretize_func.
//
// Where Tandem differs from Apple's offline code, and why:
// 1. Causal framing (no lookahead). Apple's torch.stft(center=True) centres frame t on sample
//    t·200 and reflect-pads both ends, so every frame needs 400 samples from the future and the
//    last two frames of a clip need samples past its end. Tandem's frame f (global index) covers
//    the 800 samples [(f+1)·200 − 800, (f+1)·200), with zeros before the start of the stream.
//    So frame f sees exactly what Apple's frame f−1 sees (except Apple reflect-pads the start
//    where we zero-pad); each 3 200-sample chunk yields exactly 16 frames, the last of which ends
//    at the chunk's end; frames = floor(samples / 200) (Apple: floor(samples / 200) + 1).
// 2. No per-FFT-bin magnitude floor. Apple clamps the power of every FFT bin at 1e-10 (magnitude
//    1e-5; its own comment reads "TBD remove clamp?") before the mel weighting. With the Slaney
//    normalisation every filter's weights sum to ≈ 1/15.6, so digital silence would come out at
//    log10(1e-5/15.6) ≈ −6.2, i.e. bin 1 in every channel. We keep only the floor on the mel
//    energy (1e-10), so digital silence (zero-fill on underrun, no mic, a silent assistant) is
//    log10 = −10 → clamped to −7 → bin 0. The two agree wherever an FFT bin's magnitude is above
//    1e-5, i.e. for any real recording (its noise floor is far above that).
// 3. No <bos>/<eos>/<pad> tokens: a stream has no end, and the micro-turn carries its own framing.
//
// Non-finite input samples are not checked on the real-time path: NaN makes a frame's values NaN,
// which fall in bin 0 (NaN > edge is false).

import FFT from 'fft.js';
import { TandemError } from '../../common/errors';
import {
  DMEL_BINS,
  DMEL_CHANNELS,
  DMEL_FRAMES_PER_TURN,
  DMEL_HOP_SAMPLES,
  DMEL_N_FFT,
  DMEL_WINDOW_SAMPLES,
  SAMPLE_RATE_HZ,
  SAMPLES_PER_TURN,
} from '../../common/microturn';

/** Lowest and highest edge of the mel filterbank (Apple's LogMelFbank defaults). */
export const DMEL_FMIN_HZ = 80;
export const DMEL_FMAX_HZ = 7600;
/** Log-mel range that the 16 levels span. */
export const DMEL_LOG_MIN = -7;
export const DMEL_LOG_MAX = 2;
/** Floor applied to the mel energy before log10 (Apple's mel_floor). */
export const DMEL_MEL_FLOOR = 1e-10;
/** Distance between two quantization levels: round((2 − (−7)) / 15, 4) = 0.6, as Apple rounds it. */
export const DMEL_LEVEL_STEP = Math.round(((DMEL_LOG_MAX - DMEL_LOG_MIN) / (DMEL_BINS - 1)) * 1e4) / 1e4;

/** Samples of the previous chunk that the first frames of the next chunk still need (600). */
const HISTORY_SAMPLES = DMEL_WINDOW_SAMPLES - DMEL_HOP_SAMPLES;
const SPECTRUM_BINS = DMEL_N_FFT / 2 + 1; // 513
const VALUES_PER_TURN = DMEL_FRAMES_PER_TURN * DMEL_CHANNELS; // 1280

/** Level value of each bin: c_i = −7 + 0.6·i. */
export const DMEL_LEVELS: Float64Array = Float64Array.from(
  { length: DMEL_BINS },
  (_, i) => DMEL_LOG_MIN + i * DMEL_LEVEL_STEP,
);
/** Bin edges: midpoints between neighbouring levels; bin(x) = number of edges strictly below x. */
export const DMEL_BIN_EDGES: Float64Array = Float64Array.from(
  { length: DMEL_BINS - 1 },
  (_, i) => (DMEL_LEVELS[i] + DMEL_LEVELS[i + 1]) / 2,
);

// --- Slaney mel scale (librosa htk=False) ---------------------------------------------------------

const SLANEY_HZ_PER_MEL = 200 / 3;
const SLANEY_LOG_START_HZ = 1000;
const SLANEY_LOG_START_MEL = SLANEY_LOG_START_HZ / SLANEY_HZ_PER_MEL; // 15
const SLANEY_LOG_STEP = Math.log(6.4) / 27;

export function hzToSlaneyMel(hz: number): number {
  return hz >= SLANEY_LOG_START_HZ
    ? SLANEY_LOG_START_MEL + Math.log(hz / SLANEY_LOG_START_HZ) / SLANEY_LOG_STEP
    : hz / SLANEY_HZ_PER_MEL;
}

export function slaneyMelToHz(mel: number): number {
  return mel >= SLANEY_LOG_START_MEL
    ? SLANEY_LOG_START_HZ * Math.exp(SLANEY_LOG_STEP * (mel - SLANEY_LOG_START_MEL))
    : mel * SLANEY_HZ_PER_MEL;
}

/** Centre frequency (Hz) of each of the 80 dMel channels (the peak of its triangle). */
export function dmelChannelCentresHz(): Float64Array {
  const edges = melEdgesHz();
  return edges.subarray(1, DMEL_CHANNELS + 1).slice();
}

/** The 82 triangle corner frequencies, evenly spaced on the Slaney mel scale. */
function melEdgesHz(): Float64Array {
  const lo = hzToSlaneyMel(DMEL_FMIN_HZ);
  const hi = hzToSlaneyMel(DMEL_FMAX_HZ);
  const count = DMEL_CHANNELS + 2;
  // Same as numpy.linspace(lo, hi, count): lo + i·(hi − lo)/(count − 1).
  return Float64Array.from({ length: count }, (_, i) => slaneyMelToHz(lo + (i * (hi - lo)) / (count - 1)));
}

/** Non-zero spans of the 80 triangles over the 513 FFT bins, stored back to back. */
interface SparseFilterbank {
  /** First FFT bin of channel c. */
  start: Int32Array;
  /** Number of FFT bins of channel c. */
  length: Int32Array;
  /** Offset of channel c's first weight in `weights`. */
  offset: Int32Array;
  weights: Float64Array;
}

function buildSparseFilterbank(): SparseFilterbank {
  const edges = melEdgesHz();
  const binHz = SAMPLE_RATE_HZ / DMEL_N_FFT;
  const start = new Int32Array(DMEL_CHANNELS);
  const length = new Int32Array(DMEL_CHANNELS);
  const offset = new Int32Array(DMEL_CHANNELS);
  const dense: number[] = [];
  for (let c = 0; c < DMEL_CHANNELS; c++) {
    const left = edges[c];
    const centre = edges[c + 1];
    const right = edges[c + 2];
    const norm = 2 / (right - left); // Slaney: every triangle has the same area
    let first = -1;
    let last = -1;
    const row = new Float64Array(SPECTRUM_BINS);
    for (let k = 0; k < SPECTRUM_BINS; k++) {
      const f = k * binHz;
      const rising = (f - left) / (centre - left);
      const falling = (right - f) / (right - centre);
      const w = Math.max(0, Math.min(rising, falling)) * norm;
      row[k] = w;
      if (w > 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) {
      // Cannot happen with 80 channels over 80–7600 Hz at 15.6 Hz per bin; guards a changed geometry.
      throw new TandemError(
        'CONFIG_INVALID',
        `dMel mel channel ${c} covers no FFT bin`,
        'main/perception/dmel.ts',
        'Use fewer mel channels or a larger n_fft so that every triangle spans at least one bin.',
      );
    }
    start[c] = first;
    length[c] = last - first + 1;
    offset[c] = dense.length;
    for (let k = first; k <= last; k++) dense.push(row[k]);
  }
  return { start, length, offset, weights: Float64Array.from(dense) };
}

function buildPeriodicHann(size: number): Float64Array {
  return Float64Array.from({ length: size }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / size));
}

/** Quantizes one log-mel value (clamping to [−7, 2] first would not change the bin); see the header for the edge rule. */
export function quantizeLogMel(value: number): number {
  // First guess by arithmetic, then settle against the exact edge table so that rounding in the
  // division can never move a value across an edge.
  let bin = Math.ceil((value - DMEL_BIN_EDGES[0]) / DMEL_LEVEL_STEP);
  if (!(bin > 0)) return 0; // also catches NaN
  if (bin > DMEL_BINS - 1) bin = DMEL_BINS - 1;
  if (value <= DMEL_BIN_EDGES[bin - 1]) bin--;
  else if (bin < DMEL_BINS - 1 && value > DMEL_BIN_EDGES[bin]) bin++;
  return bin;
}

/** Bin → level value (c_bin = −7 + 0.6·bin), like Apple's inv_discretize_func. */
export function dequantizeDmel(bins: Uint8Array): Float32Array {
  const out = new Float32Array(bins.length);
  for (let i = 0; i < bins.length; i++) {
    const bin = bins[i];
    if (bin >= DMEL_BINS) {
      throw new TandemError(
        'MEDIA_INVALID',
        `dMel bin ${bin} at index ${i} is out of range 0..${DMEL_BINS - 1}`,
        'dequantizeDmel',
        'Pass bins produced by DmelStream or dmelFromPcm.',
      );
    }
    out[i] = DMEL_LEVELS[bin];
  }
  return out;
}

/**
 * The per-frame computation shared by streaming and whole-signal dMel, so both run the exact same
 * arithmetic on the exact same samples and agree byte for byte. Every buffer is allocated once.
 */
class DmelFrameKernel {
  private readonly fft = new FFT(DMEL_N_FFT);
  private readonly window = buildPeriodicHann(DMEL_WINDOW_SAMPLES);
  private readonly filterbank = buildSparseFilterbank();
  /** FFT input: the windowed 800 samples followed by 224 zeros that are never overwritten. */
  private readonly frame = new Float64Array(DMEL_N_FFT);
  /** Interleaved re/im; realTransform fills bins 0..512. */
  private readonly spectrum = new Float64Array(2 * DMEL_N_FFT);
  private readonly magnitude = new Float64Array(SPECTRUM_BINS);

  /** Writes log10(max(mel, 1e-10)) of the 800 samples src[start .. start+800) to logMel[outOffset ..]. */
  logMelFrame(src: Float64Array, start: number, logMel: Float64Array, outOffset: number): void {
    const { frame, window, spectrum, magnitude } = this;
    for (let n = 0; n < DMEL_WINDOW_SAMPLES; n++) frame[n] = src[start + n] * window[n];
    this.fft.realTransform(spectrum, frame);
    for (let k = 0; k < SPECTRUM_BINS; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      magnitude[k] = Math.sqrt(re * re + im * im);
    }
    const { start: first, length, offset, weights } = this.filterbank;
    for (let c = 0; c < DMEL_CHANNELS; c++) {
      let sum = 0;
      const k0 = first[c];
      const w0 = offset[c];
      const n = length[c];
      for (let j = 0; j < n; j++) sum += weights[w0 + j] * magnitude[k0 + j];
      logMel[outOffset + c] = Math.log10(sum > DMEL_MEL_FLOOR ? sum : DMEL_MEL_FLOOR);
    }
  }
}

function assertChunk(chunk: Float32Array): void {
  if (!(chunk instanceof Float32Array) || chunk.length !== SAMPLES_PER_TURN) {
    const got = chunk instanceof Float32Array ? `${chunk.length} samples` : `a ${typeof chunk}`;
    throw new TandemError(
      'MEDIA_INVALID',
      `dMel chunk has ${got}, expected a Float32Array of ${SAMPLES_PER_TURN}`,
      'DmelStream.push',
      `Pass exactly one 200 ms micro-turn of 16 kHz mono audio (${SAMPLES_PER_TURN} samples); ` +
        'zero-fill a short chunk (as AudioRingBuffer does on underrun) instead of passing it short.',
    );
  }
}

/**
 * Streaming dMel for one audio stream (the mic, or the assistant's own voice). Each push of one
 * 3 200-sample chunk returns its 16 frames; the last 600 samples are kept for the next chunk's
 * first frames, so every frame is computed exactly once and nothing waits for future audio.
 */
export class DmelStream {
  private readonly kernel = new DmelFrameKernel();
  /** [600 samples of history | current chunk]; frame j of the chunk starts at j·200. */
  private readonly samples = new Float64Array(HISTORY_SAMPLES + SAMPLES_PER_TURN);
  private readonly logMel = new Float64Array(VALUES_PER_TURN);

  constructor() {
    this.reset();
  }

  /**
   * dMel of one chunk: 16 × 80 bins, frame-major (out[frame·80 + channel]). The result is a new
   * array unless `out` is given, because MicroTurnInput keeps it after the next push.
   */
  push(chunk: Float32Array, out: Uint8Array = new Uint8Array(VALUES_PER_TURN)): Uint8Array {
    // Both checks come before the stream advances, so a rejected call leaves its state untouched.
    assertChunk(chunk);
    if (out.length !== VALUES_PER_TURN) {
      throw new TandemError(
        'USAGE',
        `dMel output buffer has ${out.length} bytes, expected ${VALUES_PER_TURN}`,
        'DmelStream.push',
        `Pass a Uint8Array of DMEL_FRAMES_PER_TURN × DMEL_CHANNELS = ${VALUES_PER_TURN} bytes, or none.`,
      );
    }
    const logMel = this.pushLogMel(chunk);
    for (let i = 0; i < VALUES_PER_TURN; i++) out[i] = quantizeLogMel(logMel[i]);
    return out;
  }

  /**
   * Advances the stream by one chunk and returns the continuous log-mel (16 × 80, frame-major,
   * not clamped). The returned array is reused by the next push: copy it to keep it.
   */
  pushLogMel(chunk: Float32Array): Float64Array {
    assertChunk(chunk);
    const samples = this.samples;
    samples.set(chunk, HISTORY_SAMPLES);
    for (let frame = 0; frame < DMEL_FRAMES_PER_TURN; frame++) {
      this.kernel.logMelFrame(samples, frame * DMEL_HOP_SAMPLES, this.logMel, frame * DMEL_CHANNELS);
    }
    samples.copyWithin(0, SAMPLES_PER_TURN, SAMPLES_PER_TURN + HISTORY_SAMPLES);
    return this.logMel;
  }

  /** Forgets the past: the next chunk is treated as the start of a stream (zeros before it). */
  reset(): void {
    this.samples.fill(0);
  }
}

/** Continuous log-mel of a whole signal with the streaming framing: floor(len/200) × 80, frame-major. */
export function logMelFromPcm(pcm: Float32Array): Float64Array {
  const frames = Math.floor(pcm.length / DMEL_HOP_SAMPLES);
  const padded = new Float64Array(HISTORY_SAMPLES + frames * DMEL_HOP_SAMPLES);
  padded.set(pcm.subarray(0, frames * DMEL_HOP_SAMPLES), HISTORY_SAMPLES);
  const kernel = new DmelFrameKernel();
  const logMel = new Float64Array(frames * DMEL_CHANNELS);
  for (let frame = 0; frame < frames; frame++) {
    kernel.logMelFrame(padded, frame * DMEL_HOP_SAMPLES, logMel, frame * DMEL_CHANNELS);
  }
  return logMel;
}

/**
 * dMel of a whole signal (files, tests, training data): floor(len/200) frames × 80 bins, equal byte
 * for byte to the concatenated output of a DmelStream fed the same samples chunk by chunk.
 */
export function dmelFromPcm(pcm: Float32Array): Uint8Array {
  const logMel = logMelFromPcm(pcm);
  const bins = new Uint8Array(logMel.length);
  for (let i = 0; i < logMel.length; i++) bins[i] = quantizeLogMel(logMel[i]);
  return bins;
}
