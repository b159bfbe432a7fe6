// Reads one screen frame: OCR with word boxes → code lines with gutter numbers → language → analyzers → judged findings.
// Pure apart from the OCR worker and the warm analyzers it is given; the watcher runs it in its own worker thread.

import { performance } from 'node:perf_hooks';
import type { RgbFrame } from '../../../common/interaction';
import type { CodeFinding, CodeLanguage } from '../../../common/perception';
import type { Analysis } from './analysis';
import { isTandemError } from '../../../common/errors';
import { tesseractLangPath, type OcrModel, type TesseractWorker } from '../ocr';
import { detectCodeLanguage } from './codeLanguage';
import { DEFAULT_FINDING_POLICY, judgeIssues, type FindingPolicy } from './findings';
import { PythonAnalyzer } from './pythonAnalyzer';
import { cropOcrImage, inkedShare, looksLikeEqualsSign, prepareOcrImage, splitOcrBands, type OcrImage } from './screenImage';
import { layoutCode, snapPythonIndentation, type CodeLayout, type OcrWord } from './screenLayout';
import { TypeScriptAnalyzer } from './typescriptAnalyzer';

/** Everything one frame gave, before the watcher drops findings it already reported. */
export interface CodeReadingResult {
  status: 'code' | 'no_code' | 'unreadable' | 'error';
  message?: string;
  language: CodeLanguage | null;
  findings: CodeFinding[];
  heldBack: number;
  linesRead: number;
  firstLine: number | null;
  lastLine: number | null;
  /** The code as rebuilt from the screen (empty unless status is `code`). */
  text: string;
  /** Time spent in OCR and in the analyzers (ms). */
  ocrMs: number;
  analyzeMs: number;
}

/** The warm analyzers a reader reuses from frame to frame. */
export interface CodeAnalyzers {
  typescript: TypeScriptAnalyzer;
  python: PythonAnalyzer;
}

export function createCodeAnalyzers(): CodeAnalyzers {
  return { typescript: new TypeScriptAnalyzer(), python: new PythonAnalyzer() };
}

export interface ReadCodeOptions {
  analyzers?: CodeAnalyzers;
  policy?: FindingPolicy;
  /** Upscale factor for OCR; by default chosen so a text line is ~40 px tall. */
  scale?: number;
}

/**
 * A tesseract worker set up for code: English, offline, without the dictionaries (they "correct" identifiers into
 * English words). The caller terminates it.
 */
export async function createCodeOcrWorker(model: OcrModel = 'fast'): Promise<TesseractWorker> {
  const { createWorker } = await import('tesseract.js');
  // Dictionaries are init-only parameters: they must be passed when the worker starts.
  const initOnly = { load_system_dawg: '0', load_freq_dawg: '0' } as unknown as Parameters<typeof createWorker>[3];
  const worker = await createWorker('eng', 1, { langPath: tesseractLangPath(model), gzip: true, cacheMethod: 'none' }, initOnly);
  // The image is already dark on light (no inverted retries needed); a PGM has no resolution, so say it instead of letting tesseract guess (and log).
  // PSM 6 (one uniform block of text, tesseract's API default) keeps each editor row one line, gutter and tree
  // included; automatic segmentation (3) splits the screen into columns and was worse on the tuning seeds.
  await worker.setParameters({ tessedit_pageseg_mode: CODE_PAGE_MODE, tessedit_do_invert: '0', user_defined_dpi: '300' } as unknown as Parameters<TesseractWorker['setParameters']>[0]);
  return worker;
}

const CODE_PAGE_MODE = '6';
/** PSM 7: the image is one text line (a row re-read on its own). */
const SINGLE_LINE_MODE = '7';

let sharedAnalyzers: CodeAnalyzers | null = null;

function empty(status: CodeReadingResult['status'], message: string, ocrMs = 0): CodeReadingResult {
  return { status, message, language: null, findings: [], heldBack: 0, linesRead: 0, firstLine: null, lastLine: null, text: '', ocrMs, analyzeMs: 0 };
}

/** Reads the code on one frame and returns all its findings. Never throws: bad input and failures come back as a status with a message. */
export async function readCodeFromFrame(frame: RgbFrame, ocr: CodeOcr, options: ReadCodeOptions = {}): Promise<CodeReadingResult> {
  try {
    return await readCode(frame, ocr, options);
  } catch (error) {
    // A bug in the pipeline must not take the reading thread down with it: the reading says what failed.
    return empty('error', `Reading screen frame ${String(frame?.frameIndex)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readCode(frame: RgbFrame, ocr: CodeOcr, options: ReadCodeOptions): Promise<CodeReadingResult> {
  let image;
  try {
    image = prepareOcrImage(frame, { scale: options.scale });
  } catch (error) {
    return empty('unreadable', `The screen frame cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ocrStart = performance.now();
  const workers = ocrWorkersOf(ocr);
  let words: OcrWord[];
  try {
    words = await readBands(image, workers);
  } catch (error) {
    const what = isTandemError(error) || error instanceof Error ? error.message : String(error);
    return empty('error', `OCR failed on screen frame ${frame.frameIndex}: ${what}`, performance.now() - ocrStart);
  }
  let layout: CodeLayout | null = layoutCode(words, image.linePitchPx);
  if (layout) {
    // Tesseract's page layout drops some short lines (a lone `}`): read the inked rows it skipped one by one.
    try {
      const recovered = await rereadSkippedRows(image, layout, workers);
      if (recovered.length > 0) layout = layoutCode([...words, ...recovered], image.linePitchPx) ?? layout;
    } catch (error) {
      return empty('error', `OCR failed on screen frame ${frame.frameIndex}: ${error instanceof Error ? error.message : String(error)}`, performance.now() - ocrStart);
    }
  }
  const ocrMs = performance.now() - ocrStart;
  if (layout) verifyAssignments(layout, image);
  if (!layout) return empty('no_code', 'No text was found on the screen.', ocrMs);
  const language = detectCodeLanguage(layout.lines.map((l) => l.text));
  if (!language) return { ...empty('no_code', 'The screen shows no code (no lines that read as TypeScript, JavaScript or Python).', ocrMs), linesRead: layout.lines.filter((l) => l.text.trim()).length };
  if (language === 'python') snapPythonIndentation(layout);
  const analyzeStart = performance.now();
  try {
    const analyzers = options.analyzers ?? (sharedAnalyzers ??= createCodeAnalyzers());
    const text = layout.lines.map((l) => l.text).join('\n');
    const analyze = (source: string) => (language === 'python' ? analyzers.python.analyze(source) : analyzers.typescript.analyze(source, language));
    const analysis = healed(analyze(text), layout, analyze);
    const judged = judgeIssues(analysis, layout, language, frame, options.policy ?? DEFAULT_FINDING_POLICY);
    return {
      status: 'code',
      language,
      findings: judged.findings,
      heldBack: judged.heldBack,
      linesRead: layout.lines.length,
      firstLine: layout.firstLine,
      lastLine: layout.lastLine,
      text,
      ocrMs,
      analyzeMs: performance.now() - analyzeStart,
    };
  } catch (error) {
    return { ...empty('error', `Analyzing the ${language} code on screen frame ${frame.frameIndex} failed: ${error instanceof Error ? error.message : String(error)}`, ocrMs), language };
  }
}

/** A row counts as inked when this share of its pixels right of the gutter is ink (a `}` at 14 px is ~0.2 % of a 1000 px row band). */
const MIN_ROW_INK_SHARE = 0.0004;

/**
 * Re-reads, as single text lines, the rows that have a gutter number and ink right of the gutter but no words: tesseract's
 * page segmentation treats an isolated short line (a closing brace) as noise, and without it the parser sees broken code.
 */
async function rereadSkippedRows(image: OcrImage, layout: CodeLayout, workers: readonly TesseractWorker[]): Promise<OcrWord[]> {
  const s = image.scale;
  const half = layout.linePitchPx / 2;
  const left = Math.max(0, Math.floor((layout.codeLeftPx - layout.charWidthPx) * s));
  const candidates = layout.lines
    .filter((line) => line.words.length === 0)
    .map((line) => {
      const centre = layout.rowCenterPx(line.number);
      return { top: Math.max(0, Math.floor((centre - half) * s)), bottom: Math.min(image.height, Math.ceil((centre + half) * s)) };
    })
    .filter((band) => band.bottom - band.top > 4 && inkedShare(image, left, band.top, image.width, band.bottom) >= MIN_ROW_INK_SHARE);
  if (candidates.length === 0) return [];
  // Row k goes to worker k mod n; the words are gathered in row order, so the result does not depend on which finished first.
  const used = workers.slice(0, Math.min(workers.length, candidates.length));
  const perRow: OcrWord[][] = candidates.map(() => []);
  await Promise.all(
    used.map(async (worker, w) => {
      await worker.setParameters({ tessedit_pageseg_mode: SINGLE_LINE_MODE } as unknown as Parameters<TesseractWorker['setParameters']>[0]);
      try {
        for (let k = w; k < candidates.length; k += used.length) {
          const band = candidates[k];
          const strip = cropOcrImage(image, left, band.top, image.width, band.bottom);
          const { data } = await worker.recognize(Buffer.from(strip.file.buffer, strip.file.byteOffset, strip.file.byteLength), {}, { blocks: true, text: false });
          perRow[k] = wordsOf(data, (x, y) => ({ x: (x - strip.padPx + left) / s, y: (y - strip.padPx + band.top) / s }));
        }
      } finally {
        await worker.setParameters({ tessedit_pageseg_mode: CODE_PAGE_MODE } as unknown as Parameters<TesseractWorker['setParameters']>[0]);
      }
    }),
  );
  return perRow.flat();
}

/** The OCR workers a reading may use: one, or several that read bands of the screen at once. */
export type CodeOcr = TesseractWorker | readonly TesseractWorker[];

function ocrWorkersOf(ocr: CodeOcr): readonly TesseractWorker[] {
  const workers = (Array.isArray(ocr) ? ocr : [ocr]) as readonly TesseractWorker[];
  if (workers.length === 0) throw new Error('no OCR worker was given');
  return workers;
}

type RecognizedPage = Awaited<ReturnType<TesseractWorker['recognize']>>['data'];

/** Every word of a recognized image, its box mapped to frame pixels by `toFrame`. */
function wordsOf(data: RecognizedPage, toFrame: (x: number, y: number) => { x: number; y: number }): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          const a = toFrame(word.bbox.x0, word.bbox.y0);
          const b = toFrame(word.bbox.x1, word.bbox.y1);
          words.push({ text: word.text, confidence: word.confidence, x0: a.x, y0: a.y, x1: b.x, y1: b.y });
        }
      }
    }
  }
  return words;
}

/**
 * The page OCR: with one worker the whole image; with several, one band each (`splitOcrBands`), read at once on as many
 * cores. A band keeps the words centred in its own part, and the bands are joined top to bottom, so the words are the
 * same whichever worker finished first.
 */
async function readBands(image: OcrImage, workers: readonly TesseractWorker[]): Promise<OcrWord[]> {
  const s = image.scale;
  const bands = splitOcrBands(image, workers.length);
  if (bands.length === 1) {
    const { data } = await workers[0].recognize(Buffer.from(image.file.buffer, image.file.byteOffset, image.file.byteLength), {}, { blocks: true, text: false });
    return wordsOf(data, (x, y) => ({ x: x / s, y: y / s }));
  }
  const perBand = await Promise.all(
    bands.map(async (band, k) => {
      const strip = cropOcrImage(image, 0, band.top, image.width, band.bottom);
      const { data } = await workers[k].recognize(Buffer.from(strip.file.buffer, strip.file.byteOffset, strip.file.byteLength), {}, { blocks: true, text: false });
      const keepTop = band.keepTop / s;
      const keepBottom = band.keepBottom / s;
      return wordsOf(data, (x, y) => ({ x: (x - strip.padPx) / s, y: (y - strip.padPx + band.top) / s })).filter((w) => {
        const centre = (w.y0 + w.y1) / 2;
        return centre >= keepTop && centre < keepBottom;
      });
    }),
  );
  return perBand.flat();
}

/**
 * A lone `=` in a condition is what the watcher would call a bug, so its glyph is checked on the pixels: when it is
 * not two bars (a `>` read as `=`), the line is marked repaired, and nothing said about it is reported.
 */
function verifyAssignments(layout: CodeLayout, image: OcrImage): void {
  for (const line of layout.lines) {
    if (!/\b(if|while)\b/.test(line.text)) continue;
    for (const word of line.words) {
      if (word.text === '=' && !looksLikeEqualsSign(image, word)) line.repaired = true;
    }
  }
}

/**
 * A file that does not parse because of a few misread lines (a template literal whose backtick was read as a quote) is
 * analyzed again with those lines blanked. Only when the rest then parses cleanly is that analysis used, and the judge
 * holds back whatever involves a name written on a blanked line (its declaration or use may be what was blanked).
 */
function healed(analysis: Analysis, layout: CodeLayout, analyze: (source: string) => Analysis): Analysis {
  const broken = new Set(analysis.syntaxErrorLines.filter((line) => line >= 1 && line <= layout.lines.length));
  if (broken.size === 0 || broken.size > 3 || broken.size !== analysis.syntaxErrorLines.length) return analysis;
  const text = layout.lines.map((l, i) => (broken.has(i + 1) ? '' : l.text)).join('\n');
  const second = analyze(text);
  if (second.syntaxErrorLines.length > 0) return analysis;
  return { ...second, healedLines: [...broken].map((line) => ({ line, text: layout.lines[line - 1].text })) };
}
