// Downscaling before sending: frames fit 320 px on the long side with their aspect, never enlarged; canvas RGBA is packed into the contract's RGB and back.

import { describe, expect, it } from 'vitest';
import { MAX_SENT_SIDE, fitWithin, rgbToRgba, rgbaToRgb } from '../../../renderer/src/video/downscale';

describe('fitWithin', () => {
  it('fits the long side to 320 px keeping the aspect', () => {
    expect(MAX_SENT_SIDE).toBe(320);
    expect(fitWithin(640, 480)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(1920, 1080)).toEqual({ width: 320, height: 180 });
    expect(fitWithin(1080, 1920)).toEqual({ width: 180, height: 320 });
    expect(fitWithin(2560, 1600)).toEqual({ width: 320, height: 200 });
    expect(fitWithin(1366, 768)).toEqual({ width: 320, height: 180 }); // 179.9 rounds to 180
  });

  it('never enlarges, never returns 0 for a real frame, and returns 0×0 while there is no picture', () => {
    expect(fitWithin(320, 240)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(160, 90)).toEqual({ width: 160, height: 90 });
    expect(fitWithin(10_000, 3)).toEqual({ width: 320, height: 1 });
    expect(fitWithin(0, 0)).toEqual({ width: 0, height: 0 });
    expect(fitWithin(Number.NaN, 480)).toEqual({ width: 0, height: 0 });
    expect(fitWithin(640, 480, 100)).toEqual({ width: 100, height: 75 });
  });
});

describe('rgbaToRgb / rgbToRgba', () => {
  it('drops alpha in pixel order and restores it opaque', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]);
    const rgb = rgbaToRgb(rgba, 2, 1);
    expect(Array.from(rgb)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(Array.from(rgbToRgba(rgb, 2, 1))).toEqual([1, 2, 3, 255, 5, 6, 7, 255]);
  });

  it('reuses an output array of the right size and refuses RGBA that is too short', () => {
    const into = new Uint8Array(3);
    expect(rgbaToRgb(new Uint8Array([9, 8, 7, 6]), 1, 1, into)).toBe(into);
    expect(Array.from(into)).toEqual([9, 8, 7]);
    expect(rgbaToRgb(new Uint8Array([9, 8, 7, 6]), 1, 1, new Uint8Array(6))).toHaveLength(3);
    expect(() => rgbaToRgb(new Uint8Array(4), 2, 1)).toThrow(/2×1 needs 8 RGBA bytes, got 4/);
  });
});
