// Renders a source file as an editor screenshot (tab bar, optional file tree, gutter with line numbers, syntax colours, status bar) into RGB pixels, deterministically.

import type { CodeLanguage, SourceFile } from './codeFiles';
import { glyphAtlas, type CodeFontName, type GlyphAtlas } from './glyphAtlas';

type Rgb = readonly [number, number, number];

export type TokenClass = 'text' | 'keyword' | 'string' | 'comment' | 'number' | 'function' | 'type';

export interface EditorTheme {
  name: string;
  dark: boolean;
  background: Rgb;
  activeLine: Rgb;
  gutter: Rgb;
  gutterText: Rgb;
  gutterActiveText: Rgb;
  chrome: Rgb;
  chromeText: Rgb;
  activeTab: Rgb;
  status: Rgb;
  statusText: Rgb;
  tokens: Record<TokenClass, Rgb>;
}

/** Three dark and two light themes (the project's own palettes, in the spirit of common editor themes). */
export const EDITOR_THEMES: readonly EditorTheme[] = [
  {
    name: 'midnight',
    dark: true,
    background: [30, 31, 36],
    activeLine: [42, 44, 52],
    gutter: [30, 31, 36],
    gutterText: [110, 114, 128],
    gutterActiveText: [200, 200, 210],
    chrome: [24, 25, 29],
    chromeText: [160, 164, 176],
    activeTab: [30, 31, 36],
    status: [0, 102, 170],
    statusText: [235, 240, 250],
    tokens: { text: [212, 212, 212], keyword: [86, 156, 214], string: [206, 145, 120], comment: [106, 153, 85], number: [181, 206, 168], function: [220, 220, 170], type: [78, 201, 176] },
  },
  {
    name: 'graphite',
    dark: true,
    background: [40, 42, 46],
    activeLine: [50, 53, 58],
    gutter: [36, 38, 42],
    gutterText: [98, 104, 112],
    gutterActiveText: [190, 194, 200],
    chrome: [33, 35, 39],
    chromeText: [150, 156, 166],
    activeTab: [40, 42, 46],
    status: [33, 35, 39],
    statusText: [150, 156, 166],
    tokens: { text: [220, 223, 228], keyword: [198, 120, 221], string: [152, 195, 121], comment: [120, 126, 138], number: [209, 154, 102], function: [97, 175, 239], type: [229, 192, 123] },
  },
  {
    name: 'ocean',
    dark: true,
    background: [15, 30, 48],
    activeLine: [24, 44, 68],
    gutter: [12, 25, 41],
    gutterText: [84, 110, 140],
    gutterActiveText: [180, 200, 225],
    chrome: [10, 21, 35],
    chromeText: [130, 160, 190],
    activeTab: [15, 30, 48],
    status: [24, 70, 110],
    statusText: [220, 232, 245],
    tokens: { text: [214, 222, 235], keyword: [255, 157, 0], string: [165, 255, 144], comment: [0, 136, 255], number: [255, 98, 140], function: [255, 221, 0], type: [128, 255, 187] },
  },
  {
    name: 'paper',
    dark: false,
    background: [255, 255, 255],
    activeLine: [240, 244, 250],
    gutter: [250, 250, 250],
    gutterText: [150, 150, 150],
    gutterActiveText: [40, 40, 40],
    chrome: [236, 236, 236],
    chromeText: [90, 90, 90],
    activeTab: [255, 255, 255],
    status: [0, 122, 204],
    statusText: [255, 255, 255],
    tokens: { text: [30, 30, 30], keyword: [0, 0, 200], string: [163, 21, 21], comment: [0, 128, 0], number: [9, 134, 88], function: [121, 94, 38], type: [38, 127, 153] },
  },
  {
    name: 'sand',
    dark: false,
    background: [253, 246, 227],
    activeLine: [238, 232, 213],
    gutter: [245, 238, 218],
    gutterText: [160, 155, 140],
    gutterActiveText: [88, 110, 117],
    chrome: [238, 232, 213],
    chromeText: [101, 123, 131],
    activeTab: [253, 246, 227],
    status: [238, 232, 213],
    statusText: [88, 110, 117],
    tokens: { text: [88, 110, 117], keyword: [133, 153, 0], string: [42, 161, 152], comment: [147, 161, 161], number: [211, 54, 130], function: [38, 139, 210], type: [181, 137, 0] },
  },
];

const KEYWORDS: Record<'ts' | 'py', ReadonlySet<string>> = {
  ts: new Set('const let var function return if else for of in while do async await export import from class new this throw try catch finally interface type extends implements private public protected readonly static typeof instanceof null undefined true false continue break switch case default void'.split(' ')),
  py: new Set('def return if elif else for in while import from as class try except finally raise with async await None True False is not and or lambda pass yield continue break global nonlocal del assert'.split(' ')),
};

/** Colours one line: a small lexer (comments, strings, numbers, keywords, called names, capitalized type names). */
export function tokenizeLine(line: string, language: CodeLanguage): Array<{ text: string; cls: TokenClass }> {
  const family = language === 'python' ? 'py' : 'ts';
  const tokens: Array<{ text: string; cls: TokenClass }> = [];
  const lexer = family === 'py'
    ? /(#.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|(.)/g
    : /(\/\/.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_$][A-Za-z0-9_$]*)|(\s+)|(.)/g;
  let match: RegExpExecArray | null;
  while ((match = lexer.exec(line)) !== null) {
    const [text, comment, string, number, word] = match;
    let cls: TokenClass = 'text';
    if (comment) cls = 'comment';
    else if (string) cls = 'string';
    else if (number) cls = 'number';
    else if (word) {
      if (KEYWORDS[family].has(word)) cls = 'keyword';
      else if (line.slice(lexer.lastIndex).startsWith('(')) cls = 'function';
      else if (/^[A-Z][a-z]/.test(word)) cls = 'type';
    }
    tokens.push({ text, cls });
  }
  // A Python docstring line is a string even though the lexer sees three quotes.
  if (family === 'py' && /^\s*"""/.test(line)) return [{ text: line, cls: 'string' }];
  return tokens;
}

export interface ScreenshotLayout {
  theme: EditorTheme;
  font: CodeFontName;
  fontSizePx: number;
  /** Distance between the tops of consecutive code lines. */
  linePitchPx: number;
  width: number;
  height: number;
  /** Width of the file tree on the left (0 = hidden). */
  sidebarWidth: number;
  /** Line number shown next to the first code line (a file scrolled down shows a later number). */
  firstLineNumber: number;
  /** Index (0-based, among the shown lines) of the line with the cursor. */
  activeLine: number;
  /** Other files listed in the tree and in background tabs. */
  otherFiles: string[];
}

/** Where things ended up on the screenshot, for ground truth. */
export interface ScreenshotGeometry {
  /** The code text, right of the gutter; the top of shown line i is textArea.y + topPaddingPx + i·linePitchPx. */
  textArea: { x: number; y: number; width: number; height: number };
  topPaddingPx: number;
  /** The line numbers, left of the text. */
  gutter: { x: number; width: number };
  /** How many lines fit in the code area. */
  visibleLines: number;
}

const TAB_BAR_PX = 34;
const STATUS_BAR_PX = 24;
const TOP_PADDING_PX = 6;
const UI_FONT_PX = 12;

/** How many code lines fit in a layout (before any file is chosen). */
export function visibleLineCount(height: number, linePitchPx: number): number {
  return Math.floor((height - TAB_BAR_PX - STATUS_BAR_PX - TOP_PADDING_PX * 2) / linePitchPx);
}

/** The width the code needs: sidebar + gutter + the longest line + margins. */
export function requiredWidth(file: SourceFile, layout: Pick<ScreenshotLayout, 'font' | 'fontSizePx' | 'sidebarWidth' | 'firstLineNumber'>): number {
  const atlas = glyphAtlas(layout.font, layout.fontSizePx);
  const digits = String(layout.firstLineNumber + file.lines.length - 1).length;
  const longest = Math.max(...file.lines.map((l) => l.length));
  return layout.sidebarWidth + gutterWidth(atlas, digits) + (longest + 4) * atlas.advancePx;
}

function gutterWidth(atlas: GlyphAtlas, digits: number): number {
  return (Math.max(digits, 2) + 3) * atlas.advancePx;
}

/** Draws the screenshot; returns tightly packed RGB and where the code is. */
export function renderCodeScreenshot(file: SourceFile, layout: ScreenshotLayout): { rgb: Uint8Array; geometry: ScreenshotGeometry } {
  const { width, height, theme } = layout;
  const image = new RgbImage(width, height, theme.background);
  const code = glyphAtlas(layout.font, layout.fontSizePx);
  const ui = glyphAtlas(layout.font, UI_FONT_PX);

  // Tab bar with the file's tab active and the other files as inactive tabs.
  image.fillRect(0, 0, width, TAB_BAR_PX, theme.chrome);
  let tabX = layout.sidebarWidth;
  for (const [index, name] of [file.fileName, ...layout.otherFiles.slice(0, 2)].entries()) {
    const tabWidth = (name.length + 6) * ui.advancePx;
    if (tabX + tabWidth > width) break;
    if (index === 0) image.fillRect(tabX, 0, tabWidth, TAB_BAR_PX, theme.activeTab);
    drawText(image, ui, name, tabX + 3 * ui.advancePx, 0, TAB_BAR_PX, index === 0 ? theme.tokens.text : theme.chromeText);
    tabX += tabWidth;
  }

  // File tree.
  if (layout.sidebarWidth > 0) {
    image.fillRect(0, 0, layout.sidebarWidth, height - STATUS_BAR_PX, theme.chrome);
    drawText(image, ui, 'EXPLORER', 2 * ui.advancePx, 0, TAB_BAR_PX, theme.chromeText);
    const files = [...layout.otherFiles, file.fileName].sort();
    files.forEach((name, i) => {
      const top = TAB_BAR_PX + 4 + i * 22;
      if (top + 22 > height - STATUS_BAR_PX) return;
      if (name === file.fileName) image.fillRect(0, top, layout.sidebarWidth, 22, theme.activeLine);
      drawText(image, ui, name.slice(0, Math.floor(layout.sidebarWidth / ui.advancePx) - 4), 3 * ui.advancePx, top, 22, name === file.fileName ? theme.tokens.text : theme.chromeText);
    });
  }

  // Gutter and code.
  const lastNumber = layout.firstLineNumber + file.lines.length - 1;
  const digits = Math.max(2, String(lastNumber).length);
  const gutterX = layout.sidebarWidth;
  const gutterW = gutterWidth(code, digits);
  const codeY = TAB_BAR_PX;
  const codeHeight = height - TAB_BAR_PX - STATUS_BAR_PX;
  image.fillRect(gutterX, codeY, gutterW, codeHeight, theme.gutter);
  const textX = gutterX + gutterW + code.advancePx;
  const family = file.language;
  file.lines.forEach((line, i) => {
    const top = codeY + TOP_PADDING_PX + i * layout.linePitchPx;
    if (top + layout.linePitchPx > codeY + codeHeight) return;
    const active = i === layout.activeLine;
    if (active) image.fillRect(gutterX + gutterW, top, width - gutterX - gutterW, layout.linePitchPx, theme.activeLine);
    const number = String(layout.firstLineNumber + i).padStart(digits, ' ');
    drawText(image, code, number, gutterX + code.advancePx, top, layout.linePitchPx, active ? theme.gutterActiveText : theme.gutterText);
    let column = 0;
    for (const token of tokenizeLine(line, family)) {
      drawText(image, code, token.text, textX + column * code.advancePx, top, layout.linePitchPx, theme.tokens[token.cls]);
      column += token.text.length;
    }
  });

  // Status bar.
  image.fillRect(0, height - STATUS_BAR_PX, width, STATUS_BAR_PX, theme.status);
  const languageName = { typescript: 'TypeScript', javascript: 'JavaScript', python: 'Python' }[file.language];
  const cursorColumn = (file.lines[layout.activeLine] ?? '').length + 1;
  const status = `Ln ${layout.firstLineNumber + layout.activeLine}, Col ${cursorColumn}    Spaces: ${file.language === 'python' ? 4 : 2}    UTF-8    LF    ${languageName}`;
  drawText(image, ui, status, width - (status.length + 2) * ui.advancePx, height - STATUS_BAR_PX, STATUS_BAR_PX, theme.statusText);

  return {
    rgb: image.rgb,
    geometry: {
      textArea: { x: gutterX + gutterW, y: codeY, width: width - gutterX - gutterW, height: codeHeight },
      topPaddingPx: TOP_PADDING_PX,
      gutter: { x: gutterX, width: gutterW },
      visibleLines: visibleLineCount(height, layout.linePitchPx),
    },
  };
}

/** Draws text starting at pen position x, centred vertically in the box [top, top + boxHeight). */
function drawText(image: RgbImage, atlas: GlyphAtlas, text: string, x: number, top: number, boxHeight: number, colour: Rgb): void {
  const cellTop = top + Math.floor((boxHeight - atlas.cellHeightPx) / 2);
  const originY = cellTop - atlas.cellTopRow;
  for (let i = 0; i < text.length; i++) {
    const mask = atlas.mask(text[i]);
    if (!mask || text[i] === ' ') continue;
    image.blendMask(mask, atlas.maskWidth, atlas.maskHeight, x + i * atlas.advancePx - atlas.penColumn, originY, colour);
  }
}

class RgbImage {
  readonly rgb: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgb = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x: number, y: number, w: number, h: number, colour: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        const p = (row * this.width + col) * 3;
        this.rgb[p] = colour[0];
        this.rgb[p + 1] = colour[1];
        this.rgb[p + 2] = colour[2];
      }
    }
  }

  /** Alpha-blends `colour` through an 8-bit coverage mask placed with its top-left at (x, y). */
  blendMask(mask: Uint8Array, maskWidth: number, maskHeight: number, x: number, y: number, colour: Rgb): void {
    for (let my = 0; my < maskHeight; my++) {
      const row = y + my;
      if (row < 0 || row >= this.height) continue;
      for (let mx = 0; mx < maskWidth; mx++) {
        const alpha = mask[my * maskWidth + mx];
        if (alpha === 0) continue;
        const col = x + mx;
        if (col < 0 || col >= this.width) continue;
        const p = (row * this.width + col) * 3;
        const a = alpha / 255;
        for (let c = 0; c < 3; c++) this.rgb[p + c] = Math.round(this.rgb[p + c] + (colour[c] - this.rgb[p + c]) * a);
      }
    }
  }
}
