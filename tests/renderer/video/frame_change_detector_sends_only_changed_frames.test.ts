// The renderer's change test: a frame is sent only when a thumbnail cell moved by more than the threshold since the last SENT frame, with the changed regions.

import { describe, expect, it } from 'vitest';
import {
  CELL_LUMA_THRESHOLD,
  FrameChangeDetector,
  THUMB_COLUMNS,
  THUMB_ROWS,
  changedCells,
  lumaThumbnail,
  regionsOfCells,
} from '../../../renderer/src/video/frameChange';

const W = 160;
const H = 120; // a cell is 10×10 px on the 16×12 grid

function grey(level: number): Uint8Array {
  return new Uint8Array(W * H * 3).fill(level);
}

/** Paints a rectangle of a grey level into an RGB frame (in place). */
function paint(rgb: Uint8Array, x0: number, y0: number, width: number, height: number, level: number): Uint8Array {
  for (let y = y0; y < y0 + height; y++) for (let x = x0; x < x0 + width; x++) rgb.fill(level, (y * W + x) * 3, (y * W + x) * 3 + 3);
  return rgb;
}

describe('lumaThumbnail and changedCells', () => {
  it('averages each cell with BT.601 weights', () => {
    const rgb = new Uint8Array(W * H * 3);
    for (let p = 0; p < W * H; p++) rgb.set([255, 0, 0], p * 3); // pure red: luma 0.299·255
    const thumbnail = lumaThumbnail(rgb, W, H);
    expect(thumbnail).toHaveLength(THUMB_COLUMNS * THUMB_ROWS);
    for (const mean of thumbnail) expect(mean).toBeCloseTo(0.299 * 255, 3);
  });

  it('counts a cell as changed only above the threshold', () => {
    const a = new Float32Array([10, 10, 10]);
    const b = new Float32Array([10 + CELL_LUMA_THRESHOLD, 10 + CELL_LUMA_THRESHOLD + 0.5, 10 - CELL_LUMA_THRESHOLD - 1]);
    expect(changedCells(a, b)).toEqual([1, 2]);
  });
});

describe('FrameChangeDetector', () => {
  it('sends the first frame whole, then nothing while the picture stays within the threshold', () => {
    const detector = new FrameChangeDetector();
    expect(detector.check(grey(100), W, H)).toEqual({ send: true, regions: [{ x: 0, y: 0, width: W, height: H }], changedShare: 1 });
    expect(detector.check(grey(100), W, H)).toEqual({ send: false });
    // Uniform noise-like drift of 6 levels (the threshold) is not a change.
    expect(detector.check(grey(100 + CELL_LUMA_THRESHOLD), W, H)).toEqual({ send: false });
  });

  it('sends a frame where one area changed, with that area as the region (cell-aligned)', () => {
    const detector = new FrameChangeDetector();
    detector.check(grey(100), W, H);
    const verdict = detector.check(paint(grey(100), 20, 30, 20, 20, 200), W, H); // exactly cells (2..3, 3..4)
    expect(verdict).toEqual({ send: true, regions: [{ x: 20, y: 30, width: 20, height: 20 }], changedShare: 4 / (THUMB_COLUMNS * THUMB_ROWS) });
  });

  it('compares against the last SENT frame, so a slow drift is sent once it adds up', () => {
    const detector = new FrameChangeDetector();
    detector.check(grey(100), W, H);
    expect(detector.check(grey(104), W, H).send).toBe(false);
    expect(detector.check(grey(108), W, H).send).toBe(true); // 8 levels from the sent 100
    expect(detector.check(grey(112), W, H).send).toBe(false); // 4 levels from the sent 108
  });

  it('sends whole after a size change or a reset', () => {
    const detector = new FrameChangeDetector();
    detector.check(grey(100), W, H);
    expect(detector.check(new Uint8Array(80 * 60 * 3).fill(100), 80, 60)).toEqual({ send: true, regions: [{ x: 0, y: 0, width: 80, height: 60 }], changedShare: 1 });
    detector.reset();
    expect(detector.check(new Uint8Array(80 * 60 * 3).fill(100), 80, 60).send).toBe(true);
  });
});

describe('regionsOfCells', () => {
  it('joins 4-connected cells into one box and keeps separate groups apart', () => {
    // Cells 0,1 and 16 (below 0) touch; cell 40 (row 2, column 8) stands alone; 17+... no diagonal joins.
    const regions = regionsOfCells([0, 1, THUMB_COLUMNS, 2 * THUMB_COLUMNS + 8], W, H);
    expect(regions).toEqual([
      { x: 0, y: 0, width: 20, height: 20 },
      { x: 80, y: 20, width: 10, height: 10 },
    ]);
    expect(regionsOfCells([0, THUMB_COLUMNS + 1], W, H)).toHaveLength(2); // diagonal neighbours are separate
    expect(regionsOfCells([], W, H)).toEqual([]);
  });
});
