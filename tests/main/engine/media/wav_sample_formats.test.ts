// Every supported WAV sample format (8/16/24/32-bit integer, 32/64-bit float, extensible headers) decodes to the same signal.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { ffmpeg, makeTempDir, removeTempDir, runTool, toneAmplitude } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('wav-formats');
});
afterAll(() => removeTempDir(dir));

const cases: Array<{ label: string; soxArgs: string[]; tolerance: number }> = [
  { label: '8-bit unsigned', soxArgs: ['-b', '8', '-e', 'unsigned-integer'], tolerance: 0.02 },
  { label: '16-bit', soxArgs: ['-b', '16', '-e', 'signed-integer'], tolerance: 0.002 },
  { label: '24-bit', soxArgs: ['-b', '24', '-e', 'signed-integer'], tolerance: 0.002 },
  { label: '32-bit integer', soxArgs: ['-b', '32', '-e', 'signed-integer'], tolerance: 0.002 },
  { label: '32-bit float', soxArgs: ['-b', '32', '-e', 'floating-point'], tolerance: 0.002 },
  { label: '64-bit float', soxArgs: ['-b', '64', '-e', 'floating-point'], tolerance: 0.002 },
];

describe('readWavMono16k sample formats', () => {
  for (const { label, soxArgs, tolerance } of cases) {
    it(`reads ${label} PCM as a 0.5 sine in [-1, 1]`, () => {
      const file = nodePath.join(dir, `${label.replace(/\W+/g, '_')}.wav`);
      runTool('sox', ['-n', '-r', '16000', '-c', '1', ...soxArgs, file, 'synth', '0.5', 'sine', '400', 'vol', '0.5']);

      const wav = readWavMono16k(file);

      expect(wav.samples.length).toBe(8000);
      let peak = 0;
      for (const value of wav.samples) peak = Math.max(peak, Math.abs(value));
      expect(Math.abs(peak - 0.5)).toBeLessThan(tolerance + 0.005);
      expect(Math.abs(toneAmplitude(wav.samples, 400, 16000) - 0.5)).toBeLessThan(tolerance + 0.005);
    });
  }

  it('reads a 3-channel 24-bit WAVE_FORMAT_EXTENSIBLE file, averaging the channels', () => {
    const file = nodePath.join(dir, 'three_channels.wav');
    // Channels at 0.9, 0.3 and 0.3 of the same sine: the average is 0.5.
    runTool('sox', ['-n', '-r', '16000', '-c', '3', '-b', '24', file, 'synth', '0.5', 'sine', '400', 'sine', '400', 'sine', '400', 'remix', '1v0.9', '2v0.3', '3v0.3']);

    const wav = readWavMono16k(file);

    expect(wav.sourceChannels).toBe(3);
    expect(toneAmplitude(wav.samples, 400, 16000)).toBeCloseTo(0.5, 2);
  });

  it('reads a WAVE_FORMAT_EXTENSIBLE float file as float (not as 32-bit integers)', () => {
    const plain = nodePath.join(dir, 'plain_float_4ch.wav');
    const extensible = nodePath.join(dir, 'extensible_float_4ch.wav');
    runTool('sox', ['-n', '-r', '48000', '-c', '4', '-b', '32', '-e', 'floating-point', plain, 'synth', '0.5', 'sine', '400', 'vol', '0.5']);
    // ffmpeg copies the same float samples into a WAVE_FORMAT_EXTENSIBLE header (sub-format IEEE float) for > 2 channels.
    ffmpeg('-i', plain, '-c:a', 'pcm_f32le', extensible);
    expect(fs.readFileSync(extensible).readUInt16LE(20), 'format tag is WAVE_FORMAT_EXTENSIBLE').toBe(0xfffe);

    const wav = readWavMono16k(extensible);

    expect(wav.sourceChannels).toBe(4);
    expect(wav.samples.length).toBe(8000);
    expect(toneAmplitude(wav.samples.subarray(800, 7200), 400, 16000)).toBeCloseTo(0.5, 2);
    expect(Array.from(wav.samples)).toEqual(Array.from(readWavMono16k(plain).samples));
  });
});
