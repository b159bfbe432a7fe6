// Generates one codewatch sample: an editor screenshot of a TypeScript, JavaScript or Python file (with planted bugs, or clean) shown on the screen stream.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PNG } from 'pngjs';
import { BUGS_BY_LANGUAGE, CODE_LANGUAGES, buildSourceFile, type BugKind, type CodeLanguage, type PlantedBug, type SourceFile } from './codeFiles';
import { EDITOR_THEMES, renderCodeScreenshot, requiredWidth, visibleLineCount, type ScreenshotLayout } from './codeScreenshot';
import { writeScenario, type GeneratedSample } from './generatedSamples';
import { CODE_FONTS, type CodeFontName } from './glyphAtlas';
import { SampleRandom } from './sampleRandom';

export const CODEWATCH_FONT_SIZES_PX = [12, 13, 14, 15, 16, 18] as const;
const SCREEN_WIDTHS = [960, 1024, 1280, 1366, 1440, 1600] as const;
const SCREEN_HEIGHTS = [600, 640, 720, 768, 800, 900] as const;
/** Every layout shows at least this many code lines, enough for any three buggy snippets. */
const MIN_VISIBLE_LINES = 24;
/** The screenshot stays on screen for the whole run: long enough to read it (≤ 1.5 s) and speak at a pause. */
export const CODEWATCH_RUN_MS = 8000;

export interface CodewatchTruth extends Record<string, unknown> {
  language: CodeLanguage;
  fileName: string;
  clean: boolean;
  /** Planted bugs with the line numbers the gutter shows. */
  bugs: PlantedBug[];
  firstLine: number;
  lastLine: number;
  theme: string;
  font: CodeFontName;
  fontSizePx: number;
  linePitchPx: number;
  width: number;
  height: number;
  sidebarWidth: number;
  /** Where the code text is: the top of shown line i (number firstLine + i) is textArea.y + topPaddingPx + i·linePitchPx. */
  textArea: { x: number; y: number; width: number; height: number };
  topPaddingPx: number;
  /** Where the line numbers are. */
  gutter: { x: number; width: number };
  /** The shown text, line by line (line firstLine first). */
  code: string[];
}

/** Sample k: language k mod 3; clean when k mod 4 = 3 (so every 12 samples hold each language clean once and buggy three times). */
export function codewatchDesign(k: number): { language: CodeLanguage; clean: boolean } {
  const m = ((k % 12) + 12) % 12;
  return { language: CODE_LANGUAGES[m % 3], clean: m % 4 === 3 };
}

export async function makeCodewatchSample(seed: number, k: number, dir: string): Promise<GeneratedSample> {
  const rng = new SampleRandom(seed);
  const { language, clean } = codewatchDesign(k);
  const theme = rng.pick(EDITOR_THEMES);
  const font = rng.pick(Object.keys(CODE_FONTS) as CodeFontName[]);
  const fontSizePx = rng.pick(CODEWATCH_FONT_SIZES_PX);
  const linePitchPx = Math.round(fontSizePx * rng.uniform(1.35, 1.6));
  const heights = SCREEN_HEIGHTS.filter((h) => visibleLineCount(h, linePitchPx) >= MIN_VISIBLE_LINES);
  const height = rng.pick(heights.length > 0 ? heights : [SCREEN_HEIGHTS[SCREEN_HEIGHTS.length - 1]]);
  const maxLines = visibleLineCount(height, linePitchPx);

  // A third of the views are scrolled down: the gutter starts at a later number and the file's header is above the view.
  const firstLineNumber = rng.chance(0.35) ? rng.int(10, 120) : 1;
  const bugCount = clean ? 0 : rng.pick([1, 1, 2, 2, 3]);
  let bugKinds: BugKind[] = rng.shuffled(BUGS_BY_LANGUAGE[language]).slice(0, bugCount);
  let file: SourceFile | null = null;
  const fileRng = rng.fork('file');
  while (file === null) {
    try {
      file = buildSourceFile({ language, bugKinds, maxLines, withHeader: firstLineNumber === 1 }, fileRng);
    } catch (error) {
      if (!(error instanceof RangeError) || bugKinds.length <= 1) throw error;
      bugKinds = bugKinds.slice(0, -1);
    }
  }

  let sidebarWidth = rng.chance(0.5) ? rng.int(180, 240) : 0;
  const layoutBase = { font, fontSizePx, firstLineNumber };
  let fitting = SCREEN_WIDTHS.filter((w) => w >= requiredWidth(file!, { ...layoutBase, sidebarWidth }));
  if (fitting.length === 0) {
    sidebarWidth = 0;
    fitting = SCREEN_WIDTHS.filter((w) => w >= requiredWidth(file!, { ...layoutBase, sidebarWidth }));
  }
  const width = rng.pick(fitting.length > 0 ? fitting : [SCREEN_WIDTHS[SCREEN_WIDTHS.length - 1]]);
  const siblings = rng.shuffled([...OTHER_FILES[language].filter((name) => name !== file!.fileName), 'README.md', '.gitignore']).slice(0, rng.int(2, 5));
  const layout: ScreenshotLayout = {
    theme,
    font,
    fontSizePx,
    linePitchPx,
    width,
    height,
    sidebarWidth,
    firstLineNumber,
    activeLine: rng.int(0, file.lines.length - 1),
    otherFiles: siblings,
  };
  const { rgb, geometry } = renderCodeScreenshot(file, layout);
  writePng(nodePath.join(dir, 'screen.png'), rgb, width, height);

  const bugs = file.bugs.map((bug) => ({ ...bug, line: bug.line + firstLineNumber - 1 }));
  const scenario = writeScenario(dir, 'codewatch.scenario.json', {
    version: 1,
    name: `codewatch-${seed}`,
    description: `codewatch: ${file.fileName} (${language}, ${clean ? 'clean' : `bugs on lines ${bugs.map((b) => b.line).join(', ')}`}), theme ${theme.name}, ${font} ${fontSizePx} px, ${width}×${height}. Generated from seed ${seed}.`,
    durationMs: CODEWATCH_RUN_MS,
    screen: { frames: 'screen.png', fps: 1, atMs: 0 },
  });
  const truth: CodewatchTruth = {
    language,
    fileName: file.fileName,
    clean: bugs.length === 0,
    bugs,
    firstLine: firstLineNumber,
    lastLine: firstLineNumber + file.lines.length - 1,
    theme: theme.name,
    font,
    fontSizePx,
    linePitchPx,
    width,
    height,
    sidebarWidth,
    textArea: geometry.textArea,
    topPaddingPx: geometry.topPaddingPx,
    gutter: geometry.gutter,
    code: file.lines,
  };
  return { task: 'codewatch', scenario, truth };
}

const OTHER_FILES: Record<CodeLanguage, readonly string[]> = {
  typescript: ['index.ts', 'api.ts', 'helpers.ts', 'orders.ts', 'settings.ts', 'types.ts', 'package.json', 'tsconfig.json'],
  javascript: ['index.js', 'api.js', 'helpers.js', 'orders.js', 'settings.js', 'package.json'],
  python: ['__init__.py', 'cli.py', 'helpers.py', 'orders.py', 'settings.py', 'requirements.txt'],
};

function writePng(path: string, rgb: Uint8Array, width: number, height: number): void {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  fs.writeFileSync(path, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}
