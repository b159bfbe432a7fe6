// Rebuilds code lines from OCR words: finds the gutter (a column of increasing line numbers), keeps only the text right of
// it and between its first and last number (so tab bars, file trees and status bars drop out), and places each word at
// its character column so that indentation and spacing come from the pixels, not from tesseract's guesses.

import type { FrameBox } from '../../../common/perception';

/** One word as OCR read it, in frame pixels. */
export interface OcrWord {
  text: string;
  /** 0..100 */
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A word placed on its line: the column it starts at and how well it read. */
export interface PlacedWord {
  text: string;
  column: number;
  confidence: number;
  /** The word's ink on the frame (px). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One code line as rebuilt from the screen. */
export interface ReadLine {
  /** The gutter's number for the line (or its position counted from the top when there is no gutter). */
  number: number;
  /** The rebuilt text, with its indentation; empty for a blank line. */
  text: string;
  /** Mean word confidence of the line (100 for a blank line: nothing to misread). */
  confidence: number;
  /** True when characters code never uses were replaced by their likely originals (`©` → `0`): the line read badly. */
  repaired: boolean;
  /** The line's code on the frame (frame pixels); null for a line that was not seen (blank). */
  box: FrameBox | null;
  words: PlacedWord[];
}

export interface CodeLayout {
  /** Every line from the first to the last number, blank lines included, in order. */
  lines: ReadLine[];
  firstLine: number;
  lastLine: number;
  /** True when the numbers come from a gutter read on screen. */
  gutter: boolean;
  charWidthPx: number;
  linePitchPx: number;
  /** Where column 0 of the code is on the frame (px). */
  codeLeftPx: number;
  /** The vertical centre of line `number` on the frame (px), from the gutter's fit (or the row positions). */
  rowCenterPx(number: number): number;
}

interface Row {
  yCenter: number;
  words: OcrWord[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Groups words into text rows by their vertical centre. */
function groupRows(words: readonly OcrWord[], pitchPx: number): Row[] {
  const sorted = [...words].sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2 || a.x0 - b.x0);
  const rows: Row[] = [];
  for (const word of sorted) {
    const yc = (word.y0 + word.y1) / 2;
    const last = rows[rows.length - 1];
    if (last && Math.abs(yc - last.yCenter) < pitchPx * 0.45) {
      last.words.push(word);
      last.yCenter = last.words.reduce((s, w) => s + (w.y0 + w.y1) / 2, 0) / last.words.length;
    } else {
      rows.push({ yCenter: yc, words: [word] });
    }
  }
  for (const row of rows) row.words.sort((a, b) => a.x0 - b.x0);
  return rows;
}

interface Gutter {
  rightPx: number;
  /** number ≈ intercept + slope · yCenter */
  intercept: number;
  slope: number;
  topPx: number;
  bottomPx: number;
}

/**
 * The gutter: digit-only words whose right edges line up (line numbers are right-aligned) and whose numbers grow by
 * one per line pitch. Fitted as number = a + b·y so a misread or missing number is recovered from its row's position.
 */
function findGutter(rows: readonly Row[], pitchPx: number): Gutter | null {
  const candidates: Array<{ word: OcrWord; value: number; yc: number }> = [];
  for (const row of rows) {
    for (const word of row.words) {
      if (/^\d{1,5}$/.test(word.text)) candidates.push({ word, value: Number(word.text), yc: row.yCenter });
    }
  }
  let best: Gutter | null = null;
  let bestCount = 0;
  const tolerancePx = Math.max(3, pitchPx * 0.3);
  const rights = [...new Set(candidates.map((c) => Math.round(c.word.x1)))];
  for (const right of rights) {
    const column = candidates.filter((c) => Math.abs(c.word.x1 - right) <= tolerancePx);
    if (column.length < 3) continue;
    // A misread number (`4` for `44`) would tilt a least-squares fit: fit robustly (Theil–Sen), keep the numbers
    // that agree with it, then refine on those.
    const robust = theilSen(column);
    if (!robust) continue;
    const members = column.filter((c) => Math.abs(c.value - (robust.intercept + robust.slope * c.yc)) < 0.35);
    const fit = members.length >= 3 ? fitLine(members) : null;
    if (!fit || members.length <= bestCount) continue;
    // One number per line: the slope must be one line per pitch (±25 %).
    const pitchFromFit = 1 / fit.slope;
    if (!(pitchFromFit > pitchPx * 0.75 && pitchFromFit < pitchPx * 1.33)) continue;
    bestCount = members.length;
    best = {
      rightPx: median(members.map((c) => c.word.x1)),
      intercept: fit.intercept,
      slope: fit.slope,
      topPx: Math.min(...members.map((c) => c.yc)) - pitchPx * 0.6,
      bottomPx: Math.max(...members.map((c) => c.yc)) + pitchPx * 0.6,
    };
  }
  return best;
}

/** Median of pairwise slopes, then median intercept: unmoved by a minority of wrong points. */
function theilSen(points: ReadonlyArray<{ value: number; yc: number }>): { intercept: number; slope: number } | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dy = points[j].yc - points[i].yc;
      if (Math.abs(dy) > 1) slopes.push((points[j].value - points[i].value) / dy);
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  if (!(slope > 0)) return null;
  return { slope, intercept: median(points.map((p) => p.value - slope * p.yc)) };
}

function fitLine(points: ReadonlyArray<{ value: number; yc: number }>): { intercept: number; slope: number } | null {
  const n = points.length;
  const my = points.reduce((s, p) => s + p.yc, 0) / n;
  const mv = points.reduce((s, p) => s + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.yc - my) * (p.value - mv);
    sxx += (p.yc - my) ** 2;
  }
  if (sxx === 0 || sxy <= 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: mv - slope * my };
}

/**
 * Rebuilds the code lines from OCR words. `pitchPx` is the estimated line pitch on the frame (null: taken from the
 * word heights). Returns null when the words do not form lines of text.
 */
export function layoutCode(words: readonly OcrWord[], pitchHintPx: number | null): CodeLayout | null {
  const usable = words.filter((w) => w.text.trim().length > 0 && w.x1 > w.x0 && w.y1 > w.y0);
  if (usable.length === 0) return null;
  const pitchPx = pitchHintPx ?? median(usable.map((w) => w.y1 - w.y0)) * 1.4;
  const rows = groupRows(usable, pitchPx);
  const gutter = findGutter(rows, pitchPx);

  // Code words: right of the gutter and between its first and last row (what lies outside is editor chrome).
  const codeRows: Array<{ number: number; words: OcrWord[] }> = [];
  for (const row of rows) {
    if (gutter) {
      if (row.yCenter < gutter.topPx || row.yCenter > gutter.bottomPx) continue;
      const code = row.words.filter((w) => w.x0 > gutter.rightPx + pitchPx * 0.15);
      codeRows.push({ number: Math.round(gutter.intercept + gutter.slope * row.yCenter), words: code });
    } else {
      codeRows.push({ number: 0, words: row.words });
    }
  }
  if (!gutter) {
    // No gutter: number the rows by their position, one line per pitch, from 1.
    const top = rows[0].yCenter;
    for (let i = 0; i < codeRows.length; i++) codeRows[i].number = 1 + Math.round((rows[i].yCenter - top) / pitchPx);
  }
  const codeWords = codeRows.flatMap((r) => r.words);
  if (codeWords.length === 0) return null;
  const charWidthPx = estimateCharWidth(codeRows.map((r) => r.words), pitchPx);
  const leftPx = alignLeftEdge(codeRows.map((r) => r.words), charWidthPx);

  const byNumber = new Map<number, OcrWord[]>();
  for (const row of codeRows) {
    if (row.number < 1) continue;
    const list = byNumber.get(row.number) ?? [];
    list.push(...row.words);
    byNumber.set(row.number, list);
  }
  const numbers = [...byNumber.keys()];
  if (numbers.length === 0) return null;
  const firstLine = Math.min(...numbers);
  const lastLine = Math.max(...numbers);
  const lines: ReadLine[] = [];
  for (let number = firstLine; number <= lastLine; number++) {
    const lineWords = (byNumber.get(number) ?? []).sort((a, b) => a.x0 - b.x0);
    lines.push(buildLine(number, lineWords, leftPx, charWidthPx));
  }
  const top = rows[0].yCenter;
  const rowCenterPx = gutter ? (number: number) => (number - gutter.intercept) / gutter.slope : (number: number) => top + (number - 1) * pitchPx;
  return { lines, firstLine, lastLine, gutter: gutter !== null, charWidthPx, linePitchPx: pitchPx, codeLeftPx: leftPx, rowCenterPx };
}

/**
 * The monospace advance: a first guess from word widths (a word's ink spans about len − 0.2 advances), refined so
 * that the words of each line start at whole multiples of it from the line's first word.
 */
function estimateCharWidth(rows: ReadonlyArray<readonly OcrWord[]>, pitchPx: number): number {
  const widths = rows.flat().filter((w) => w.text.length >= 4).map((w) => (w.x1 - w.x0) / (w.text.length - 0.2));
  const guess = widths.length > 0 ? median(widths) : pitchPx * 0.45;
  const offsets: number[] = [];
  for (const words of rows) for (let i = 1; i < words.length; i++) offsets.push(words[i].x0 - words[0].x0);
  if (offsets.length < 5) return guess;
  let best = guess;
  let bestError = Infinity;
  for (let k = -40; k <= 40; k++) {
    const advance = guess * (1 + k / 400);
    let error = 0;
    for (const offset of offsets) {
      const columns = offset / advance;
      error += Math.abs(columns - Math.round(columns));
    }
    if (error < bestError) {
      bestError = error;
      best = advance;
    }
  }
  return best;
}

/**
 * Column 0's x: the leftmost ink, moved by the median fractional column of the lines' first words, so that glyphs
 * with a small left bearing (`}`) do not shift every other line's indentation by one.
 */
function alignLeftEdge(rows: ReadonlyArray<readonly OcrWord[]>, charWidthPx: number): number {
  const firsts = rows.filter((r) => r.length > 0).map((r) => r[0].x0);
  const minX = Math.min(...firsts);
  const fractions = firsts.map((x) => {
    const columns = (x - minX) / charWidthPx;
    return columns - Math.round(columns);
  });
  return minX + median(fractions) * charWidthPx;
}

/** Places each word at its character column (x offset / character width); a word never overwrites the one before it. */
function buildLine(number: number, words: readonly OcrWord[], leftPx: number, charWidthPx: number): ReadLine {
  if (words.length === 0) return { number, text: '', confidence: 100, repaired: false, box: null, words: [] };
  let text = '';
  const placed: PlacedWord[] = [];
  for (const word of words) {
    const column = Math.max(text.length, 0, Math.round((word.x0 - leftPx) / charWidthPx));
    text = text.padEnd(column, ' ') + word.text;
    placed.push({ text: word.text, column, confidence: word.confidence, x0: word.x0, y0: word.y0, x1: word.x1, y1: word.y1 });
  }
  const repairedText = repairCodeText(text);
  const x0 = Math.min(...words.map((w) => w.x0));
  const y0 = Math.min(...words.map((w) => w.y0));
  const x1 = Math.max(...words.map((w) => w.x1));
  const y1 = Math.max(...words.map((w) => w.y1));
  return {
    number,
    text: repairedText,
    repaired: repairedText !== text,
    confidence: placed.reduce((s, w) => s + w.confidence, 0) / placed.length,
    box: { x: Math.floor(x0), y: Math.floor(y0), width: Math.ceil(x1 - x0), height: Math.ceil(y1 - y0) },
    words: placed,
  };
}

/** Characters code on screen never has, and what OCR usually made them from; a line that needed one is marked repaired. */
const REPAIRS: ReadonlyArray<[RegExp, string]> = [
  [/[©®@](?=[\s;,)\]}]|$)/g, '0'],
  [/[“”„″]/g, '"'],
  [/[‘’′`´](?=[\s;,)]|$)/g, "'"],
  [/[‘’′´]/g, '`'],
  [/—|–/g, '-'],
  // Keywords with an `i` read as `1`/`l` or `rn` as `m`: the parser would otherwise reject the whole file.
  [/(^|[\s(])1f(?=\s|\()/g, '$1if'],
  [/\bawalt\b/g, 'await'],
  [/\bretum\b/g, 'return'],
  [/\b1mport\b/g, 'import'],
  // A lone closing brace is often read as `3` or `3}`; a bare `3` is never a line of code.
  [/^(\s*)3\}?$/g, '$1}'],
  [/[^\x20-\x7E]/g, '?'],
];

/** Replaces what code never contains by its likely original, so one misread character does not hide a whole file from the parser. */
export function repairCodeText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPAIRS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Python's indentation is syntax: an indent that is not a multiple of the file's unit (4) is a misplaced word box, not
 * code. Snaps each line to the nearest multiple (ties go down) and marks the lines it moved as repaired.
 */
export function snapPythonIndentation(layout: CodeLayout): void {
  for (const line of layout.lines) {
    const indent = line.text.length - line.text.trimStart().length;
    if (line.text.trim().length === 0 || indent % 4 === 0) continue;
    const snapped = Math.round((indent - 0.01) / 4) * 4;
    line.text = ' '.repeat(snapped) + line.text.trimStart();
    line.repaired = true;
  }
}
