// dMel: matches an independent numpy reference, streams byte-for-byte like the whole-signal path, and puts tones and silence where they belong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TandemError } from '../../../common/errors';
import { DMEL_CHANNELS, DMEL_FRAMES_PER_TURN, SAMPLES_PER_TURN, SAMPLE_RATE_HZ } from '../../../common/microturn';
import {
  DMEL_BIN_EDGES,
  DMEL_LEVELS,
  DmelStream,
  dequantizeDmel,
  dmelFromPcm,
  logMelFromPcm,
  quantizeLogMel,
} from '../../../main/perception/dmel';

interface DmelReference {
  pcm16: number[];
  frames: number;
  channels: number;
  logMel: number[];
  bins: number[];
}

const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/perception/dmel_reference.json', import.meta.url), 'utf8'),
) as DmelReference;

/** Deterministic pseudo-random numbers in [-1, 1) (a 32-bit LCG), so failures reproduce. */
function seededNoise(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

function tone(hz: number, amplitude: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE_HZ));
}

/** Streams `pcm` chunk by chunk (its length must be a multiple of 3 200) and concatenates the bins. */
function streamAll(stream: DmelStream, pcm: Float32Array): Uint8Array {
  const chunks = pcm.length / SAMPLES_PER_TURN;
  const out = new Uint8Array(chunks * DMEL_FRAMES_PER_TURN * DMEL_CHANNELS);
  for (let k = 0; k < chunks; k++) {
    out.set(stream.push(pcm.subarray(k * SAMPLES_PER_TURN, (k + 1) * SAMPLES_PER_TURN)), k * DMEL_FRAMES_PER_TURN * DMEL_CHANNELS);
  }
  return out;
}

// The Slaney mel scale written out again here, so the expected channel does not come from the code under test.
const melOf = (hz: number): number => (hz < 1000 ? (3 * hz) / 200 : 15 + (27 * Math.log(hz / 1000)) / Math.log(6.4));

function expectedChannel(hz: number): number {
  const lo = melOf(80);
  const hi = melOf(7600);
  const spacing = (hi - lo) / (DMEL_CHANNELS + 1);
  // Channel c peaks at mel lo + (c + 1)·spacing.
  return Math.round((melOf(hz) - lo) / spacing) - 1;
}

describe('dMel against the numpy reference', () => {
  const pcm = Float32Array.from(reference.pcm16, (v) => v / 32768);
  const logMel = logMelFromPcm(pcm);
  const bins = dmelFromPcm(pcm);

  it('has the reference geometry', () => {
    expect(reference.channels).toBe(DMEL_CHANNELS);
    expect(logMel.length).toBe(reference.frames * DMEL_CHANNELS);
    expect(bins.length).toBe(reference.bins.length);
  });

  it('matches the continuous log-mel within 1e-3', () => {
    let worst = 0;
    for (let i = 0; i < logMel.length; i++) worst = Math.max(worst, Math.abs(logMel[i] - reference.logMel[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('matches every bin except values within 1e-3 of a bin edge', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (let i = 0; i < bins.length; i++) {
      const nearEdge = DMEL_BIN_EDGES.some((edge) => Math.abs(reference.logMel[i] - edge) < 1e-3);
      if (nearEdge) continue;
      checked++;
      if (bins[i] !== reference.bins[i]) {
        mismatches.push(`frame ${Math.floor(i / DMEL_CHANNELS)} ch ${i % DMEL_CHANNELS}: ${bins[i]} vs ${reference.bins[i]}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(bins.length * 0.95);
  });

  it('streams the reference signal to the same bins', () => {
    const whole = Math.floor(pcm.length / SAMPLES_PER_TURN) * SAMPLES_PER_TURN;
    expect(streamAll(new DmelStream(), pcm.subarray(0, whole))).toEqual(bins.subarray(0, (whole / 200) * 80));
  });
});

describe('DmelStream', () => {
  // 7.4 s of amplitude-modulated noise over a gliding tone: every chunk boundary cuts through sound.
  const chunks = 37;
  const signal = (() => {
    const noise = seededNoise(chunks * SAMPLES_PER_TURN, 7);
    return noise.map((v, n) => {
      const t = n / SAMPLE_RATE_HZ;
      const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 1.7 * t);
      return 0.3 * envelope * v + 0.2 * Math.sin(2 * Math.PI * (300 * t + 150 * t * t));
    });
  })();

  it('equals the whole-signal computation byte for byte', () => {
    const streamed = streamAll(new DmelStream(), signal);
    const whole = dmelFromPcm(signal);
    expect(streamed.length).toBe(chunks * 1280);
    expect(Buffer.from(streamed).equals(Buffer.from(whole))).toBe(true);
  });

  it('produces a prefix of the whole-signal frames when the file does not end on a chunk', () => {
    const longer = new Float32Array(signal.length + 1234);
    longer.set(signal);
    longer.set(seededNoise(1234, 3), signal.length);
    const whole = dmelFromPcm(longer);
    expect(whole.length).toBe(Math.floor(longer.length / 200) * DMEL_CHANNELS);
    expect(Buffer.from(whole.subarray(0, chunks * 1280)).equals(Buffer.from(streamAll(new DmelStream(), signal)))).toBe(true);
  });

  it('starts over after reset as if it were new', () => {
    const stream = new DmelStream();
    streamAll(stream, signal.subarray(0, 5 * SAMPLES_PER_TURN));
    stream.reset();
    const again = streamAll(stream, signal.subarray(SAMPLES_PER_TURN * 3, SAMPLES_PER_TURN * 6));
    const fresh = streamAll(new DmelStream(), signal.subarray(SAMPLES_PER_TURN * 3, SAMPLES_PER_TURN * 6));
    expect(again).toEqual(fresh);
  });

  it('carries history: a chunk depends on the 600 samples before it, and only on those', () => {
    const a = new DmelStream();
    const b = new DmelStream();
    const first = signal.subarray(0, SAMPLES_PER_TURN);
    const second = signal.subarray(SAMPLES_PER_TURN, 2 * SAMPLES_PER_TURN);
    a.push(first);
    // b saw different audio except for the last 600 samples of the first chunk.
    const other = seededNoise(SAMPLES_PER_TURN, 99);
    other.set(first.subarray(SAMPLES_PER_TURN - 600), SAMPLES_PER_TURN - 600);
    b.push(other);
    expect(b.push(second)).toEqual(a.push(second));
    expect(new DmelStream().push(second)).not.toEqual(a.push(second));
  });

  it('writes into a caller-owned buffer when given one', () => {
    const out = new Uint8Array(1280);
    const stream = new DmelStream();
    expect(stream.push(signal.subarray(0, SAMPLES_PER_TURN), out)).toBe(out);
    expect(out).toEqual(dmelFromPcm(signal.subarray(0, SAMPLES_PER_TURN)));
  });

  it('leaves its state untouched when it rejects a chunk', () => {
    const a = new DmelStream();
    const b = new DmelStream();
    a.push(signal.subarray(0, SAMPLES_PER_TURN));
    b.push(signal.subarray(0, SAMPLES_PER_TURN));
    expect(() => a.push(new Float32Array(100))).toThrow(TandemError);
    expect(() => a.push(signal.subarray(SAMPLES_PER_TURN, 2 * SAMPLES_PER_TURN), new Uint8Array(10))).toThrow(TandemError);
    const next = signal.subarray(SAMPLES_PER_TURN, 2 * SAMPLES_PER_TURN);
    expect(a.push(next)).toEqual(b.push(next));
  });

  it.each([0, 3199, 3201, 6400])('rejects a chunk of %i samples with an actionable TandemError', (length) => {
    const stream = new DmelStream();
    let caught: unknown;
    try {
      stream.push(new Float32Array(length));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TandemError);
    const error = caught as TandemError;
    expect(error.code).toBe('MEDIA_INVALID');
    expect(error.message).toContain(`${length} samples`);
    expect(error.message).toContain('3200');
    expect(error.hint).toMatch(/zero-fill/);
  });
});

describe('dMel values', () => {
  it('is bin 0 everywhere for digital silence', () => {
    const stream = new DmelStream();
    for (let k = 0; k < 3; k++) expect(stream.push(new Float32Array(SAMPLES_PER_TURN)).every((b) => b === 0)).toBe(true);
    expect(dmelFromPcm(new Float32Array(5 * SAMPLES_PER_TURN)).every((b) => b === 0)).toBe(true);
  });

  it.each([
    [1000, 25],
    [3000, 55],
  ])('puts a %i Hz tone in mel channel %i', (hz, channel) => {
    expect(expectedChannel(hz)).toBe(channel);
    const pcm = tone(hz, 0.5, 2 * SAMPLES_PER_TURN);
    const logMel = logMelFromPcm(pcm);
    const bins = dmelFromPcm(pcm);
    // Frames from 4 on see only the tone (no zeros of the stream start in their window).
    for (let frame = 4; frame < 32; frame++) {
      const row = logMel.subarray(frame * DMEL_CHANNELS, (frame + 1) * DMEL_CHANNELS);
      const peak = row.indexOf(Math.max(...row));
      expect(peak).toBe(channel);
      const binRow = bins.subarray(frame * DMEL_CHANNELS, (frame + 1) * DMEL_CHANNELS);
      expect(binRow[channel]).toBe(Math.max(...binRow));
      // Far from the tone, only the Hann window's sidelobes remain: well below the peak.
      expect(binRow[channel]).toBeGreaterThan(binRow[(channel + 20) % DMEL_CHANNELS] + 4);
    }
  });

  it('quantizes on Apple\'s levels: nearest of −7 + 0.6·i, ties to the lower bin', () => {
    expect(Array.from(DMEL_LEVELS)).toEqual(Array.from({ length: 16 }, (_, i) => -7 + 0.6 * i));
    expect(DMEL_LEVELS[15]).toBe(2);
    for (let i = 0; i < 16; i++) expect(quantizeLogMel(DMEL_LEVELS[i])).toBe(i);
    for (let i = 0; i < 15; i++) {
      const edge = DMEL_BIN_EDGES[i];
      expect(edge).toBeCloseTo(-6.7 + 0.6 * i, 12);
      expect(quantizeLogMel(edge)).toBe(i);
      expect(quantizeLogMel(edge + 1e-9)).toBe(i + 1);
      expect(quantizeLogMel(edge - 1e-9)).toBe(i);
    }
    expect(quantizeLogMel(-10)).toBe(0);
    expect(quantizeLogMel(-Infinity)).toBe(0);
    expect(quantizeLogMel(Number.NaN)).toBe(0);
    expect(quantizeLogMel(7)).toBe(15);
    expect(quantizeLogMel(Infinity)).toBe(15);
  });

  it('dequantizes a bin to its level and rejects bins out of range', () => {
    expect(Array.from(dequantizeDmel(Uint8Array.from([0, 1, 15])))).toEqual([-7, Math.fround(-6.4), 2]);
    expect(() => dequantizeDmel(Uint8Array.from([16]))).toThrow(TandemError);
  });
});
