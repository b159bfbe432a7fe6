// The worklets' resampling: 48 kHz → 16 kHz keeps speech-band tones, removes what would alias; 16 kHz → 48 kHz triples the length.

import { describe, expect, it } from 'vitest';
import { Downsampler, SampleQueue, Upsampler, lowPassTaps } from '../../renderer/src/audio/resampler';

const tone = (hz: number, rate: number, samples: number) => Float32Array.from({ length: samples }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('resampler', () => {
  it('low-pass taps have unity DC gain', () => {
    expect(lowPassTaps(0.15, 63).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('downsamples 48 kHz to exactly a third of the samples, streamed in 128-sample blocks', () => {
    const down = new Downsampler(48_000, 16_000);
    let total = 0;
    for (let block = 0; block < 375; block++) total += down.process(new Float32Array(128)).length;
    expect(total).toBe(16_000);
  });

  it('passes a 1 kHz tone and stops a 12 kHz tone (which would alias to 4 kHz)', () => {
    const pass = new Downsampler(48_000, 16_000).process(tone(1_000, 48_000, 48_000)).subarray(200);
    const stop = new Downsampler(48_000, 16_000).process(tone(12_000, 48_000, 48_000)).subarray(200);
    expect(rms(pass)).toBeGreaterThan(0.65);
    expect(rms(stop)).toBeLessThan(0.01);
  });

  it('upsamples 16 kHz to 48 kHz with three times the samples', () => {
    const up = new Upsampler(16_000, 48_000);
    expect(up.process(new Float32Array(3_200)).length).toBe(9_600);
  });

  it('a sample queue drops the oldest samples when full and empties on clear', () => {
    const queue = new SampleQueue(4);
    queue.push(Float32Array.from([1, 2, 3, 4, 5, 6]));
    const out = new Float32Array(4);
    expect(queue.pull(out)).toBe(4);
    expect([...out]).toEqual([3, 4, 5, 6]);
    queue.push(Float32Array.from([7]));
    queue.clear();
    expect(queue.length).toBe(0);
  });
});
