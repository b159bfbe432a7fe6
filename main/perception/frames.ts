// Camera and screen frames → change detection on a tiny luma thumbnail → downscaled 40×40 RGB patches (ChangedFrame).
//
// Frames are tightly packed RGB (width·height·3 bytes, row-major, no alpha, no row padding).
// Per tick the engine calls FramePerceiver.perceive(source, frame). Most ticks the picture has not
// moved, so the change test must be the only work then. It has two stages: a byte comparison with
// the last frame passed on (native memcmp: a still screen delivers identical bytes), then, if any
// byte differs, a small grid of mean luma (32×24 for the camera, from a sample of its pixels;
// 64×48 for the screen, from every pixel) compared cell by cell with the grid of that frame. Only
// a changed frame is downscaled (area averaging) and cut into patches.

import { Buffer } from 'node:buffer';
import { z } from 'zod';
import type { RgbFrame } from '../../common/interaction';
import { TandemError } from '../../common/errors';
import { PATCH_SIZE, type ChangedFrame, type VisualSource } from '../../common/microturn';

const BYTES_PER_PATCH = PATCH_SIZE * PATCH_SIZE * 3;

// --- configuration ------------------------------------------------------------------------------

const patchMultiple = z
  .number()
  .int()
  .positive()
  .refine((v) => v % PATCH_SIZE === 0, { message: `must be a multiple of ${PATCH_SIZE}` });

const FramePatchConfigSchema = z.strictObject({
  /**
   * The box a frame is downscaled to fit, keeping its aspect. 320×240 = 8×6 = 48 patches: enough to
   * read a face or a window layout, few enough that the interaction model's hMLP stays cheap.
   * Frames smaller than the box are not enlarged (it would add patches without adding detail).
   */
  maxWidth: patchMultiple.default(320),
  maxHeight: patchMultiple.default(240),
});

export interface FrameChangeConfig {
  /** Luma grid compared between frames (cells across × down). */
  gridWidth: number;
  gridHeight: number;
  /** A cell counts as changed when its mean luma (0–255) moved by more than this. */
  cellLumaThreshold: number;
  /** The frame counts as changed when the share of changed cells exceeds this (0..1). */
  minChangedShare: number;
  /**
   * About how many pixels of each cell are averaged (every n-th pixel of every n-th row, n chosen
   * from the frame size so the cost does not grow with the resolution), or 'all'. Sampling is
   * fine against noise but can step over a 1–2 px stroke, so text needs 'all'.
   */
  samplesPerCell: number | 'all';
}

/**
 * Camera: sensor noise moves single pixels by a few levels every frame. Averaging 25 pixels per
 * cell (at 640×480: every 4th pixel of a 20×20 cell) cuts that noise five-fold, far below the
 * 10-level threshold; and 2 % of cells (≈ 15) ignores flicker in a corner, while a head turn or a
 * raised hand changes far more. Cost: 768 cells × 25 samples ≈ 0.1 ms.
 */
export const CAMERA_CHANGE_DEFAULTS: Readonly<FrameChangeConfig> = Object.freeze({
  gridWidth: 32,
  gridHeight: 24,
  cellLumaThreshold: 10,
  minChangedShare: 0.02,
  samplesPerCell: 25,
});

/**
 * Screen: no sensor noise, but what matters is small: one typed character in an editor. A still
 * screen is caught by the byte comparison (~0.25 ms for 1920×1080), so the grid is only computed
 * when some pixel really differs, and then from every pixel: sampling would step over thin glyph
 * strokes. On 1920×1080 a 64×48 grid makes a cell 30×22 px; a glyph (~8×16 px, 40–70 px of ink)
 * moves its cell's mean by ≥ 5 levels even when it straddles cells, so a 4-level threshold and a
 * single changed cell catch it. A '.' alone (4 px of ink) may wait for the next keystroke; a
 * blinking caret counts as a change.
 */
export const SCREEN_CHANGE_DEFAULTS: Readonly<FrameChangeConfig> = Object.freeze({
  gridWidth: 64,
  gridHeight: 48,
  cellLumaThreshold: 4,
  minChangedShare: 0,
  samplesPerCell: 'all',
});

/** One schema per source so that overriding one field keeps that source's other defaults. */
function frameChangeConfigSchema(defaults: Readonly<FrameChangeConfig>) {
  return z.strictObject({
    gridWidth: z.number().int().min(1).max(256).default(defaults.gridWidth),
    gridHeight: z.number().int().min(1).max(256).default(defaults.gridHeight),
    cellLumaThreshold: z.number().min(0).max(255).default(defaults.cellLumaThreshold),
    minChangedShare: z.number().min(0).max(1).default(defaults.minChangedShare),
    samplesPerCell: z.union([z.number().int().min(1), z.literal('all')]).default(defaults.samplesPerCell),
  });
}

const CameraChangeConfigSchema = frameChangeConfigSchema(CAMERA_CHANGE_DEFAULTS);
const ScreenChangeConfigSchema = frameChangeConfigSchema(SCREEN_CHANGE_DEFAULTS);

const FramePerceiverConfigSchema = z.strictObject({
  patches: FramePatchConfigSchema.prefault({}),
  camera: CameraChangeConfigSchema.prefault({}),
  screen: ScreenChangeConfigSchema.prefault({}),
});

export type FramePatchConfig = z.infer<typeof FramePatchConfigSchema>;
export type FramePerceiverConfig = z.infer<typeof FramePerceiverConfigSchema>;
export type FramePerceiverConfigInput = z.input<typeof FramePerceiverConfigSchema>;
/** The full frame perception config (patch box, camera and screen change tests) after defaults. */
export type FrameConfig = FramePerceiverConfig;

function parseConfig<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TandemError(
      'CONFIG_INVALID',
      `Invalid frame perception config: ${z.prettifyError(parsed.error)}`,
      where,
      `Fix the listed fields; patch sizes must be positive multiples of ${PATCH_SIZE}.`,
    );
  }
  return parsed.data;
}

export type { RgbFrame };

// --- input validation ---------------------------------------------------------------------------


function assertFrame(source: VisualSource, frame: RgbFrame): void {
  const where = `${String(source)} frame ${String(frame?.frameIndex)}`;
  const fail = (what: string, hint: string): never => {
    throw new TandemError('MEDIA_INVALID', what, where, hint);
  };
  if (source !== 'camera' && source !== 'screen') {
    fail(`Unknown visual source "${String(source)}"`, 'Pass "camera" or "screen".');
  }
  const { rgb, width, height, atMs, frameIndex } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    fail(`Frame size ${width}×${height} is not a positive whole number of pixels`, 'Pass the real pixel width and height of the frame.');
  }
  if (!Number.isFinite(atMs) || !Number.isInteger(frameIndex) || frameIndex < 0) {
    fail(`Frame timing atMs=${atMs}, frameIndex=${frameIndex} is invalid`, 'Pass a finite media time in ms and a non-negative integer frame index.');
  }
  if (!(rgb instanceof Uint8Array)) {
    fail('Frame pixels are not a Uint8Array', 'Pass the pixels as a Uint8Array (a Buffer works too) of packed RGB bytes.');
  }
  const expected = width * height * 3;
  if (rgb.length !== expected) {
    const looksRgba = rgb.length === width * height * 4;
    fail(
      `Frame has ${rgb.length} bytes, expected ${expected} for ${width}×${height} RGB` +
        (looksRgba ? ' (the size of RGBA)' : ''),
      looksRgba
        ? 'Drop the alpha channel: pass 3 bytes per pixel.'
        : 'Pass tightly packed RGB, 3 bytes per pixel with no row padding, and the size it was captured at.',
    );
  }
}

// --- downscaling into patches -------------------------------------------------------------------

/**
 * Size after downscaling: fit the frame into the configured box keeping its aspect (never scaling
 * up: a small frame would gain patches but no detail), then round each side to the nearest
 * multiple of 40, at least one patch and at most the box. The rounding moves a side by at most
 * half a patch (20 px), so the aspect is kept to within that.
 */
export function patchGridSize(width: number, height: number, config: FramePatchConfig): { width: number; height: number } {
  const scale = Math.min(1, config.maxWidth / width, config.maxHeight / height);
  const snap = (side: number, max: number): number =>
    Math.min(max, Math.max(PATCH_SIZE, Math.round((side * scale) / PATCH_SIZE) * PATCH_SIZE));
  return { width: snap(width, config.maxWidth), height: snap(height, config.maxHeight) };
}

/**
 * Area-averaging weights along one axis: output pixel i averages source interval [i·s, (i+1)·s)
 * with s = from/to, each source pixel weighted by how much of it lies inside. Works for
 * enlarging too (then each output pixel lies within one or two source pixels).
 */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  offset: Int32Array;
  weights: Float32Array;
}

function areaWeights(from: number, to: number): AxisWeights {
  const scale = from / to;
  const first = new Int32Array(to);
  const count = new Int32Array(to);
  const offset = new Int32Array(to);
  const weights: number[] = [];
  for (let i = 0; i < to; i++) {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const a = Math.floor(lo);
    const b = Math.min(from, Math.ceil(hi));
    first[i] = a;
    offset[i] = weights.length;
    for (let j = a; j < b; j++) {
      const overlap = Math.min(hi, j + 1) - Math.max(lo, j);
      weights.push(Math.max(0, overlap) / scale);
    }
    count[i] = b - a;
  }
  return { first, count, offset, weights: Float32Array.from(weights) };
}

/** Downscales RGB frames into patch order. Weight tables and the intermediate rows are reused while the frame size stays the same. */
export class FramePatcher {
  private readonly config: FramePatchConfig;
  private sourceWidth = 0;
  private sourceHeight = 0;
  private targetWidth = 0;
  private targetHeight = 0;
  private horizontal: AxisWeights | null = null;
  private vertical: AxisWeights | null = null;
  /** Source rows after horizontal averaging: sourceHeight × targetWidth × 3. */
  private rows = new Float32Array(0);

  constructor(config: Partial<FramePatchConfig> = {}) {
    this.config = parseConfig(FramePatchConfigSchema, config, 'FramePatcher config');
  }

  /** Downscales `rgb` (width·height·3) and returns the patches with the size they were cut from. */
  patchify(rgb: Uint8Array, width: number, height: number): { patches: Uint8Array; width: number; height: number; patchCount: number } {
    this.prepare(width, height);
    const { targetWidth: tw, targetHeight: th, rows } = this;
    // Locals rather than property reads inside the loops: V8 cannot hoist those past typed-array stores.
    const { first: hFirst, count: hCount, offset: hOffset, weights: hWeights } = this.horizontal as AxisWeights;
    const { first: vFirst, count: vCount, offset: vOffset, weights: vWeights } = this.vertical as AxisWeights;
    const rowStride = tw * 3;

    // Horizontal pass: every source row → targetWidth averaged pixels.
    for (let y = 0; y < height; y++) {
      const srcRow = y * width * 3;
      const dstRow = y * rowStride;
      for (let x = 0; x < tw; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        const w0 = hOffset[x];
        const w1 = w0 + hCount[x];
        let p = srcRow + hFirst[x] * 3;
        for (let j = w0; j < w1; j++, p += 3) {
          const w = hWeights[j];
          r += rgb[p] * w;
          g += rgb[p + 1] * w;
          b += rgb[p + 2] * w;
        }
        const d = dstRow + x * 3;
        rows[d] = r;
        rows[d + 1] = g;
        rows[d + 2] = b;
      }
    }

    // Vertical pass, written straight into patch order: patch (py, px) holds rows py·40.. and columns px·40..
    const patchesPerRow = tw / PATCH_SIZE;
    const patchCount = patchesPerRow * (th / PATCH_SIZE);
    const patches = new Uint8Array(patchCount * BYTES_PER_PATCH);
    for (let y = 0; y < th; y++) {
      const w0 = vOffset[y];
      const w1 = w0 + vCount[y];
      const rowStart = vFirst[y] * rowStride;
      const patchRowBase = Math.floor(y / PATCH_SIZE) * patchesPerRow * BYTES_PER_PATCH + (y % PATCH_SIZE) * PATCH_SIZE * 3;
      for (let x = 0; x < tw; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        let p = rowStart + x * 3;
        for (let j = w0; j < w1; j++, p += rowStride) {
          const w = vWeights[j];
          r += rows[p] * w;
          g += rows[p + 1] * w;
          b += rows[p + 2] * w;
        }
        const d = patchRowBase + Math.floor(x / PATCH_SIZE) * BYTES_PER_PATCH + (x % PATCH_SIZE) * 3;
        // Uint8Array stores by truncation; +0.5 rounds, and float error can only push a full 255 to 255.0x.
        patches[d] = Math.min(255, r + 0.5);
        patches[d + 1] = Math.min(255, g + 0.5);
        patches[d + 2] = Math.min(255, b + 0.5);
      }
    }
    return { patches, width: tw, height: th, patchCount };
  }

  private prepare(width: number, height: number): void {
    if (width === this.sourceWidth && height === this.sourceHeight) return;
    const target = patchGridSize(width, height, this.config);
    this.sourceWidth = width;
    this.sourceHeight = height;
    this.targetWidth = target.width;
    this.targetHeight = target.height;
    this.horizontal = areaWeights(width, target.width);
    this.vertical = areaWeights(height, target.height);
    this.rows = new Float32Array(height * target.width * 3);
  }
}

// --- change detection ---------------------------------------------------------------------------

export interface FrameChange {
  changed: boolean;
  /** Share of grid cells whose mean luma moved by more than the threshold (0..1). */
  changedShare: number;
}

/**
 * Decides whether a frame differs enough from the last frame passed on. Comparing with the last
 * frame passed on (not the previous frame) means a slow drift is caught once it adds up, and
 * averaging many pixels per cell makes per-pixel sensor noise vanish before the threshold.
 *
 * It keeps a copy of the last frame passed on and its luma grid. Each band of grid cells (the
 * rows of pixels under one row of cells) is first compared byte for byte (native memcmp); only
 * bands with a differing byte are averaged again. A still screen thus costs one memcmp of the
 * frame, and one typed line re-averages one or two bands, not the whole frame.
 */
export class FrameChangeDetector {
  private readonly config: FrameChangeConfig;
  private reference: Float32Array;
  private current: Float32Array;
  private referencePixels: Buffer = Buffer.alloc(0);
  private hasReference = false;
  private referenceWidth = 0;
  private referenceHeight = 0;

  /** Fields left out take the camera defaults. */
  constructor(config: Partial<FrameChangeConfig> = {}) {
    this.config = parseConfig(CameraChangeConfigSchema, config, 'FrameChangeDetector config');
    const cells = this.config.gridWidth * this.config.gridHeight;
    this.reference = new Float32Array(cells);
    this.current = new Float32Array(cells);
  }

  /** Tests `rgb` (width·height·3) and, when it changed, makes it the new reference. */
  check(rgb: Uint8Array, width: number, height: number): FrameChange {
    const { gridWidth, gridHeight, cellLumaThreshold, minChangedShare } = this.config;
    const stride = this.sampleStride(width, height);
    if (!this.hasReference || width !== this.referenceWidth || height !== this.referenceHeight) {
      for (let cy = 0; cy < gridHeight; cy++) this.averageBand(rgb, width, height, cy, stride);
      this.accept(rgb, width, height);
      return { changed: true, changedShare: 1 };
    }
    const pixels = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
    let changedCells = 0;
    let differingBands = 0;
    for (let cy = 0; cy < gridHeight; cy++) {
      const start = cellStart(cy, gridHeight, height) * width * 3;
      const end = cellEnd(cy, gridHeight, height) * width * 3;
      const rowOfCells = cy * gridWidth;
      if (pixels.compare(this.referencePixels, start, end, start, end) === 0) {
        this.current.set(this.reference.subarray(rowOfCells, rowOfCells + gridWidth), rowOfCells);
        continue;
      }
      differingBands++;
      this.averageBand(rgb, width, height, cy, stride);
      for (let i = rowOfCells; i < rowOfCells + gridWidth; i++) {
        if (Math.abs(this.current[i] - this.reference[i]) > cellLumaThreshold) changedCells++;
      }
    }
    if (differingBands === 0) return { changed: false, changedShare: 0 };
    const changedShare = changedCells / (gridWidth * gridHeight);
    // A share of 0 never counts: with minChangedShare 0, one changed cell is enough, none is not.
    const changed = changedCells > 0 && changedShare > minChangedShare;
    if (changed) this.accept(rgb, width, height);
    return { changed, changedShare };
  }

  /** Forgets the reference: the next frame counts as changed. */
  reset(): void {
    this.hasReference = false;
  }

  private accept(rgb: Uint8Array, width: number, height: number): void {
    if (this.referencePixels.length !== rgb.length) this.referencePixels = Buffer.allocUnsafe(rgb.length);
    this.referencePixels.set(rgb);
    const previous = this.reference;
    this.reference = this.current;
    this.current = previous;
    this.hasReference = true;
    this.referenceWidth = width;
    this.referenceHeight = height;
  }

  private sampleStride(width: number, height: number): number {
    const { gridWidth, gridHeight, samplesPerCell } = this.config;
    if (samplesPerCell === 'all') return 1;
    const cellArea = (width / gridWidth) * (height / gridHeight);
    return Math.max(1, Math.round(Math.sqrt(cellArea / samplesPerCell)));
  }

  /** Mean luma (BT.601 weights) of each cell in row `cy` of the grid, into `current`. */
  private averageBand(rgb: Uint8Array, width: number, height: number, cy: number, stride: number): void {
    const { gridWidth, gridHeight } = this.config;
    const out = this.current;
    const y0 = cellStart(cy, gridHeight, height);
    const y1 = cellEnd(cy, gridHeight, height);
    // Start half a stride in so a cell's samples sit around its middle, not on its top-left edge.
    const ys = y0 + Math.min((stride - 1) >> 1, y1 - y0 - 1);
    for (let cx = 0; cx < gridWidth; cx++) {
      const x0 = cellStart(cx, gridWidth, width);
      const x1 = cellEnd(cx, gridWidth, width);
      const xs = x0 + Math.min((stride - 1) >> 1, x1 - x0 - 1);
      let sum = 0;
      let samples = 0;
      for (let y = ys; y < y1; y += stride) {
        let p = (y * width + xs) * 3;
        for (let x = xs; x < x1; x += stride, p += 3 * stride) {
          sum += 77 * rgb[p] + 150 * rgb[p + 1] + 29 * rgb[p + 2];
          samples++;
        }
      }
      out[cy * gridWidth + cx] = sum / (256 * samples);
    }
  }
}

/** First pixel of cell `index` of `cells` along a side of `size` pixels. */
function cellStart(index: number, cells: number, size: number): number {
  return Math.min(size - 1, Math.floor((index * size) / cells));
}

/** End (exclusive) of that cell; never empty, so a frame smaller than the grid shares pixels between cells. */
function cellEnd(index: number, cells: number, size: number): number {
  return Math.max(cellStart(index, cells, size) + 1, Math.floor(((index + 1) * size) / cells));
}

// --- the per-tick entry point -------------------------------------------------------------------

/**
 * What the engine calls once per tick and source: returns the frame as patches when it changed
 * since the last frame passed on for that source, or null (at the cost of the change test only).
 */
export class FramePerceiver {
  readonly config: FramePerceiverConfig;
  private readonly patcher: Record<VisualSource, FramePatcher>;
  private readonly detector: Record<VisualSource, FrameChangeDetector>;

  constructor(config: FramePerceiverConfigInput = {}) {
    this.config = parseConfig(FramePerceiverConfigSchema, config, 'FramePerceiver config');
    // One patcher per source: camera and screen have different sizes, so each keeps its own tables.
    this.patcher = { camera: new FramePatcher(this.config.patches), screen: new FramePatcher(this.config.patches) };
    this.detector = {
      camera: new FrameChangeDetector(this.config.camera),
      screen: new FrameChangeDetector(this.config.screen),
    };
  }

  perceive(source: VisualSource, frame: RgbFrame): ChangedFrame | null {
    assertFrame(source, frame);
    const { rgb, width, height, atMs, frameIndex } = frame;
    const change = this.detector[source].check(rgb, width, height);
    if (!change.changed) return null;
    const cut = this.patcher[source].patchify(rgb, width, height);
    return {
      source,
      atMs,
      frameIndex,
      width: cut.width,
      height: cut.height,
      patches: cut.patches,
      patchCount: cut.patchCount,
      changedShare: change.changedShare,
    };
  }

  /** Forgets a source's reference frame (e.g. after it was lost and came back): its next frame is passed on. */
  reset(source?: VisualSource): void {
    if (source === undefined || source === 'camera') this.detector.camera.reset();
    if (source === undefined || source === 'screen') this.detector.screen.reset();
  }
}
