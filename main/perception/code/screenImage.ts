// Turns a screen frame into the image tesseract reads best: grey, dark text on light, upscaled until a text line is ~40 px tall.

import type { RgbFrame } from '../../../common/interaction';
import { TandemError } from '../../../common/errors';

/** Tesseract's LSTM reads best at ~30–40 px per text line; screen text at 12–14 px is too small without upscaling. */
const TARGET_LINE_PITCH_PX = 40;
const MAX_SCALE = 3;
/** Larger frames than this are not code on a screen we can read in time (8K is 7680×4320). */
const MAX_SIDE_PX = 8192;

/** The image handed to OCR, and how its pixels map back to the frame's. */
export interface OcrImage {
  /** A binary PGM (P5) file: tesseract's image reader (leptonica) takes it without any encoding cost. */
  file: Uint8Array;
  width: number;
  height: number;
  /** OCR pixel = frame pixel × scale. */
  scale: number;
  /** The estimated distance between text lines on the frame (px), or null when no text rows were seen. */
  linePitchPx: number | null;
  /** True when the frame was light text on dark (its ink map is dark on light like any other). */
  inverted: boolean;
}

/** Checks that a frame is a well-formed packed RGB frame; throws a MEDIA_INVALID TandemError saying what is wrong. */
export function assertScreenFrame(frame: RgbFrame): void {
  const where = `screen frame ${String(frame?.frameIndex)}`;
  const fail = (what: string, hint: string): never => {
    throw new TandemError('MEDIA_INVALID', what, where, hint);
  };
  if (!frame || typeof frame !== 'object') fail('The frame is missing', 'Pass an RgbFrame { rgb, width, height, atMs, frameIndex }.');
  const { rgb, width, height } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    fail(`Frame size ${String(width)}×${String(height)} is not a positive whole number of pixels`, 'Pass the real pixel width and height of the frame.');
  }
  if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) fail(`Frame size ${width}×${height} is larger than ${MAX_SIDE_PX} px on a side`, 'Downscale the capture before it is read.');
  if (!(rgb instanceof Uint8Array)) fail('Frame pixels are not a Uint8Array', 'Pass the pixels as a Uint8Array of packed RGB bytes.');
  if (rgb.length !== width * height * 3) {
    const rgba = rgb.length === width * height * 4 ? ' (that is RGBA: drop the alpha channel)' : '';
    fail(`Frame has ${rgb.length} bytes, expected ${width * height * 3} for ${width}×${height} RGB${rgba}`, 'Pass tightly packed RGB, width·height·3 bytes.');
  }
}

/** Luma (BT.601) of every pixel. */
function lumaOf(frame: RgbFrame): Uint8Array {
  const { rgb, width, height } = frame;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 3) out[i] = (77 * rgb[p] + 150 * rgb[p + 1] + 29 * rgb[p + 2]) >> 8;
  return out;
}

/** The most common luma: the editor's background. */
function backgroundLuma(luma: Uint8Array): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < luma.length; i++) histogram[luma[i]]++;
  let best = 0;
  for (let v = 1; v < 256; v++) if (histogram[v] > histogram[best]) best = v;
  return best;
}

/**
 * The typical distance between text lines: rows with ink (pixels far from the background) form bands, one per
 * text line; the median distance between the starts of neighbouring bands of text height is the pitch.
 */
export function estimateLinePitchPx(luma: Uint8Array, width: number, height: number, background: number): number | null {
  const starts: number[] = [];
  let bandStart = -1;
  for (let y = 0; y <= height; y++) {
    let ink = 0;
    if (y < height) {
      const row = y * width;
      for (let x = 0; x < width; x++) if (Math.abs(luma[row + x] - background) > 60) ink++;
    }
    const inked = ink >= 2 && ink < width * 0.6;
    if (inked && bandStart < 0) bandStart = y;
    if (!inked && bandStart >= 0) {
      const bandHeight = y - bandStart;
      if (bandHeight >= 5 && bandHeight <= 80) starts.push(bandStart);
      bandStart = -1;
    }
  }
  const gaps: number[] = [];
  for (let i = 1; i < starts.length; i++) {
    const gap = starts[i] - starts[i - 1];
    if (gap >= 8 && gap <= 120) gaps.push(gap);
  }
  if (gaps.length < 3) return null;
  gaps.sort((a, b) => a - b);
  // The smallest common gap is one line; blank lines make larger gaps, so take the lower quartile, not the median.
  return gaps[Math.floor(gaps.length / 4)];
}

/**
 * Dark ink on white, whatever the theme: each pixel's distance (largest channel difference) from the background colour.
 * Syntax colours on a dark theme have little luma contrast after a plain inversion; their colour distance is large.
 * The highlighted cursor line, close to the background, stays near white.
 */
function inkOf(frame: RgbFrame, luma: Uint8Array, background: number): Uint8Array {
  const { rgb } = frame;
  let p = luma.indexOf(background) * 3;
  const [br, bg, bb] = [rgb[p], rgb[p + 1], rgb[p + 2]];
  const out = new Uint8Array(luma.length);
  p = 0;
  for (let i = 0; i < out.length; i++, p += 3) {
    const d = Math.max(Math.abs(rgb[p] - br), Math.abs(rgb[p + 1] - bg), Math.abs(rgb[p + 2] - bb));
    out[i] = 255 - Math.min(255, d * 2);
  }
  return out;
}

/** Dark ink on white, upscaled (bilinear) so a text line is about TARGET_LINE_PITCH_PX tall. Throws on a malformed frame. */
export function prepareOcrImage(frame: RgbFrame, options: { scale?: number } = {}): OcrImage {
  assertScreenFrame(frame);
  const { width, height } = frame;
  const lumaAll = lumaOf(frame);
  const background = backgroundLuma(lumaAll);
  const inverted = background < 128;
  const linePitchPx = estimateLinePitchPx(lumaAll, width, height, background);
  const luma = inkOf(frame, lumaAll, background);
  const wanted = options.scale ?? (linePitchPx === null ? 2 : TARGET_LINE_PITCH_PX / linePitchPx);
  const scale = Math.min(MAX_SCALE, Math.max(1, Math.round(wanted * 4) / 4));
  const outWidth = Math.round(width * scale);
  const outHeight = Math.round(height * scale);
  const header = new TextEncoder().encode(`P5\n${outWidth} ${outHeight}\n255\n`);
  const file = new Uint8Array(header.length + outWidth * outHeight);
  file.set(header);
  const pixels = file.subarray(header.length);
  // Source positions and weights along x are the same for every row: computed once.
  const x0s = new Int32Array(outWidth);
  const fxs = new Float32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    const sx = Math.min(width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
    x0s[x] = Math.floor(sx);
    fxs[x] = sx - x0s[x];
  }
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.min(height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = y0 * width;
    const r1 = y1 * width;
    const out = y * outWidth;
    for (let x = 0; x < outWidth; x++) {
      const a = x0s[x];
      const b = Math.min(width - 1, a + 1);
      const fx = fxs[x];
      const top = luma[r0 + a] + (luma[r0 + b] - luma[r0 + a]) * fx;
      const bottom = luma[r1 + a] + (luma[r1 + b] - luma[r1 + a]) * fx;
      const v = top + (bottom - top) * fy;
      pixels[out + x] = v;
    }
  }
  return { file, width: outWidth, height: outHeight, scale, linePitchPx, inverted };
}

function pgmPixels(image: OcrImage): Uint8Array {
  return image.file.subarray(image.file.length - image.width * image.height);
}

/** Share of ink pixels (darker than mid-grey) in a rectangle of the OCR image. */
export function inkedShare(image: OcrImage, x0: number, y0: number, x1: number, y1: number): number {
  const pixels = pgmPixels(image);
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * image.width;
    for (let x = x0; x < x1; x++) if (pixels[row + x] < 128) ink++;
  }
  const area = Math.max(1, (x1 - x0) * (y1 - y0));
  return ink / area;
}

/** A rectangle of the OCR image as its own PGM, with a white margin (tesseract reads a line better with room around it). */
export function cropOcrImage(image: OcrImage, x0: number, y0: number, x1: number, y1: number): { file: Uint8Array; padPx: number } {
  const padPx = 10;
  const width = x1 - x0 + 2 * padPx;
  const height = y1 - y0 + 2 * padPx;
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const file = new Uint8Array(header.length + width * height).fill(255);
  file.set(header);
  const out = file.subarray(header.length);
  const pixels = pgmPixels(image);
  for (let y = y0; y < y1; y++) out.set(pixels.subarray(y * image.width + x0, y * image.width + x1), (y - y0 + padPx) * width + padPx);
  return { file, padPx };
}

/**
 * True when the ink in a word's box (frame px) looks like `=`: two horizontal bars with an empty row between them.
 * OCR sometimes reads `>` or `<` as `=`, which would turn a comparison into an assignment; their ink has no empty row.
 */
export function looksLikeEqualsSign(image: OcrImage, box: { x0: number; y0: number; x1: number; y1: number }): boolean {
  const pixels = pgmPixels(image);
  const s = image.scale;
  const x0 = Math.max(0, Math.floor(box.x0 * s));
  const x1 = Math.min(image.width, Math.ceil(box.x1 * s));
  const y0 = Math.max(0, Math.floor(box.y0 * s));
  const y1 = Math.min(image.height, Math.ceil(box.y1 * s));
  const width = x1 - x0;
  if (width < 2 || y1 - y0 < 3) return false;
  const rows: number[] = [];
  for (let y = y0; y < y1; y++) {
    let ink = 0;
    for (let x = x0; x < x1; x++) if (pixels[y * image.width + x] < 128) ink++;
    rows.push(ink / width);
  }
  const inked = rows.map((share) => share >= 0.5);
  const firstBar = inked.indexOf(true);
  const lastBar = inked.lastIndexOf(true);
  if (firstBar < 0 || firstBar === lastBar) return false;
  // Between the top bar and the bottom bar there must be a row without ink, and no row may have partial ink
  // (a diagonal stroke of `>` covers part of every row).
  const between = rows.slice(firstBar, lastBar + 1);
  const hasGap = between.some((share) => share < 0.1);
  const partial = between.filter((share) => share >= 0.1 && share < 0.5).length;
  return hasGap && partial <= 2;
}

/** A horizontal band of the OCR image read by one tesseract worker; only words centred in [keepTop, keepBottom) are kept. */
export interface OcrBand {
  top: number;
  bottom: number;
  keepTop: number;
  keepBottom: number;
}

/** Below this many line pitches per band, splitting costs more in tesseract's fixed per-image work than it saves. */
const MIN_BAND_LINES = 6;

/**
 * Splits the OCR image into up to `parts` horizontal bands so that several tesseract workers read it at once. Each cut is
 * the least inked row within one line pitch of its even position (a gap between text lines, when the editor has one),
 * and each band reaches one line pitch past its cuts, so a word the cut touches is whole in the band that keeps it
 * (the one holding its centre). Deterministic: the same image gives the same bands.
 */
export function splitOcrBands(image: OcrImage, parts: number): OcrBand[] {
  const pitchPx = Math.round((image.linePitchPx ?? 20) * image.scale);
  const count = Math.max(1, Math.min(Math.floor(parts), Math.floor(image.height / (pitchPx * MIN_BAND_LINES))));
  if (count <= 1) return [{ top: 0, bottom: image.height, keepTop: 0, keepBottom: image.height }];
  const pixels = pgmPixels(image);
  const inkInRow = (y: number): number => {
    let ink = 0;
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) if (pixels[row + x] < 128) ink++;
    return ink;
  };
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    const target = Math.round((k * image.height) / count);
    let best = target;
    let bestInk = Infinity;
    // Scanned outwards from the target, so ties go to the row nearest the even split.
    for (let d = 0; d <= pitchPx; d++) {
      for (const y of d === 0 ? [target] : [target - d, target + d]) {
        if (y <= cuts[cuts.length - 1] || y >= image.height) continue;
        const ink = inkInRow(y);
        if (ink < bestInk) {
          bestInk = ink;
          best = y;
        }
      }
      if (bestInk === 0) break;
    }
    cuts.push(best);
  }
  cuts.push(image.height);
  const bands: OcrBand[] = [];
  for (let k = 0; k < count; k++) {
    bands.push({ top: Math.max(0, cuts[k] - pitchPx), bottom: Math.min(image.height, cuts[k + 1] + pitchPx), keepTop: cuts[k], keepBottom: cuts[k + 1] });
  }
  return bands;
}
