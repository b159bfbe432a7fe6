// The scroll check behind the colour watch: it finds by how many pixels content moved up or down between two frames, says "no shift" for content that changed in place, and declines frames it cannot compare.

import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import { verticalShift } from '../../../../main/perception/watch/motion';

const W = 120;
const H = 90;

/** Stripes of text-like runs whose pattern depends on the content row (row + offset), so a scroll is a change of offset. */
function page(offset: number, extra?: (x: number, y: number) => number | null): RgbFrame {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    const line = Math.floor((y + offset) / 6);
    const inRun = (y + offset) % 6 < 3;
    for (let x = 0; x < W; x++) {
      const run = inRun && ((x + line * 7) % 23) < 11 + (line % 5);
      let v = run ? 200 - (line % 4) * 30 : 30;
      const override = extra?.(x, y);
      if (override !== null && override !== undefined) v = override;
      rgb.set([v, v, v], (y * W + x) * 3);
    }
  }
  return { rgb, width: W, height: H, atMs: 0, frameIndex: 0 };
}

const AREA = { x0: 10, y0: 10, x1: 110, y1: 80 };
const CHANGED = { x0: 50, y0: 40, x1: 70, y1: 50 };

describe('verticalShift', () => {
  it('finds the number of pixels the content scrolled up, and down', () => {
    const up = verticalShift(page(0), page(7), AREA, CHANGED, 12);
    expect(up?.shiftPx).toBe(7);
    expect(up?.shiftedError).toBe(0);
    expect(up?.stillError).toBeGreaterThan(20);
    expect(verticalShift(page(7), page(2), AREA, CHANGED, 12)?.shiftPx).toBe(-5);
  });

  it('finds no shift when only the changed box changed (a badge turning a colour on a still page)', () => {
    const badge = (x: number, y: number) => (x >= CHANGED.x0 && x < CHANGED.x1 && y >= CHANGED.y0 && y < CHANGED.y1 ? 120 : null);
    const found = verticalShift(page(3), page(3, badge), AREA, CHANGED, 12);
    expect(found).toEqual({ shiftPx: 0, stillError: 0, shiftedError: 0 });
  });

  it('declines frames of different sizes and an area outside the frame', () => {
    const small: RgbFrame = { rgb: new Uint8Array(60 * 45 * 3), width: 60, height: 45, atMs: 0, frameIndex: 0 };
    expect(verticalShift(small, page(0), AREA, CHANGED, 12)).toBeNull();
    expect(verticalShift(page(0), page(4), { x0: 200, y0: 200, x1: 300, y1: 300 }, CHANGED, 12)).toBeNull();
  });
});
