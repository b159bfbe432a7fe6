// The playback buffer: silent until 80 ms are buffered, then plays at 48 kHz; a flush drops everything at once.

import { describe, expect, it } from 'vitest';
import { PlaybackBuffer } from '../../renderer/src/audio/playbackBuffer';

const QUANTUM = 128;

describe('PlaybackBuffer', () => {
  it('stays silent until the jitter buffer holds 80 ms, then plays the voice', () => {
    const buffer = new PlaybackBuffer(48_000);
    buffer.push(new Float32Array(960).fill(0.5)); // 60 ms at 16 kHz → 2 880 samples at 48 kHz
    const out = new Float32Array(QUANTUM);
    expect(buffer.render(out)).toBe(0);
    expect(out.every((v) => v === 0)).toBe(true);
    buffer.push(new Float32Array(640).fill(0.5)); // now 100 ms
    expect(buffer.render(out)).toBe(QUANTUM);
    expect(out[QUANTUM - 1]).toBeCloseTo(0.5, 5);
  });

  it('drops everything buffered on flush and plays nothing more', () => {
    const buffer = new PlaybackBuffer(48_000);
    buffer.push(new Float32Array(3_200).fill(0.5));
    const out = new Float32Array(QUANTUM);
    buffer.render(out);
    buffer.flush();
    expect(buffer.bufferedSamples).toBe(0);
    expect(buffer.render(out)).toBe(0);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(buffer.played).toBe(QUANTUM);
  });
});
