// What the live model hears is what mic.wav keeps: browser floats are put on the 16-bit grid first, and the file reads back bit for bit.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWavMono16k } from '../../../main/engine/media/wav';
import { WavStreamWriter } from '../../../main/engine/media/wavWriter';
import { forPcm16Writer, quantizeToPcm16 } from '../../../main/live/liveSession';

const dir = mkdtempSync(join(tmpdir(), 'tandem-pcm16-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('live mic quantization', () => {
  it('round-trips through WavStreamWriter and readWavMono16k without a single changed sample', () => {
    // Floats like an AudioWorklet's, off the grid, over the whole range, the extremes and out-of-range values included.
    const raw = new Float32Array(3_200);
    let seed = 12345;
    for (let i = 0; i < raw.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      raw[i] = (seed / 2 ** 31) * 2.2 - 1.1;
    }
    raw.set([1, -1, 0.5, -0.5, 0.999999, 32767.5 / 32768, Number.NaN, 0]);
    const heard = quantizeToPcm16(raw);
    expect(heard.some((value, i) => value !== raw[i])).toBe(true);
    const path = join(dir, 'mic.wav');
    const writer = new WavStreamWriter(path);
    writer.write(forPcm16Writer(heard, new Float32Array(heard.length)));
    writer.close();
    const read = readWavMono16k(path).samples;
    expect(read.length).toBe(heard.length);
    const differing = heard.findIndex((value, i) => value !== read[i]);
    expect(differing).toBe(-1);
    expect(Array.from(heard.subarray(0, 8))).toEqual([32767 / 32768, -1, 0.5, -0.5, 32767 / 32768, 32767 / 32768, 0, 0]);
  });
});
