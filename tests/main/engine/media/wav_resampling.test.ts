// A WAV at another rate or with several channels comes out as 16 kHz mono with the same tone and without aliasing.

import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { makeTempDir, removeTempDir, rms, runTool, toneAmplitude, zeroCrossings } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('wav-resample');
});
afterAll(() => removeTempDir(dir));

describe('readWavMono16k resampling and downmixing', () => {
  it('turns a 44.1 kHz stereo 1 kHz sine into 16 kHz mono at 1 kHz, channels averaged', () => {
    const file = nodePath.join(dir, 'stereo44k.wav');
    // Left at 0.8, right at 0.2, in phase: the average is a 0.5 sine.
    runTool('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', file, 'synth', '2', 'sine', '1000', 'sine', '1000', 'remix', '1v0.8', '2v0.2']);

    const wav = readWavMono16k(file);

    expect(wav.sourceRateHz).toBe(44100);
    expect(wav.sourceChannels).toBe(2);
    expect(wav.resampled).toBe(true);
    expect(wav.durationMs).toBe(2000);
    expect(wav.samples.length).toBe(32000);
    // 1 kHz for 2 s crosses zero 4000 times.
    expect(Math.abs(zeroCrossings(wav.samples) - 4000)).toBeLessThanOrEqual(4);
    const middle = wav.samples.subarray(1600, 30400);
    expect(toneAmplitude(middle, 1000, 16000)).toBeGreaterThan(0.47);
    expect(toneAmplitude(middle, 1000, 16000)).toBeLessThan(0.53);
    expect(toneAmplitude(middle, 1100, 16000)).toBeLessThan(0.01);
  });

  it('removes a 12 kHz tone instead of folding it down to 4 kHz (anti-aliasing)', () => {
    const file = nodePath.join(dir, 'high44k.wav');
    runTool('sox', ['-n', '-r', '44100', '-c', '1', '-b', '16', file, 'synth', '1', 'sine', '12000', 'vol', '0.5']);

    const wav = readWavMono16k(file);

    expect(wav.samples.length).toBe(16000);
    const middle = wav.samples.subarray(1600, 14400);
    // A naive decimator would leave a 0.5 sine at 16000 − 12000 = 4000 Hz.
    expect(toneAmplitude(middle, 4000, 16000)).toBeLessThan(0.005);
    expect(rms(middle)).toBeLessThan(0.005);
  });

  it('upsamples 8 kHz to 16 kHz keeping the frequency', () => {
    const file = nodePath.join(dir, 'tone8k.wav');
    runTool('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '1.5', 'sine', '440', 'vol', '0.6']);

    const wav = readWavMono16k(file);

    expect(wav.resampled).toBe(true);
    expect(wav.samples.length).toBe(24000);
    expect(Math.abs(zeroCrossings(wav.samples) - 2 * 440 * 1.5)).toBeLessThanOrEqual(4);
    expect(toneAmplitude(wav.samples.subarray(1600, 22400), 440, 16000)).toBeGreaterThan(0.55);
  });

  it('leaves a 16 kHz mono file untouched', () => {
    const file = nodePath.join(dir, 'mono16k.wav');
    runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', '0.5', 'sine', '300', 'vol', '0.25']);

    const wav = readWavMono16k(file);

    expect(wav.resampled).toBe(false);
    expect(wav.sourceChannels).toBe(1);
    expect(wav.samples.length).toBe(8000);
    expect(wav.durationMs).toBe(500);
    expect(toneAmplitude(wav.samples, 300, 16000)).toBeCloseTo(0.25, 2);
  });

  it('keeps the exact length of an odd-length source (rounded to the nearest 16 kHz sample)', () => {
    const file = nodePath.join(dir, 'odd48k.wav');
    // 12 345 samples at 48 kHz = 257.1875 ms → 4115 samples at 16 kHz.
    runTool('sox', ['-r', '48000', '-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '12345s', 'sine', '500']);

    const wav = readWavMono16k(file);

    expect(wav.durationMs).toBeCloseTo(257.1875, 6);
    expect(wav.samples.length).toBe(4115);
  });
});
