// Decides whether a sampled camera or screen frame is worth sending: a mean-luma thumbnail compared with the last SENT frame's.
//
// The engine perceives only changed frames anyway, but every frame sent costs 230 kB on the hot path
// (320×240 RGB), so the renderer drops unchanged ones first. The test is cheap on purpose: the frame
// is reduced to a THUMB_COLUMNS × THUMB_ROWS grid of mean luma (16×12 = 192 cells; at 320×240 a cell
// averages 20×20 = 400 pixels, which cuts a camera's per-pixel sensor noise of a few levels to well
// under one level), and a cell counts as changed when its mean moved by more than
// CELL_LUMA_THRESHOLD (6 of 255 levels). One changed cell is enough to send: on a screen a single
// edited line of text moves one cell's mean by more than that, and a false send costs one frame.
// The comparison is against the last frame SENT, not the last sampled, so a slow drift (a shadow
// moving 1 level per sample) is still sent once it adds up.

/** Thumbnail grid used for the change test (cells across × down). */
export const THUMB_COLUMNS = 16;
export const THUMB_ROWS = 12;
/** A cell changed when its mean luma (0–255) moved by more than this. */
export const CELL_LUMA_THRESHOLD = 6;

/** A rectangle in the pixel coordinates of the frame it belongs to. */
export interface FrameRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Mean luma (BT.601 weights) per cell of a columns × rows grid over a tightly packed RGB frame. */
export function lumaThumbnail(rgb: Uint8Array, width: number, height: number, columns = THUMB_COLUMNS, rows = THUMB_ROWS): Float32Array {
  const sums = new Float64Array(columns * rows);
  const counts = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height)) * columns;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.min(columns - 1, Math.floor((x * columns) / width));
      const i = (y * width + x) * 3;
      sums[cell] += 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
      counts[cell]++;
    }
  }
  const means = new Float32Array(columns * rows);
  for (let c = 0; c < means.length; c++) means[c] = counts[c] ? sums[c] / counts[c] : 0;
  return means;
}

/** Indices of the cells whose mean moved by more than `threshold` between two thumbnails of the same grid. */
export function changedCells(previous: Float32Array, next: Float32Array, threshold = CELL_LUMA_THRESHOLD): number[] {
  const changed: number[] = [];
  for (let c = 0; c < next.length; c++) if (Math.abs(next[c] - previous[c]) > threshold) changed.push(c);
  return changed;
}

/**
 * Groups changed cells into boxes (4-connected groups of cells, each box the group's bounds) in frame
 * pixels, so an overlay can outline what moved: a waving hand is one box, not thirty cells.
 */
export function regionsOfCells(cells: readonly number[], width: number, height: number, columns = THUMB_COLUMNS, rows = THUMB_ROWS): FrameRegion[] {
  const marked = new Uint8Array(columns * rows);
  for (const cell of cells) marked[cell] = 1;
  const regions: FrameRegion[] = [];
  const stack: number[] = [];
  for (const start of cells) {
    if (marked[start] !== 1) continue;
    marked[start] = 2;
    stack.push(start);
    let minX = columns, minY = rows, maxX = -1, maxY = -1;
    while (stack.length) {
      const cell = stack.pop()!;
      const cx = cell % columns;
      const cy = Math.floor(cell / columns);
      minX = Math.min(minX, cx); maxX = Math.max(maxX, cx);
      minY = Math.min(minY, cy); maxY = Math.max(maxY, cy);
      const neighbours = [cx > 0 ? cell - 1 : -1, cx < columns - 1 ? cell + 1 : -1, cy > 0 ? cell - columns : -1, cy < rows - 1 ? cell + columns : -1];
      for (const n of neighbours) {
        if (n >= 0 && marked[n] === 1) {
          marked[n] = 2;
          stack.push(n);
        }
      }
    }
    const x0 = Math.floor((minX * width) / columns);
    const y0 = Math.floor((minY * height) / rows);
    const x1 = Math.floor(((maxX + 1) * width) / columns);
    const y1 = Math.floor(((maxY + 1) * height) / rows);
    regions.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }
  return regions;
}

export type FrameVerdict =
  /** Send it; `regions` are what changed since the last sent frame (the whole frame for the first one or after a size change). */
  | { send: true; regions: FrameRegion[]; changedShare: number }
  | { send: false };

/** Remembers the last SENT frame's thumbnail and judges each new sample against it. */
export class FrameChangeDetector {
  private last: { thumbnail: Float32Array; width: number; height: number } | null = null;

  constructor(private readonly threshold = CELL_LUMA_THRESHOLD) {}

  /** Judges a frame; a frame judged `send` becomes the new reference (the caller is expected to send it). */
  check(rgb: Uint8Array, width: number, height: number): FrameVerdict {
    const thumbnail = lumaThumbnail(rgb, width, height);
    const previous = this.last;
    if (!previous || previous.width !== width || previous.height !== height) {
      this.last = { thumbnail, width, height };
      return { send: true, regions: [{ x: 0, y: 0, width, height }], changedShare: 1 };
    }
    const cells = changedCells(previous.thumbnail, thumbnail, this.threshold);
    if (cells.length === 0) return { send: false };
    this.last = { thumbnail, width, height };
    return { send: true, regions: regionsOfCells(cells, width, height), changedShare: cells.length / thumbnail.length };
  }

  /** Forgets the reference: the next frame is sent whatever it shows (a capture that restarted). */
  reset(): void {
    this.last = null;
  }
}
