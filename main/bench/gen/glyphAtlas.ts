// Monospace glyphs rasterized by FreeType (through ffmpeg's drawtext filter) once per font and size, for composing code screenshots pixel by pixel.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { TandemError } from '../../../common/errors';

/** The monospace fonts the screenshots use, with the Debian package that installs each. */
export const CODE_FONTS = {
  'DejaVu Sans Mono': { file: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', aptPackage: 'fonts-dejavu-core' },
  'Liberation Mono': { file: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf', aptPackage: 'fonts-liberation' },
} as const;
export type CodeFontName = keyof typeof CODE_FONTS;

const FIRST_CHAR = 32;
const LAST_CHAR = 126;
/** Full block: spans the font's whole cell (ascender to descender), which gives the cell's height. */
const FULL_BLOCK = '\u2588';

/**
 * Alpha masks of the printable ASCII characters of one font at one size. Every glyph is cut from a
 * window three advances wide centred on its cell, so parts that overhang the cell are kept.
 */
export interface GlyphAtlas {
  font: CodeFontName;
  sizePx: number;
  /** Horizontal advance of every character (the font is monospace; FreeType rounds it to whole pixels). */
  advancePx: number;
  /** Height of the character cell (the full block's height). */
  cellHeightPx: number;
  /** Width and height of each glyph mask. */
  maskWidth: number;
  maskHeight: number;
  /** Row of the mask where the cell's top is. */
  cellTopRow: number;
  /** Column of the mask where the character's pen position (left of its cell) is. */
  penColumn: number;
  /** Alpha mask (0–255, maskWidth × maskHeight) of a character, or null for one outside printable ASCII. */
  mask(char: string): Uint8Array | null;
}

const cache = new Map<string, GlyphAtlas>();

/** The atlas for a font and size (made once per process: one ffmpeg run of about 50 ms). */
export function glyphAtlas(font: CodeFontName, sizePx: number): GlyphAtlas {
  const key = `${font}@${sizePx}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const fontFile = CODE_FONTS[font].file;
  if (!fs.existsSync(fontFile)) {
    throw new TandemError('MEDIA_TOOL_MISSING', `The font ${font} is not installed`, fontFile, `Install it: apt-get install -y ${CODE_FONTS[font].aptPackage}`);
  }
  // Characters are rendered in one line, each followed by two spaces, so each has its neighbours' cells to overhang into.
  const chars = Array.from({ length: LAST_CHAR - FIRST_CHAR + 1 }, (_, i) => String.fromCharCode(FIRST_CHAR + i));
  chars.push(FULL_BLOCK);
  const text = chars.map((c) => `${c}  `).join('');
  const advance = measureAdvance(fontFile, sizePx);
  const pen0 = advance;
  const top = Math.ceil(sizePx * 0.5);
  const width = pen0 + text.length * advance + advance;
  const height = Math.ceil(sizePx * 2.2);
  const pixels = renderLine(fontFile, sizePx, text, width, height, pen0, top);

  const maskWidth = advance * 3;
  const cut = (index: number): Uint8Array => {
    const mask = new Uint8Array(maskWidth * height);
    const left = pen0 + index * 3 * advance - advance;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < maskWidth; x++) {
        const sx = left + x;
        if (sx >= 0 && sx < width) mask[y * maskWidth + x] = pixels[y * width + sx];
      }
    }
    return mask;
  };
  const block = cut(chars.length - 1);
  let blockTop = -1;
  let blockBottom = -1;
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < maskWidth; x++) row = Math.max(row, block[y * maskWidth + x]);
    if (row >= 128) {
      if (blockTop < 0) blockTop = y;
      blockBottom = y;
    }
  }
  if (blockTop < 0) throw new TandemError('MEDIA_INVALID', `ffmpeg drew no full block with ${font} at ${sizePx} px`, fontFile, 'Check that ffmpeg has the drawtext filter (libfreetype) and that the font file is intact.');
  const masks = chars.slice(0, -1).map((_, i) => cut(i));
  const atlas: GlyphAtlas = {
    font,
    sizePx,
    advancePx: advance,
    cellHeightPx: blockBottom - blockTop + 1,
    maskWidth,
    maskHeight: height,
    cellTopRow: blockTop,
    penColumn: advance,
    mask: (char) => {
      const code = char.charCodeAt(0);
      return code >= FIRST_CHAR && code <= LAST_CHAR ? masks[code - FIRST_CHAR] : null;
    },
  };
  cache.set(key, atlas);
  return atlas;
}

/** The advance in whole pixels: 20 full blocks side by side span exactly 20 advances. */
function measureAdvance(fontFile: string, sizePx: number): number {
  const count = 20;
  const width = sizePx * count + 40;
  const height = Math.ceil(sizePx * 2.2);
  const pixels = renderLine(fontFile, sizePx, FULL_BLOCK.repeat(count), width, height, 10, Math.ceil(sizePx * 0.5));
  let first = -1;
  let last = -1;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      if (pixels[y * width + x] >= 128) {
        if (first < 0) first = x;
        last = x;
        break;
      }
    }
  }
  if (first < 0) throw new TandemError('MEDIA_INVALID', 'ffmpeg drew nothing when measuring the font', fontFile, 'Check that ffmpeg has the drawtext filter (libfreetype).');
  return Math.round((last - first + 1) / count);
}

/** White text on black, 8-bit: the red channel of an rgb24 frame is the glyph coverage. */
function renderLine(fontFile: string, sizePx: number, text: string, width: number, height: number, x: number, y: number): Uint8Array {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'tandem-glyphs-'));
  try {
    const textFile = nodePath.join(dir, 'text.txt');
    fs.writeFileSync(textFile, text, 'utf8');
    const filter = `drawtext=fontfile=${fontFile}:textfile=${textFile}:expansion=none:fontsize=${sizePx}:fontcolor=white:x=${x}:y=${y}`;
    const result = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `color=c=black:s=${width}x${height},format=rgb24`, '-frames:v', '1', '-vf', filter, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) {
      throw new TandemError('MEDIA_TOOL_MISSING', `ffmpeg could not be run: ${result.error.message}`, 'ffmpeg', 'Install it: apt-get install -y ffmpeg');
    }
    if (result.status !== 0 || result.stdout.length !== width * height * 3) {
      throw new TandemError('MEDIA_INVALID', `ffmpeg drawtext failed: ${result.stderr.toString('utf8').trim().slice(0, 300)}`, fontFile, 'Check that ffmpeg has the drawtext filter (ffmpeg -filters | grep drawtext).');
    }
    const out = new Uint8Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = result.stdout[i * 3];
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** ffmpeg's version line, for the suite notes (the glyphs depend on its FreeType). */
export function ffmpegVersion(): string {
  const result = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0].trim() : 'ffmpeg (version unknown)';
}
