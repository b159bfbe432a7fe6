// Editor screenshots of hand-written code for the code-reading tests, drawn by the codewatch suite's own renderer
// (real FreeType glyphs), so the tests know every line's number and pixel row.

import type { RgbFrame } from '../../../../common/interaction';
import type { CodeLanguage } from '../../../../common/perception';
import { EDITOR_THEMES, renderCodeScreenshot, type ScreenshotGeometry } from '../../../../main/bench/gen/codeScreenshot';
import type { CodeFontName } from '../../../../main/bench/gen/glyphAtlas';

export interface CodeScreen {
  frame: RgbFrame;
  geometry: ScreenshotGeometry;
  linePitchPx: number;
  firstLineNumber: number;
  /** The pixel rows [top, bottom) of the line the gutter numbers `number`. */
  rowOf(number: number): { top: number; bottom: number };
}

export interface CodeScreenOptions {
  firstLineNumber?: number;
  theme?: string;
  font?: CodeFontName;
  fontSizePx?: number;
  sidebarWidth?: number;
  frameIndex?: number;
  width?: number;
  height?: number;
}

export function codeScreen(lines: string[], language: CodeLanguage, options: CodeScreenOptions = {}): CodeScreen {
  const fontSizePx = options.fontSizePx ?? 14;
  const linePitchPx = Math.round(fontSizePx * 1.5);
  const firstLineNumber = options.firstLineNumber ?? 1;
  const theme = EDITOR_THEMES.find((t) => t.name === (options.theme ?? 'midnight'));
  if (!theme) throw new Error(`no editor theme ${options.theme}`);
  const width = options.width ?? 1024;
  const height = options.height ?? 768;
  const extension = language === 'python' ? 'py' : language === 'typescript' ? 'ts' : 'js';
  const { rgb, geometry } = renderCodeScreenshot(
    { language, fileName: `example.${extension}`, lines, bugs: [] },
    {
      theme,
      font: options.font ?? 'DejaVu Sans Mono',
      fontSizePx,
      linePitchPx,
      width,
      height,
      sidebarWidth: options.sidebarWidth ?? 0,
      firstLineNumber,
      activeLine: 0,
      otherFiles: [`other.${extension}`, 'README.md'],
    },
  );
  const frame: RgbFrame = { rgb, width, height, atMs: 1000, frameIndex: options.frameIndex ?? 0 };
  const rowOf = (number: number) => {
    const top = geometry.textArea.y + geometry.topPaddingPx + (number - firstLineNumber) * linePitchPx;
    return { top, bottom: top + linePitchPx };
  };
  return { frame, geometry, linePitchPx, firstLineNumber, rowOf };
}

/** A small TypeScript file with `=` in a condition on line 7 (and nothing else wrong). */
export const TS_ASSIGNMENT_IN_CONDITION = [
  '// Helpers for the settings screen.',
  '',
  'export function clampLevel(level: number, max: number): number {',
  '  if (level > max) {',
  '    return max;',
  '  }',
  '  if (level = max) {',
  '    return level;',
  '  }',
  '  return level;',
  '}',
  '',
  'export function average(values: number[]): number {',
  '  if (values.length === 0) {',
  '    return 0;',
  '  }',
  '  let sum = 0;',
  '  for (const value of values) sum += value;',
  '  return sum / values.length;',
  '}',
];

/** The same file, correct. */
export const TS_CLEAN = TS_ASSIGNMENT_IN_CONDITION.map((line) => line.replace('if (level = max)', 'if (level === max)'));

/** Python with a mutable default argument on line 4. */
export const PY_MUTABLE_DEFAULT = [
  '"""Small utilities shared by the command-line tools."""',
  '',
  '',
  'def add_item(item, items=[]):',
  '    items.append(item)',
  '    return items',
  '',
  '',
  'def describe_user(user):',
  '    if user is None:',
  '        return "nobody"',
  '    return f"{user.name} <{user.email}>"',
];

/** A TypeScript fragment (no header) with an unused local on its 4th line: shown scrolled, that is gutter line 87 + 3. */
export const TS_FRAGMENT_UNUSED = [
  'export function countWords(text: string): Map<string, number> {',
  '  const counts = new Map<string, number>();',
  '  const words = text.toLowerCase().split(/\\s+/);',
  '  const total = words.length;',
  '  for (const word of words) {',
  '    if (word.length === 0) continue;',
  '    counts.set(word, (counts.get(word) ?? 0) + 1);',
  '  }',
  '  return counts;',
  '}',
  '',
  'export function formatName(first: string, last: string): string {',
  '  const full = first + " " + last;',
  '  return full.trim();',
  '}',
];
