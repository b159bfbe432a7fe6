// The cheap part of visual watches: a region of a frame summarised as a grid of cells (mean luma, share of pixels of one colour), and the compact groups of cells that changed.

import type { RgbFrame } from '../../../common/interaction';
import type { WatchColour, WatchRegion } from '../../../common/perception';

/** A watch's grid, fixed when its baseline is taken, so later frames of another resolution map onto the same cells. */
export interface CellLayout {
  region: WatchRegion;
  cols: number;
  rows: number;
}

export interface CellMeasure {
  /** Mean luma (BT.601, 0..255) per cell, row-major. */
  luma: Float32Array;
  /** Share of the cell's sampled pixels classified as the colour (all 0 when no colour is asked for). */
  share: Float32Array;
  /** The same with a lenient classifier (hue range 10° wider on each side, less saturation): a cell must be clearly *not* the colour by it before it can turn. */
  nearShare: Float32Array;
}

const WHOLE_FRAME: WatchRegion = { x: 0, y: 0, width: 1, height: 1 };
/** At most this many cells across: ~4 px cells on a 320 px frame, ~20 px on a 1920 px screen (a CI badge still covers several). */
const MAX_COLS = 96;
const MIN_CELL_PX = 4;
/** Pixels sampled per cell side: bounds the cost of a large screen frame without blurring a 320 px one. */
const SAMPLES_PER_SIDE = 4;

/** The grid for a region of a frame of this size: roughly square cells of at least 4 px, at most 96 across. */
export function cellLayout(region: WatchRegion | null, width: number, height: number): CellLayout {
  const r = region ?? WHOLE_FRAME;
  const regionW = Math.max(1, r.width * width);
  const regionH = Math.max(1, r.height * height);
  const cellPx = Math.max(MIN_CELL_PX, regionW / MAX_COLS);
  return { region: r, cols: Math.max(1, Math.round(regionW / cellPx)), rows: Math.max(1, Math.round(regionH / cellPx)) };
}

/**
 * Measures every cell of the layout on a frame. `gain` is the scene's brightness relative to the baseline
 * (1 for the baseline itself); white and black are judged on brightness divided by it, so dimming the
 * lights does not turn a white wall grey-black. `withNear` also fills nearShare (the baseline needs it).
 */
export function measureCells(frame: RgbFrame, layout: CellLayout, colour: WatchColour | null, gain = 1, withNear = false): CellMeasure {
  const { cols, rows, region } = layout;
  const luma = new Float32Array(cols * rows);
  const share = new Float32Array(cols * rows);
  const nearShare = new Float32Array(cols * rows);
  const { width, height, rgb } = frame;
  const left = region.x * width;
  const top = region.y * height;
  const cellW = (region.width * width) / cols;
  const cellH = (region.height * height) / rows;
  for (let row = 0; row < rows; row++) {
    const y0 = Math.min(height - 1, Math.floor(top + row * cellH));
    const y1 = Math.max(y0 + 1, Math.min(height, Math.floor(top + (row + 1) * cellH)));
    const stepY = Math.max(1, Math.ceil((y1 - y0) / SAMPLES_PER_SIDE));
    for (let col = 0; col < cols; col++) {
      const x0 = Math.min(width - 1, Math.floor(left + col * cellW));
      const x1 = Math.max(x0 + 1, Math.min(width, Math.floor(left + (col + 1) * cellW)));
      const stepX = Math.max(1, Math.ceil((x1 - x0) / SAMPLES_PER_SIDE));
      let sum = 0;
      let hits = 0;
      let nearHits = 0;
      let n = 0;
      for (let y = y0; y < y1; y += stepY) {
        let p = (y * width + x0) * 3;
        for (let x = x0; x < x1; x += stepX, p += stepX * 3) {
          const r = rgb[p];
          const g = rgb[p + 1];
          const b = rgb[p + 2];
          sum += 0.299 * r + 0.587 * g + 0.114 * b;
          if (colour !== null) {
            if (isColour(r, g, b, colour, gain)) hits++;
            if (withNear && isColour(r, g, b, colour, gain, true)) nearHits++;
          }
          n++;
        }
      }
      const c = row * cols + col;
      luma[c] = sum / n;
      share[c] = hits / n;
      nearShare[c] = nearHits / n;
    }
  }
  return { luma, share, nearShare };
}

/**
 * Whether a pixel is of a named colour. Chromatic colours are judged on hue and saturation, which a
 * change of lighting (a gain on all three channels) leaves alone; white and black on brightness / gain.
 */
export function isColour(r: number, g: number, b: number, colour: WatchColour, gain = 1, lenient = false): boolean {
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  const chroma = max - min;
  const saturation = max === 0 ? 0 : chroma / max;
  const value = max / gain;
  if (colour === 'white') return saturation < (lenient ? 0.25 : 0.18) && value >= (lenient ? 170 : 190);
  if (colour === 'black') return value < (lenient ? 60 : 45);
  // Too dark or too grey to have a trustworthy hue.
  if (saturation < (lenient ? 0.3 : 0.4) || value < (lenient ? 50 : 60) || chroma < (lenient ? 20 : 30)) return false;
  let hue: number;
  if (max === r) hue = (60 * (g - b)) / chroma;
  else if (max === g) hue = 60 * ((b - r) / chroma + 2);
  else hue = 60 * ((r - g) / chroma + 4);
  if (hue < 0) hue += 360;
  const [from, to] = HUES[colour];
  const widen = lenient ? 10 : 0;
  const lo = (from - widen + 360) % 360;
  const hi = (to + widen) % 360;
  return lo < hi ? hue >= lo && hue < hi : hue >= lo || hue < hi;
}

/** Hue ranges [from, to) in degrees; red wraps around 0. */
const HUES: Record<Exclude<WatchColour, 'white' | 'black'>, readonly [number, number]> = {
  red: [342, 14],
  orange: [14, 40],
  yellow: [40, 70],
  green: [75, 165],
  blue: [190, 255],
  purple: [255, 320],
};

/** Cells of the largest 8-connected group among the marked ones (a compact change, not scattered specks). */
export function largestGroup(marked: Uint8Array, cols: number, rows: number): number[] {
  const seen = new Uint8Array(marked.length);
  let best: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < marked.length; start++) {
    if (!marked[start] || seen[start]) continue;
    const group: number[] = [];
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const c = stack.pop() as number;
      group.push(c);
      const row = Math.floor(c / cols);
      const col = c - row * cols;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = row + dy;
        if (ny < 0 || ny >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = col + dx;
          if (nx < 0 || nx >= cols) continue;
          const n = ny * cols + nx;
          if (marked[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    if (group.length > best.length) best = group;
  }
  return best;
}

/** The scene's brightness now relative to the baseline: the median per-cell ratio, so a small local change does not move it. */
export function sceneGain(base: Float32Array, now: Float32Array): number {
  const ratios: number[] = [];
  for (let c = 0; c < base.length; c++) if (base[c] >= 12) ratios.push(now[c] / base[c]);
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  return Math.min(5, Math.max(0.2, ratios[Math.floor(ratios.length / 2)]));
}

/** The first and last column and row a group of cells spans. */
export function cellBounds(group: readonly number[], layout: CellLayout): { minCol: number; maxCol: number; minRow: number; maxRow: number } {
  let minCol = Infinity;
  let maxCol = -Infinity;
  let minRow = Infinity;
  let maxRow = -Infinity;
  for (const c of group) {
    const row = Math.floor(c / layout.cols);
    const col = c - row * layout.cols;
    minCol = Math.min(minCol, col);
    maxCol = Math.max(maxCol, col);
    minRow = Math.min(minRow, row);
    maxRow = Math.max(maxRow, row);
  }
  return { minCol, maxCol, minRow, maxRow };
}

/** The box (fractions of the frame) around a group of cells, for the firing's detail. */
export function groupBox(group: readonly number[], layout: CellLayout): WatchRegion {
  const { minCol, maxCol, minRow, maxRow } = cellBounds(group, layout);
  const cw = layout.region.width / layout.cols;
  const ch = layout.region.height / layout.rows;
  const round = (v: number) => Math.round(v * 10000) / 10000;
  return { x: round(layout.region.x + minCol * cw), y: round(layout.region.y + minRow * ch), width: round((maxCol - minCol + 1) * cw), height: round((maxRow - minRow + 1) * ch) };
}
