// Missing files, non-WAV files, empty audio and compressed encodings each give their own actionable error.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { expectTandemError, ffmpeg, makeTempDir, removeTempDir, runTool } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('wav-bad');
});
afterAll(() => removeTempDir(dir));

describe('readWavMono16k rejects what it cannot read', () => {
  it('a missing file is INPUT_NOT_FOUND naming the path', () => {
    const missing = nodePath.join(dir, 'nope.wav');
    const error = expectTandemError(() => readWavMono16k(missing), 'INPUT_NOT_FOUND', [missing]);
    expect(error.where).toBe(missing);
  });

  it('a folder is WAV_INVALID', () => {
    expectTandemError(() => readWavMono16k(dir), 'WAV_INVALID', ['folder']);
  });

  it('a text file is not a RIFF/WAVE file', () => {
    const text = nodePath.join(dir, 'notes.wav');
    fs.writeFileSync(text, 'these are not samples\n');
    const error = expectTandemError(() => readWavMono16k(text), 'WAV_INVALID', ['Not a RIFF/WAVE file', '"thes"', text]);
    expect(error.hint).toContain('ffmpeg');
  });

  it('an MP3 renamed to .wav is not a RIFF/WAVE file', () => {
    const mp3 = nodePath.join(dir, 'song.wav');
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.3', '-f', 'mp3', mp3);
    expectTandemError(() => readWavMono16k(mp3), 'WAV_INVALID', ['Not a RIFF/WAVE file']);
  });

  it('an empty file and a WAV with no samples are rejected as holding no audio', () => {
    const empty = nodePath.join(dir, 'empty.wav');
    fs.writeFileSync(empty, Buffer.alloc(0));
    expectTandemError(() => readWavMono16k(empty), 'WAV_INVALID', ['empty', empty]);

    const silentHeader = nodePath.join(dir, 'zero_length.wav');
    runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', silentHeader, 'trim', '0', '0']);
    expect(fs.statSync(silentHeader).size).toBe(44);
    expectTandemError(() => readWavMono16k(silentHeader), 'WAV_INVALID', ['no audio', silentHeader]);
  });

  it('IMA ADPCM is rejected naming the encoding and listing what is supported', () => {
    const adpcm = nodePath.join(dir, 'adpcm.wav');
    runTool('sox', ['-n', '-r', '16000', '-c', '1', '-e', 'ima-adpcm', adpcm, 'synth', '0.5', 'sine', '440']);
    const error = expectTandemError(() => readWavMono16k(adpcm), 'WAV_INVALID', ['Unsupported WAV encoding: IMA ADPCM']);
    expect(error.hint).toContain('Supported: uncompressed PCM with 8-, 16-, 24- or 32-bit integer samples, or 32/64-bit float');
    expect(error.hint).toContain('sox');
  });

  it('A-law is rejected the same way', () => {
    const alaw = nodePath.join(dir, 'alaw.wav');
    runTool('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'a-law', alaw, 'synth', '0.5', 'sine', '440']);
    expectTandemError(() => readWavMono16k(alaw), 'WAV_INVALID', ['A-law']);
  });

  it('an odd integer sample size (12-bit) is rejected', () => {
    const odd = nodePath.join(dir, 'twelve.wav');
    const bytes = Buffer.from(fs.readFileSync(makeSine16(dir)));
    bytes.writeUInt16LE(12, 34); // bits per sample
    fs.writeFileSync(odd, bytes);
    expectTandemError(() => readWavMono16k(odd), 'WAV_INVALID', ['12-bit integer']);
  });
});

function makeSine16(folder: string): string {
  const file = nodePath.join(folder, 'sine16.wav');
  if (!fs.existsSync(file)) runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', '0.2', 'sine', '440']);
  return file;
}
