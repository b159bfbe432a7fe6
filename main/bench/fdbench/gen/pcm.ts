// Sample-exact operations on 16 kHz mono speech held in memory: levels, trimming, word-boundary cuts, placing and mixing.

export const RATE_HZ = 16_000;
export const SAMPLES_PER_MS = RATE_HZ / 1000;

/** 10 ms analysis frames: short enough to find a gap between two words, long enough to average a pitch period. */
const FRAME_SAMPLES = 10 * SAMPLES_PER_MS;

export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

export function gainToDb(gain: number): number {
  return 20 * Math.log10(Math.max(gain, 1e-12));
}

/** Root mean square of samples [from, to). */
export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  const start = Math.max(0, from);
  const end = Math.min(samples.length, to);
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / (end - start));
}

/** RMS of every 10 ms frame (the last, partial frame included). */
export function frameLevels(samples: Float32Array): Float64Array {
  const count = Math.ceil(samples.length / FRAME_SAMPLES);
  const levels = new Float64Array(count);
  for (let f = 0; f < count; f++) levels[f] = rms(samples, f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES);
  return levels;
}

/**
 * The span that holds speech: from the first to the last 10 ms frame whose level is within
 * `belowPeakDb` of the loudest frame of `reference` (by default the clip itself; a fragment of a
 * sentence is measured against the whole sentence). Synthesizers pad their output with silence and
 * espeak-ng leaves a short pause at commas; a threshold relative to the peak works for a whisper as
 * well as for a loud voice.
 */
export function speechSpan(samples: Float32Array, belowPeakDb = 40, reference: Float32Array = samples): { from: number; to: number } {
  let peak = 0;
  for (const level of frameLevels(reference)) peak = Math.max(peak, level);
  if (peak === 0) return { from: 0, to: 0 };
  const threshold = peak * dbToGain(-belowPeakDb);
  const levels = frameLevels(samples);
  let first = 0;
  while (first < levels.length && levels[first] < threshold) first++;
  if (first >= levels.length) return { from: 0, to: 0 };
  let last = levels.length - 1;
  while (last > first && levels[last] < threshold) last--;
  return { from: first * FRAME_SAMPLES, to: Math.min(samples.length, (last + 1) * FRAME_SAMPLES) };
}

/** The speech span of a clip, cut out, with 5 ms fades so the cut edges do not click. */
export function trimToSpeech(samples: Float32Array, belowPeakDb = 40, reference: Float32Array = samples): Float32Array {
  const span = speechSpan(samples, belowPeakDb, reference);
  return fadeEdges(samples.slice(span.from, span.to), 5 * SAMPLES_PER_MS);
}

/** A copy with linear fade-in and fade-out of `fadeSamples` each. */
export function fadeEdges(samples: Float32Array, fadeSamples: number): Float32Array {
  const out = samples.slice();
  const n = Math.min(fadeSamples, Math.floor(out.length / 2));
  for (let i = 0; i < n; i++) {
    const g = i / n;
    out[i] *= g;
    out[out.length - 1 - i] *= g;
  }
  return out;
}

/** Zero-pads the end so the clip lasts a whole number of milliseconds (every event then falls on an exact ms). */
export function padToWholeMs(samples: Float32Array): Float32Array {
  const rest = samples.length % SAMPLES_PER_MS;
  if (rest === 0) return samples;
  const out = new Float32Array(samples.length + SAMPLES_PER_MS - rest);
  out.set(samples);
  return out;
}

/**
 * Where to cut a whole-sentence recording between two words: the 10 ms frame inside [from, to) that
 * is quietest relative to `speechRms` after a penalty of 10 dB per 100 ms of distance from `target`,
 * at that frame's quietest sample. Levels are floored at −45 dB, so between two silent stretches
 * (the comma pauses before and after a filler) the one nearer the target wins.
 */
export function boundaryNear(samples: Float32Array, from: number, to: number, target: number, speechRms: number): { cut: number; depthDb: number } {
  const levels = frameLevels(samples);
  const lo = Math.max(1, Math.floor(from / FRAME_SAMPLES));
  const hi = Math.min(levels.length - 2, Math.ceil(to / FRAME_SAMPLES));
  let best = -1;
  let bestScore = Infinity;
  let bestDepth = 0;
  for (let f = lo; f <= hi; f++) {
    // Three frames together: a real gap between words is longer than one quiet pitch period.
    const level = Math.sqrt((levels[f - 1] ** 2 + levels[f] ** 2 + levels[f + 1] ** 2) / 3);
    const depthDb = Math.max(-45, gainToDb(level / speechRms));
    const distanceMs = Math.abs((f + 0.5) * FRAME_SAMPLES - target) / SAMPLES_PER_MS;
    const score = depthDb + distanceMs * 0.1;
    if (score < bestScore) {
      bestScore = score;
      best = f;
      bestDepth = depthDb;
    }
  }
  if (best < 0) return { cut: Math.min(Math.max(0, Math.round(target)), samples.length), depthDb: 0 };
  const start = best * FRAME_SAMPLES;
  const end = Math.min(samples.length, start + FRAME_SAMPLES);
  let cut = start;
  for (let i = start; i < end; i++) if (Math.abs(samples[i]) < Math.abs(samples[cut])) cut = i;
  return { cut, depthDb: Math.round(bestDepth * 10) / 10 };
}

/** Scales a clip so its speech (the frames within 40 dB of its peak) has the given RMS, without letting a peak pass `peakCeilingDbfs`. */
export function normalizeSpeech(samples: Float32Array, targetRmsDbfs: number, peakCeilingDbfs = -1): Float32Array {
  const level = activeRms(samples);
  if (level === 0) return samples.slice();
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  return scaled(samples, Math.min(dbToGain(targetRmsDbfs) / level, dbToGain(peakCeilingDbfs) / peak));
}

export function scaled(samples: Float32Array, gain: number): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] * gain;
  return out;
}

/** RMS of the frames of a clip that hold speech (within 40 dB of its loudest frame). */
export function activeRms(samples: Float32Array): number {
  const levels = frameLevels(samples);
  let peakLevel = 0;
  for (const level of levels) peakLevel = Math.max(peakLevel, level);
  const threshold = peakLevel * dbToGain(-40);
  let sum = 0;
  let count = 0;
  for (const level of levels) {
    if (level >= threshold && level > 0) {
      sum += level * level;
      count++;
    }
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}

/** Adds `clip × gain` into `track` starting at sample `at` (clipped to the track). */
export function mixInto(track: Float32Array, clip: Float32Array, at: number, gain = 1): void {
  const end = Math.min(track.length, at + clip.length);
  for (let i = Math.max(0, at); i < end; i++) track[i] += clip[i - at] * gain;
}

/** 16-bit little-endian PCM WAV bytes (16 kHz mono); values are clamped, +1 → 32767 and −1 → −32768. */
export function encodeWav16(samples: Float32Array): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(RATE_HZ, 24);
  out.writeUInt32LE(RATE_HZ * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    const c = v > 1 ? 1 : v < -1 ? -1 : v === v ? v : 0;
    out.writeInt16LE(Math.round(c < 0 ? c * 32768 : c * 32767), 44 + i * 2);
  }
  return out;
}
