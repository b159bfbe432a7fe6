// A truncated WAV, or one whose header was never finalised, is rejected with the missing byte count and a repair command that works.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { expectTandemError, makeTempDir, removeTempDir, runTool } from './mediaFixtures';

let dir: string;
let whole: string;
beforeAll(() => {
  dir = makeTempDir('wav-truncated');
  whole = nodePath.join(dir, 'whole.wav');
  // 1 s of 16 kHz mono 16-bit: 44-byte header + 32 000 data bytes.
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', whole, 'synth', '1', 'sine', '440']);
});
afterAll(() => removeTempDir(dir));

describe('readWavMono16k on damaged files', () => {
  it('rejects a file cut short, says how many bytes are missing and how to repair it', () => {
    const truncated = nodePath.join(dir, 'truncated.wav');
    const bytes = fs.readFileSync(whole);
    expect(bytes.length).toBe(32044);
    fs.writeFileSync(truncated, bytes.subarray(0, 20044));

    const error = expectTandemError(() => readWavMono16k(truncated), 'WAV_INVALID', ['truncated', '32000 bytes', '20000 are present', '12000 bytes missing', truncated]);
    expect(error.hint).toContain('sox');
    expect(error.where).toBe(truncated);
  });

  it('the repair the error suggests gives a readable file with the audio that was there', () => {
    const truncated = nodePath.join(dir, 'truncated2.wav');
    const repaired = nodePath.join(dir, 'repaired.wav');
    fs.writeFileSync(truncated, fs.readFileSync(whole).subarray(0, 16044));

    runTool('sox', [truncated, repaired]);

    expect(readWavMono16k(repaired).samples.length).toBe(8000);
  });

  it('rejects a header that still holds placeholder sizes and suggests sox --ignore-length', () => {
    const unfinished = nodePath.join(dir, 'unfinished.wav');
    const bytes = Buffer.from(fs.readFileSync(whole));
    bytes.writeUInt32LE(0, 40); // data size left at 0 while 32 000 bytes follow
    fs.writeFileSync(unfinished, bytes);

    const error = expectTandemError(() => readWavMono16k(unfinished), 'WAV_INVALID', ['never finalised', '32000 bytes follow']);
    expect(error.hint).toContain('--ignore-length');

    const repaired = nodePath.join(dir, 'unfinished_repaired.wav');
    runTool('sox', ['--ignore-length', unfinished, repaired]);
    expect(readWavMono16k(repaired).samples.length).toBe(16000);
  });

  it('rejects a file cut inside its header', () => {
    const stub = nodePath.join(dir, 'stub.wav');
    fs.writeFileSync(stub, fs.readFileSync(whole).subarray(0, 30));

    expectTandemError(() => readWavMono16k(stub), 'WAV_INVALID', ['truncated', stub]);
  });
});
