// Camera and screen frame sources read from files (y4m, PNG sequences, any video via ffmpeg), by time, one frame at a time.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { PNG } from 'pngjs';
import { TandemError } from '../../../common/errors';

/** One decoded frame, RGB interleaved (3 bytes per pixel, row-major). */
export interface DecodedFrame {
  frameIndex: number;
  /** Media time of the frame (the source's startMs plus frameIndex / fps). */
  atMs: number;
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface FrameSource {
  readonly kind: 'y4m' | 'png-sequence' | 'video';
  /** The file, folder or printf pattern the frames come from (as given, resolved by the caller). */
  readonly path: string;
  /** Every file the frames are read from (one for y4m and video, each frame for PNG), for records and checksums. */
  readonly files: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  /** Length of the frame sequence itself: frameCount / fps, without startMs. */
  readonly durationMs: number;
  /** Media time of frame 0. */
  readonly startMs: number;
  /**
   * The latest frame whose time is ≤ mediaMs; null before the first frame. After the last frame's
   * time the last frame is returned (it stays on screen). Calling it again for a time that falls on
   * the same frame returns the same object without decoding again.
   */
  frameAt(mediaMs: number): DecodedFrame | null;
  /** Releases the file descriptor and deletes temporary files. */
  close(): void;
}

export interface FrameSourceOptions {
  /** Media time at which frame 0 is shown (a scenario's atMs). Default 0. */
  startMs?: number;
  /** Frame rate of a PNG sequence, or the rate a video is sampled at when converted. Default 5. */
  fps?: number;
  /** Videos are downscaled (never upscaled) to at most this width when converted. Default 320. */
  maxWidth?: number;
  /** The ffmpeg executable used to convert videos. Default `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** Folder in which converted videos are kept while open (they can be large). Default the OS temp folder. */
  tempRoot?: string;
}

const DEFAULT_FPS = 5;
const DEFAULT_MAX_WIDTH = 320;

/**
 * Opens whatever holds the frames, by its shape: a printf pattern (`frames/%04d.png`) or a folder
 * → PNG sequence; `.png` → a one-frame sequence; `.y4m` → read directly; anything else → a video
 * converted once with ffmpeg.
 */
export function openFrameSource(pathOrPattern: string, options: FrameSourceOptions = {}): FrameSource {
  if (/%0?\d*d/.test(nodePath.basename(pathOrPattern))) return openPngSequence(pathOrPattern, options);
  const stat = statOrUndefined(pathOrPattern);
  if (!stat) {
    throw new TandemError('INPUT_NOT_FOUND', 'Frame source not found', pathOrPattern, 'Check the path (relative paths in a scenario are resolved against the scenario file\'s folder).');
  }
  if (stat.isDirectory() || /\.png$/i.test(pathOrPattern)) return openPngSequence(pathOrPattern, options);
  if (/\.y4m$/i.test(pathOrPattern)) return openY4m(pathOrPattern, options);
  return openVideo(pathOrPattern, options);
}

// ---------------------------------------------------------------------------------------------
// YUV → RGB (BT.601)

type ColourRange = 'limited' | 'full';

interface YuvTables {
  luma: Float32Array;
  crToR: Float32Array;
  cbToG: Float32Array;
  crToG: Float32Array;
  cbToB: Float32Array;
}

const KR = 0.299;
const KB = 0.114;
const KG = 1 - KR - KB;
const tablesByRange = new Map<ColourRange, YuvTables>();

/** Per-byte lookup tables for BT.601; limited range maps Y 16..235 and Cb/Cr 16..240 to full scale. */
function yuvTables(range: ColourRange): YuvTables {
  const cached = tablesByRange.get(range);
  if (cached) return cached;
  const lumaScale = range === 'limited' ? 255 / 219 : 1;
  const lumaOffset = range === 'limited' ? 16 : 0;
  const chromaScale = range === 'limited' ? 255 / 224 : 1;
  const tables: YuvTables = {
    luma: new Float32Array(256),
    crToR: new Float32Array(256),
    cbToG: new Float32Array(256),
    crToG: new Float32Array(256),
    cbToB: new Float32Array(256),
  };
  for (let v = 0; v < 256; v++) {
    const chroma = (v - 128) * chromaScale;
    tables.luma[v] = (v - lumaOffset) * lumaScale;
    tables.crToR[v] = 2 * (1 - KR) * chroma;
    tables.cbToB[v] = 2 * (1 - KB) * chroma;
    tables.cbToG[v] = ((2 * KB * (1 - KB)) / KG) * chroma;
    tables.crToG[v] = ((2 * KR * (1 - KR)) / KG) * chroma;
  }
  tablesByRange.set(range, tables);
  return tables;
}

function clampByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

interface ChromaLayout {
  /** How many luma pixels share one chroma sample, horizontally and vertically (0 = no chroma). */
  shiftX: number;
  shiftY: number;
  hasChroma: boolean;
  /** Extra bytes per frame after the chroma planes (the alpha plane of 444alpha). */
  extraPlanes: number;
}

const Y4M_CHROMA: Record<string, ChromaLayout> = {
  '420jpeg': { shiftX: 1, shiftY: 1, hasChroma: true, extraPlanes: 0 },
  '420mpeg2': { shiftX: 1, shiftY: 1, hasChroma: true, extraPlanes: 0 },
  '420paldv': { shiftX: 1, shiftY: 1, hasChroma: true, extraPlanes: 0 },
  '420': { shiftX: 1, shiftY: 1, hasChroma: true, extraPlanes: 0 },
  '422': { shiftX: 1, shiftY: 0, hasChroma: true, extraPlanes: 0 },
  '444': { shiftX: 0, shiftY: 0, hasChroma: true, extraPlanes: 0 },
  '444alpha': { shiftX: 0, shiftY: 0, hasChroma: true, extraPlanes: 1 },
  mono: { shiftX: 0, shiftY: 0, hasChroma: false, extraPlanes: 0 },
};

/**
 * Converts one planar 8-bit YUV frame to interleaved RGB. Chroma is upsampled by repetition
 * (chroma siting differences between 420 variants are below what 40×40 patches can see).
 */
function planarYuvToRgb(frame: Uint8Array, width: number, height: number, chroma: ChromaLayout, range: ColourRange): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const t = yuvTables(range);
  const lumaBytes = width * height;
  if (!chroma.hasChroma) {
    for (let i = 0; i < lumaBytes; i++) {
      const grey = clampByte(t.luma[frame[i]]);
      rgb[i * 3] = grey;
      rgb[i * 3 + 1] = grey;
      rgb[i * 3 + 2] = grey;
    }
    return rgb;
  }
  const chromaWidth = (width + (1 << chroma.shiftX) - 1) >> chroma.shiftX;
  const chromaHeight = (height + (1 << chroma.shiftY) - 1) >> chroma.shiftY;
  const cbPlane = lumaBytes;
  const crPlane = cbPlane + chromaWidth * chromaHeight;
  let out = 0;
  for (let y = 0; y < height; y++) {
    const chromaRow = (y >> chroma.shiftY) * chromaWidth;
    for (let x = 0; x < width; x++) {
      const luma = t.luma[frame[y * width + x]];
      const c = chromaRow + (x >> chroma.shiftX);
      const cb = frame[cbPlane + c];
      const cr = frame[crPlane + c];
      rgb[out++] = clampByte(luma + t.crToR[cr]);
      rgb[out++] = clampByte(luma - t.cbToG[cb] - t.crToG[cr]);
      rgb[out++] = clampByte(luma + t.cbToB[cb]);
    }
  }
  return rgb;
}

function y4mFrameBytes(width: number, height: number, chroma: ChromaLayout): number {
  const luma = width * height;
  if (!chroma.hasChroma) return luma;
  const chromaWidth = (width + (1 << chroma.shiftX) - 1) >> chroma.shiftX;
  const chromaHeight = (height + (1 << chroma.shiftY) - 1) >> chroma.shiftY;
  return luma + 2 * chromaWidth * chromaHeight + chroma.extraPlanes * luma;
}

// ---------------------------------------------------------------------------------------------
// Shared timing

function checkStartMs(startMs: number | undefined, where: string): number {
  const value = startMs ?? 0;
  if (!Number.isFinite(value)) {
    throw new TandemError('USAGE', `startMs must be a finite number, got ${String(startMs)}`, where, 'Pass the media time of the first frame in ms.');
  }
  return value;
}

function checkFps(fps: number | undefined, where: string): number {
  const value = fps ?? DEFAULT_FPS;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TandemError('USAGE', `fps must be a number > 0, got ${String(fps)}`, where, 'Give the frame rate in frames per second, e.g. 5.');
  }
  return value;
}

/** Index of the latest frame at or before mediaMs, or -1 before the first. */
function frameIndexAt(mediaMs: number, startMs: number, fpsNum: number, fpsDen: number, frameCount: number): number {
  const relativeMs = mediaMs - startMs;
  if (!(relativeMs >= 0)) return -1;
  // The epsilon absorbs float error when mediaMs lands exactly on a frame time (e.g. 1000/30 · 3).
  const index = Math.floor((relativeMs * fpsNum) / (fpsDen * 1000) + 1e-9);
  return Math.min(index, frameCount - 1);
}

/** The frame rate as a fraction, so frame times stay exact for 30000/1001 and friends. */
function fpsFraction(fps: number): [number, number] {
  if (Number.isInteger(fps)) return [fps, 1];
  const den = 1_000_000;
  return [Math.round(fps * den), den];
}

// ---------------------------------------------------------------------------------------------
// YUV4MPEG2

interface Y4mHeader {
  width: number;
  height: number;
  fpsNum: number;
  fpsDen: number;
  chromaName: string;
  chroma: ChromaLayout;
  range: ColourRange;
  headerBytes: number;
}

const SUPPORTED_Y4M = `supported colour formats: ${Object.keys(Y4M_CHROMA).join(', ')} (8-bit)`;

function parseY4mHeader(fd: number, path: string): Y4mHeader {
  const probe = Buffer.alloc(1024);
  const read = fs.readSync(fd, probe, 0, probe.length, 0);
  const newline = probe.subarray(0, read).indexOf(0x0a);
  const text = probe.toString('latin1', 0, newline < 0 ? read : newline);
  if (!text.startsWith('YUV4MPEG2')) {
    throw new TandemError('MEDIA_INVALID', 'Not a YUV4MPEG2 (.y4m) file: it does not start with "YUV4MPEG2"', path, `Convert it, e.g. \`ffmpeg -i "${path}" -pix_fmt yuv420p out.y4m\`, or give it its real extension so it is converted automatically.`);
  }
  if (newline < 0) {
    throw new TandemError('MEDIA_INVALID', 'The y4m header line is not terminated (truncated file?)', path, `Re-create the file, e.g. \`ffmpeg -i source -pix_fmt yuv420p "${path}"\`.`);
  }
  let width = 0;
  let height = 0;
  let fpsNum = 0;
  let fpsDen = 0;
  let chromaName = '420jpeg';
  let range: ColourRange = 'limited';
  for (const token of text.split(' ').slice(1)) {
    if (token.length === 0) continue;
    const value = token.slice(1);
    switch (token[0]) {
      case 'W':
        width = Number(value);
        break;
      case 'H':
        height = Number(value);
        break;
      case 'F': {
        const [num, den] = value.split(':').map(Number);
        fpsNum = num;
        fpsDen = den;
        break;
      }
      case 'C':
        chromaName = value;
        break;
      case 'X':
        if (value.toUpperCase() === 'COLORRANGE=FULL') range = 'full';
        else if (value.toUpperCase() === 'COLORRANGE=LIMITED') range = 'limited';
        break;
      default:
        break; // interlacing (I) and pixel aspect (A) do not change how we read the pixels
    }
  }
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new TandemError('MEDIA_INVALID', `The y4m header has no valid size (W${width} H${height})`, path, 'Re-create the file with ffmpeg.');
  }
  if (!(Number.isInteger(fpsNum) && fpsNum > 0 && Number.isInteger(fpsDen) && fpsDen > 0)) {
    throw new TandemError('MEDIA_INVALID', 'The y4m header has no valid frame rate (expected F<num>:<den>, e.g. F30:1)', path, 'Re-create the file with ffmpeg, which always writes the rate.');
  }
  const chroma = Y4M_CHROMA[chromaName];
  if (!chroma) {
    throw new TandemError('MEDIA_INVALID', `Unsupported y4m colour format C${chromaName}; ${SUPPORTED_Y4M}`, path, `Convert it: \`ffmpeg -i "${path}" -pix_fmt yuv420p out.y4m\`.`);
  }
  return { width, height, fpsNum, fpsDen, chromaName, chroma, range, headerBytes: newline + 1 };
}

/** Reads a .y4m file frame by frame: frames have a fixed size after their FRAME line, so frame i is at a known offset. */
class Y4mFrameSource implements FrameSource {
  readonly kind: 'y4m' | 'video';
  readonly path: string;
  readonly files: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  readonly durationMs: number;
  readonly startMs: number;
  private fd: number | undefined;
  private readonly header: Y4mHeader;
  private readonly frameHeaderBytes: number;
  private readonly frameBytes: number;
  private readonly stride: number;
  private readonly readBuffer: Buffer;
  private last: DecodedFrame | null = null;
  private readonly onClose: () => void;
  /** How errors name the file: for converted videos, the video and the y4m made from it. */
  private readonly displayPath: string;

  constructor(y4mPath: string, options: { startMs: number; kind: 'y4m' | 'video'; displayPath: string; onClose?: () => void }) {
    this.kind = options.kind;
    this.displayPath = options.displayPath;
    this.path = options.kind === 'video' ? options.displayPath : y4mPath;
    this.files = [this.path];
    this.startMs = options.startMs;
    this.onClose = options.onClose ?? (() => {});
    this.fd = openForReading(y4mPath, this.displayPath);
    try {
      this.header = parseY4mHeader(this.fd, this.displayPath);
      this.width = this.header.width;
      this.height = this.header.height;
      this.fps = this.header.fpsNum / this.header.fpsDen;
      this.frameBytes = y4mFrameBytes(this.width, this.height, this.header.chroma);

      const fileBytes = fs.fstatSync(this.fd).size;
      const firstFrameLine = Buffer.alloc(256);
      const got = fs.readSync(this.fd, firstFrameLine, 0, firstFrameLine.length, this.header.headerBytes);
      if (got === 0) {
        throw new TandemError('MEDIA_INVALID', 'The y4m file has a header but no frames', this.displayPath, 'Re-create it from a source that has at least one frame.');
      }
      const lineEnd = firstFrameLine.subarray(0, got).indexOf(0x0a);
      if (!firstFrameLine.toString('latin1', 0, 5).startsWith('FRAME') || lineEnd < 0) {
        throw new TandemError('MEDIA_INVALID', 'Frame 0 is unreadable: no FRAME marker after the y4m header', this.displayPath, 'The file is corrupt; re-create it with ffmpeg.');
      }
      this.frameHeaderBytes = lineEnd + 1;
      this.stride = this.frameHeaderBytes + this.frameBytes;
      const payload = fileBytes - this.header.headerBytes;
      this.frameCount = Math.floor(payload / this.stride);
      const tail = payload - this.frameCount * this.stride;
      if (tail > 0) {
        throw new TandemError(
          'MEDIA_INVALID',
          `Frame ${this.frameCount} is cut short: ${tail} of ${this.stride} bytes present (the file is truncated)`,
          this.displayPath,
          `Re-create the file, or keep the complete frames with \`ffmpeg -i "${this.displayPath}" -frames:v ${this.frameCount} fixed.y4m\`.`,
        );
      }
      if (this.frameCount === 0) {
        throw new TandemError('MEDIA_INVALID', 'The y4m file has a header but no frames', this.displayPath, 'Re-create it from a source that has at least one frame.');
      }
      this.durationMs = (this.frameCount * 1000 * this.header.fpsDen) / this.header.fpsNum;
      this.readBuffer = Buffer.alloc(this.stride);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  frameAt(mediaMs: number): DecodedFrame | null {
    if (this.fd === undefined) {
      throw new TandemError('USAGE', 'Frame source used after close()', this.displayPath, 'This is a bug in the caller: read frames before closing the source.');
    }
    const index = frameIndexAt(mediaMs, this.startMs, this.header.fpsNum, this.header.fpsDen, this.frameCount);
    if (index < 0) return null;
    if (this.last && this.last.frameIndex === index) return this.last;
    const offset = this.header.headerBytes + index * this.stride;
    const got = fs.readSync(this.fd, this.readBuffer, 0, this.stride, offset);
    if (got !== this.stride) {
      throw new TandemError('MEDIA_INVALID', `Frame ${index} is unreadable: only ${got} of ${this.stride} bytes could be read (the file changed or was truncated)`, this.displayPath, 'Re-create the file and do not modify it while a session reads it.');
    }
    if (this.readBuffer.toString('latin1', 0, 5) !== 'FRAME' || this.readBuffer[this.frameHeaderBytes - 1] !== 0x0a) {
      throw new TandemError(
        'MEDIA_INVALID',
        `Frame ${index} is corrupt: no FRAME marker at byte ${offset} where a ${this.width}×${this.height} C${this.header.chromaName} frame should start`,
        this.displayPath,
        `Re-create the file, e.g. \`ffmpeg -i source -pix_fmt yuv420p "${this.displayPath}"\`.`,
      );
    }
    const pixels = new Uint8Array(this.readBuffer.buffer, this.readBuffer.byteOffset + this.frameHeaderBytes, this.frameBytes);
    const rgb = planarYuvToRgb(pixels, this.width, this.height, this.header.chroma, this.header.range);
    this.last = {
      frameIndex: index,
      atMs: this.startMs + (index * 1000 * this.header.fpsDen) / this.header.fpsNum,
      rgb,
      width: this.width,
      height: this.height,
    };
    return this.last;
  }

  close(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    this.last = null;
    this.onClose();
  }
}

/** Opens a .y4m file. */
export function openY4m(path: string, options: FrameSourceOptions = {}): FrameSource {
  const startMs = checkStartMs(options.startMs, path);
  return new Y4mFrameSource(path, { startMs, kind: 'y4m', displayPath: path });
}

// ---------------------------------------------------------------------------------------------
// PNG sequences

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

class PngSequenceFrameSource implements FrameSource {
  readonly kind = 'png-sequence' as const;
  readonly path: string;
  readonly files: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  readonly durationMs: number;
  readonly startMs: number;
  private readonly fpsNum: number;
  private readonly fpsDen: number;
  private last: DecodedFrame | null = null;
  private closed = false;

  constructor(path: string, files: string[], fps: number, startMs: number) {
    this.path = path;
    this.files = files;
    this.fps = fps;
    [this.fpsNum, this.fpsDen] = fpsFraction(fps);
    this.startMs = startMs;
    this.frameCount = files.length;
    this.durationMs = (this.frameCount * 1000) / fps;
    // Every frame's size is checked now, from its IHDR chunk (33 bytes each), so that a mismatch
    // fails before the session starts rather than an hour into it.
    const first = readPngSize(files[0], 0);
    this.width = first.width;
    this.height = first.height;
    for (let index = 1; index < files.length; index++) {
      const size = readPngSize(files[index], index);
      if (size.width !== this.width || size.height !== this.height) {
        throw new TandemError(
          'MEDIA_INVALID',
          `Frame ${index} is ${size.width}×${size.height} but the sequence's first frame (${nodePath.basename(files[0])}) is ${this.width}×${this.height}`,
          files[index],
          `Give every frame the same size, e.g. \`ffmpeg -i "${files[index]}" -vf scale=${this.width}:${this.height} fixed.png\`.`,
        );
      }
    }
  }

  frameAt(mediaMs: number): DecodedFrame | null {
    if (this.closed) {
      throw new TandemError('USAGE', 'Frame source used after close()', this.path, 'This is a bug in the caller: read frames before closing the source.');
    }
    const index = frameIndexAt(mediaMs, this.startMs, this.fpsNum, this.fpsDen, this.frameCount);
    if (index < 0) return null;
    if (this.last && this.last.frameIndex === index) return this.last;
    const file = this.files[index];
    let png: PNG;
    try {
      png = PNG.sync.read(fs.readFileSync(file));
    } catch (cause) {
      throw new TandemError('MEDIA_INVALID', `Frame ${index} could not be decoded: ${(cause as Error).message}`, file, 'Re-export this frame as a PNG (8 or 16 bits per channel).', { cause });
    }
    if (png.width !== this.width || png.height !== this.height) {
      throw new TandemError('MEDIA_INVALID', `Frame ${index} is ${png.width}×${png.height}, expected ${this.width}×${this.height}`, file, 'Give every frame the same size.');
    }
    this.last = { frameIndex: index, atMs: this.startMs + (index * 1000 * this.fpsDen) / this.fpsNum, rgb: rgbaToRgb(png.data), width: this.width, height: this.height };
    return this.last;
  }

  close(): void {
    this.closed = true;
    this.last = null;
  }
}

/** pngjs always hands back 8-bit RGBA (greyscale and palettes expanded); alpha is composited onto black. */
function rgbaToRgb(rgba: Uint8Array): Uint8Array {
  const pixels = rgba.length >> 2;
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const alpha = rgba[i * 4 + 3];
    if (alpha === 255) {
      rgb[i * 3] = rgba[i * 4];
      rgb[i * 3 + 1] = rgba[i * 4 + 1];
      rgb[i * 3 + 2] = rgba[i * 4 + 2];
    } else {
      rgb[i * 3] = Math.round((rgba[i * 4] * alpha) / 255);
      rgb[i * 3 + 1] = Math.round((rgba[i * 4 + 1] * alpha) / 255);
      rgb[i * 3 + 2] = Math.round((rgba[i * 4 + 2] * alpha) / 255);
    }
  }
  return rgb;
}

function readPngSize(file: string, index: number): { width: number; height: number } {
  const head = Buffer.alloc(24);
  let got = 0;
  const fd = openForReading(file, file);
  try {
    got = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (got < 24 || !head.subarray(0, 8).equals(PNG_SIGNATURE) || head.toString('latin1', 12, 16) !== 'IHDR') {
    throw new TandemError('MEDIA_INVALID', `Frame ${index} is not a PNG file (no PNG signature and IHDR header)`, file, 'Re-export the frame as PNG, or remove it from the sequence.');
  }
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** Formats a frame number the way a printf `%d` / `%0Nd` conversion would. */
function formatFrameNumber(spec: string, value: number): string {
  const match = /^%(0?)(\d*)d$/.exec(spec);
  const width = match && match[2] ? Number(match[2]) : 0;
  const pad = match && match[1] === '0' ? '0' : ' ';
  return String(value).padStart(width, pad);
}

function listPatternFiles(pattern: string): string[] {
  const dir = nodePath.dirname(pattern);
  const base = nodePath.basename(pattern);
  const specs = base.match(/%0?\d*d/g) ?? [];
  if (specs.length !== 1 || nodePath.dirname(pattern).includes('%')) {
    throw new TandemError('USAGE', `A frame pattern needs exactly one %d or %0Nd in its file name, got "${base}"`, pattern, 'Write it like frames/%04d.png.');
  }
  const spec = specs[0];
  const [before, after] = base.split(spec);
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matcher = new RegExp(`^${escape(before)}(\\d+)${escape(after)}$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (cause) {
    throw new TandemError('INPUT_NOT_FOUND', 'The folder of the frame pattern does not exist', dir, 'Check the path of the frames (relative to the scenario file).', { cause });
  }
  const numbered: Array<{ number: number; file: string }> = [];
  for (const name of names) {
    const match = matcher.exec(name);
    if (!match) continue;
    const number = Number(match[1]);
    if (before + formatFrameNumber(spec, number) + after !== name) continue; // e.g. "12.png" does not match %04d
    numbered.push({ number, file: nodePath.join(dir, name) });
  }
  if (numbered.length === 0) {
    throw new TandemError('INPUT_NOT_FOUND', `No files match the frame pattern "${base}"`, pattern, `Put numbered frames in ${dir} (e.g. ${before}${formatFrameNumber(spec, 1)}${after}).`);
  }
  numbered.sort((a, b) => a.number - b.number);
  for (let i = 1; i < numbered.length; i++) {
    if (numbered[i].number !== numbered[i - 1].number + 1) {
      const missing = before + formatFrameNumber(spec, numbered[i - 1].number + 1) + after;
      throw new TandemError('MEDIA_INVALID', `The frame sequence has a gap: ${missing} is missing between ${nodePath.basename(numbered[i - 1].file)} and ${nodePath.basename(numbered[i].file)}`, pattern, 'Add the missing frame or renumber the frames without gaps.');
    }
  }
  return numbered.map((entry) => entry.file);
}

function listDirectoryFiles(dir: string): string[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const names = fs
    .readdirSync(dir)
    .filter((name) => /\.png$/i.test(name))
    .sort(collator.compare);
  if (names.length === 0) {
    throw new TandemError('INPUT_NOT_FOUND', 'The frames folder contains no .png files', dir, 'Put the frames there as numbered .png files (frame1.png, frame2.png, … sort naturally).');
  }
  return names.map((name) => nodePath.join(dir, name));
}

/**
 * Opens a PNG sequence: a folder of .png files (natural order: 2 before 10), a printf pattern
 * like `frames/%04d.png` (numbers must follow each other), or a single .png (one frame).
 * Frames are decoded when asked for, never all at once.
 */
export function openPngSequence(pathOrPattern: string, options: FrameSourceOptions = {}): FrameSource {
  const fps = checkFps(options.fps, pathOrPattern);
  const startMs = checkStartMs(options.startMs, pathOrPattern);
  let files: string[];
  if (/%0?\d*d/.test(nodePath.basename(pathOrPattern))) {
    files = listPatternFiles(pathOrPattern);
  } else {
    const stat = statOrUndefined(pathOrPattern);
    if (!stat) {
      throw new TandemError('INPUT_NOT_FOUND', 'PNG frames not found', pathOrPattern, 'Give a folder of .png files, a pattern like frames/%04d.png, or a .png file.');
    }
    files = stat.isDirectory() ? listDirectoryFiles(pathOrPattern) : [pathOrPattern];
  }
  return new PngSequenceFrameSource(pathOrPattern, files, fps, startMs);
}

// ---------------------------------------------------------------------------------------------
// Any other video, through ffmpeg

/** Temp folders of converted videos still open, removed on exit if their source was never closed. */
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

function trackTempDir(dir: string): void {
  liveTempDirs.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const leftover of liveTempDirs) fs.rmSync(leftover, { recursive: true, force: true });
    });
  }
}

function removeTempDir(dir: string): void {
  liveTempDirs.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Converts a video once with ffmpeg to a small y4m (fps default 5, width ≤ maxWidth default 320,
 * never upscaled) in a temp folder and reads that; the temp folder is deleted on close().
 */
export function openVideo(path: string, options: FrameSourceOptions = {}): FrameSource {
  const fps = checkFps(options.fps, path);
  const startMs = checkStartMs(options.startMs, path);
  const maxWidth = options.maxWidth ?? DEFAULT_MAX_WIDTH;
  if (!Number.isInteger(maxWidth) || maxWidth < 2) {
    throw new TandemError('USAGE', `maxWidth must be an integer ≥ 2, got ${String(options.maxWidth)}`, path, 'Give the largest frame width in pixels, e.g. 320.');
  }
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  if (!statOrUndefined(path)) {
    throw new TandemError('INPUT_NOT_FOUND', 'Video file not found', path, 'Check the path (relative paths in a scenario are resolved against the scenario file\'s folder).');
  }

  let tempDir: string;
  try {
    tempDir = fs.mkdtempSync(nodePath.join(options.tempRoot ?? os.tmpdir(), 'tandem-frames-'));
  } catch (cause) {
    throw new TandemError('OUTPUT_UNWRITABLE', `Cannot create a temporary folder to convert the video: ${(cause as Error).message}`, options.tempRoot ?? os.tmpdir(), 'Free disk space or choose a writable temp folder.', { cause });
  }
  trackTempDir(tempDir);
  const y4mPath = nodePath.join(tempDir, 'frames.y4m');
  // Even width (4:2:0 needs it) no larger than maxWidth and no larger than the source; height keeps the aspect ratio.
  const scale = `scale=w=2*trunc(min(iw\\,${maxWidth})/2):h=-2`;
  const args = ['-nostdin', '-v', 'error', '-i', path, '-an', '-sn', '-dn', '-vf', `fps=${fps},${scale}`, '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', '-y', y4mPath];
  const result = spawnSync(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  if (result.error) {
    removeTempDir(tempDir);
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TandemError(
        'MEDIA_TOOL_MISSING',
        `ffmpeg is needed to read this video but "${ffmpeg}" was not found`,
        path,
        'Install it (`apt-get install ffmpeg` on Debian/Ubuntu, `brew install ffmpeg` on macOS), or convert the video to .y4m or a PNG sequence yourself.',
        { cause: result.error },
      );
    }
    throw new TandemError('MEDIA_INVALID', `ffmpeg could not be run: ${result.error.message}`, path, 'Check that ffmpeg runs from a terminal.', { cause: result.error });
  }
  if (result.status !== 0) {
    removeTempDir(tempDir);
    const stderr = (result.stderr?.toString('utf8') ?? '').trim();
    const tail = stderr.split('\n').slice(-8).join('\n').slice(-1200);
    if (/does not contain any stream|matches no streams/.test(stderr)) {
      throw new TandemError('MEDIA_INVALID', `The file has no video stream (ffmpeg: ${tail})`, path, 'Use a file with a video stream for camera/screen input.');
    }
    throw new TandemError(
      'MEDIA_INVALID',
      `ffmpeg could not convert the video (exit ${result.status ?? result.signal}): ${tail || 'no error output'}`,
      path,
      'Check that the file is a playable video (try `ffplay` on it) or convert it to .y4m or PNG frames yourself.',
    );
  }
  const produced = statOrUndefined(y4mPath);
  if (!produced || produced.size === 0) {
    removeTempDir(tempDir);
    throw new TandemError('MEDIA_INVALID', 'ffmpeg produced no video frames (does the file contain a video stream?)', path, 'Use a file with a video stream.');
  }
  try {
    return new Y4mFrameSource(y4mPath, { startMs, kind: 'video', displayPath: path, onClose: () => removeTempDir(tempDir) });
  } catch (error) {
    removeTempDir(tempDir);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

function statOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

function openForReading(path: string, displayPath: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TandemError('INPUT_NOT_FOUND', 'Frame file not found', displayPath, 'Check the path (relative paths in a scenario are resolved against the scenario file\'s folder).', { cause });
    }
    throw new TandemError('MEDIA_INVALID', `Frame file could not be opened: ${(cause as Error).message}`, displayPath, 'Check that the file is readable by the current user.', { cause });
  }
}
