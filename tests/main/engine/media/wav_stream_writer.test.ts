// WavStreamWriter appends 200 ms chunks to a valid 16 kHz mono 16-bit file, clamps, stays readable mid-session and reports unwritable paths.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { WavStreamWriter } from '../../../../main/engine/media/wavWriter';
import { expectTandemError, makeTempDir, removeTempDir } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('wav-writer');
});
afterAll(() => removeTempDir(dir));

function chunk(turn: number): Float32Array {
  const samples = new Float32Array(3200);
  for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * (turn * 3200 + i)) / 16000);
  return samples;
}

describe('WavStreamWriter', () => {
  it('writes a minute of 200 ms chunks that reads back sample for sample (to 16-bit precision)', () => {
    const file = nodePath.join(dir, 'minute.wav');
    const writer = new WavStreamWriter(file);
    for (let turn = 0; turn < 300; turn++) writer.write(chunk(turn));
    expect(writer.samplesWritten).toBe(960_000);
    expect(writer.durationMs).toBe(60_000);
    writer.close();

    expect(fs.statSync(file).size).toBe(44 + 960_000 * 2);
    const header = fs.readFileSync(file).subarray(0, 44);
    expect(header.toString('latin1', 0, 4)).toBe('RIFF');
    expect(header.readUInt32LE(4)).toBe(36 + 960_000 * 2);
    expect(header.readUInt32LE(40)).toBe(960_000 * 2);

    const back = readWavMono16k(file);
    expect(back.resampled).toBe(false);
    expect(back.samples.length).toBe(960_000);
    for (const turn of [0, 150, 299]) {
      const expected = chunk(turn);
      for (let i = 0; i < 3200; i += 97) expect(Math.abs(back.samples[turn * 3200 + i] - expected[i])).toBeLessThan(2 / 32768);
    }
  });

  it('an independent reader (soxi) agrees on format and length', () => {
    const file = nodePath.join(dir, 'soxi.wav');
    const writer = new WavStreamWriter(file);
    for (let turn = 0; turn < 10; turn++) writer.write(chunk(turn));
    writer.close();

    const info = spawnSync('soxi', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Channels\s*:\s*1/);
    expect(info).toMatch(/Sample Rate\s*:\s*16000/);
    expect(info).toMatch(/Precision\s*:\s*16-bit/);
    expect(info).toMatch(/= 32000 samples/);
  });

  it('clamps out-of-range values and writes NaN as silence', () => {
    const file = nodePath.join(dir, 'clamp.wav');
    const writer = new WavStreamWriter(file);
    writer.write(new Float32Array([2, -3, Number.NaN, 1, -1, 0.5]));
    writer.close();

    const data = fs.readFileSync(file).subarray(44);
    const values = Array.from({ length: 6 }, (_, i) => data.readInt16LE(i * 2));
    expect(values).toEqual([32767, -32768, 0, 32767, -32768, 16384]);
  });

  it('the file is valid after every write, so a crash mid-session leaves playable audio', () => {
    const file = nodePath.join(dir, 'crash.wav');
    const writer = new WavStreamWriter(file);
    for (let turn = 0; turn < 5; turn++) writer.write(chunk(turn));

    expect(readWavMono16k(file).samples.length).toBe(16_000);
    writer.close();
  });

  it('close() twice is harmless, write after close is an error', () => {
    const file = nodePath.join(dir, 'closed.wav');
    const writer = new WavStreamWriter(file);
    writer.close();
    writer.close();
    expect(writer.closed).toBe(true);
    expectTandemError(() => writer.write(chunk(0)), 'OUTPUT_UNWRITABLE', ['closed']);
  });

  it('an unwritable path is OUTPUT_UNWRITABLE naming the path', () => {
    const inMissingFolder = nodePath.join(dir, 'no-such-folder', 'out.wav');
    const error = expectTandemError(() => new WavStreamWriter(inMissingFolder), 'OUTPUT_UNWRITABLE', ['folder does not exist', inMissingFolder]);
    expect(error.where).toBe(inMissingFolder);

    const aFile = nodePath.join(dir, 'plain-file');
    fs.writeFileSync(aFile, 'x');
    expectTandemError(() => new WavStreamWriter(nodePath.join(aFile, 'out.wav')), 'OUTPUT_UNWRITABLE', ['not a folder']);

    expectTandemError(() => new WavStreamWriter(dir), 'OUTPUT_UNWRITABLE', ['it is a folder', dir]);
  });

  it('keeps memory flat over a long session (30 minutes written, the heap does not grow with it)', () => {
    const file = nodePath.join(dir, 'long.wav');
    const writer = new WavStreamWriter(file);
    const samples = chunk(0);
    // Warm up, then measure the heap across 30 minutes of audio (9000 chunks, ~58 MB on disk).
    for (let turn = 0; turn < 100; turn++) writer.write(samples);
    const before = process.memoryUsage();
    for (let turn = 0; turn < 9000; turn++) writer.write(samples);
    const after = process.memoryUsage();
    writer.close();

    expect(fs.statSync(file).size).toBe(44 + 9100 * 6400);
    // 58 MB were written; what stays in memory must not be anywhere near that.
    expect(after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)).toBeLessThan(8 * 1024 * 1024);
  });
});
