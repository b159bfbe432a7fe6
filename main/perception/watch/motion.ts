// Whether the content around a change moved vertically between two frames (a scrolled editor, a log pushing lines up): what moved there was not a badge turning a colour.

import type { RgbFrame } from '../../../common/interaction';

/** A box of pixels, [x0, x1) × [y0, y1). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface VerticalShift {
  /** The shift (pixels; content moved up when > 0) that explains the area best. */
  shiftPx: number;
  /** Mean absolute luma difference with no shift, and at the best shift (8-bit levels). */
  stillError: number;
  shiftedError: number;
}

/** Samples per shift tried: bounds the cost on a large screen (this runs only when a colour group is about to fire). */
const MAX_SAMPLES = 4000;

/**
 * Finds the vertical shift within ±maxShiftPx that best maps `previous` onto `now` inside `area`, with
 * the pixels of `changed` left out (the change itself is what is being explained, not evidence).
 * Null when the frames differ in size or nothing is left to compare.
 */
export function verticalShift(previous: RgbFrame, now: RgbFrame, area: PixelBox, changed: PixelBox, maxShiftPx: number): VerticalShift | null {
  if (previous.width !== now.width || previous.height !== now.height) return null;
  const { width, height } = now;
  const x0 = Math.max(0, Math.floor(area.x0));
  const x1 = Math.min(width, Math.ceil(area.x1));
  const y0 = Math.max(0, Math.floor(area.y0));
  const y1 = Math.min(height, Math.ceil(area.y1));
  if (x1 <= x0 || y1 <= y0) return null;
  const stride = Math.max(1, Math.ceil(((x1 - x0) * (y1 - y0)) / MAX_SAMPLES));
  const xs: number[] = [];
  for (let x = x0; x < x1; x += stride) xs.push(x);
  // Luma once per sampled pixel: every row of the area in this frame (shifts are in pixels, so rows are not thinned), and of the previous frame as far as any shift reaches.
  const rowsNow = y1 - y0;
  const prevTop = Math.max(0, y0 - maxShiftPx);
  const prevBottom = Math.min(height, y1 + maxShiftPx);
  const lumaNow = new Float32Array(rowsNow * xs.length);
  const lumaPrevious = new Float32Array((prevBottom - prevTop) * xs.length);
  const keep = new Uint8Array(rowsNow * xs.length);
  let kept = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const k = (y - y0) * xs.length + i;
      lumaNow[k] = luma(now.rgb, (y * width + x) * 3);
      const outside = x < changed.x0 || x >= changed.x1 || y < changed.y0 || y >= changed.y1;
      keep[k] = outside ? 1 : 0;
      kept += keep[k];
    }
  }
  for (let y = prevTop; y < prevBottom; y++) {
    for (let i = 0; i < xs.length; i++) lumaPrevious[(y - prevTop) * xs.length + i] = luma(previous.rgb, (y * width + xs[i]) * 3);
  }
  const errorAt = (shift: number): number => {
    let sum = 0;
    let n = 0;
    for (let y = y0; y < y1; y++) {
      const py = y + shift;
      if (py < prevTop || py >= prevBottom) continue;
      const rowNow = (y - y0) * xs.length;
      const rowPrev = (py - prevTop) * xs.length;
      for (let i = 0; i < xs.length; i++) {
        if (!keep[rowNow + i]) continue;
        sum += Math.abs(lumaNow[rowNow + i] - lumaPrevious[rowPrev + i]);
        n++;
      }
    }
    // Too little overlap left to judge this shift.
    return n < 0.25 * kept || n === 0 ? Infinity : sum / n;
  };
  const stillError = errorAt(0);
  if (!Number.isFinite(stillError)) return null;
  let best = { shiftPx: 0, error: stillError };
  for (let s = 1; s <= maxShiftPx; s++) {
    for (const shift of [s, -s]) {
      const e = errorAt(shift);
      if (e < best.error) best = { shiftPx: shift, error: e };
    }
  }
  return { shiftPx: best.shiftPx, stillError, shiftedError: best.error };
}

function luma(rgb: Uint8Array, p: number): number {
  return 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
}
