// Reads one screen frame: OCR with word boxes → code lines with gutter numbers → language → analyzers → judged findings.
// Pure apart from the OCR worker and the warm analyzers it is given; the watcher runs it in its own worker thread.

import { performance } from 'node:perf_hooks';
import type { RgbFrame } from '../../../common/interaction';
import type { CodeFinding, CodeLanguage } from '../../../common/perception';
import { isTandemError } from '../../../common/errors';
import { tesseractLangPath, type OcrModel, type TesseractWorker } from '../ocr';
import { detectCodeLanguage } from './codeLanguage';
import { DEFAULT_FINDING_POLICY, judgeIssues, type FindingPolicy } from './findings';
import { PythonAnalyzer } from './pythonAnalyzer';
import { prepareOcrImage } from './screenImage';
import { layoutCode, type CodeLayout, type OcrWord } from './screenLayout';
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
  await worker.setParameters({ tessedit_do_invert: '0', user_defined_dpi: '300' } as unknown as Parameters<TesseractWorker['setParameters']>[0]);
  return worker;
}

let sharedAnalyzers: CodeAnalyzers | null = null;

function empty(status: CodeReadingResult['status'], message: string, ocrMs = 0): CodeReadingResult {
  return { status, message, language: null, findings: [], heldBack: 0, linesRead: 0, firstLine: null, lastLine: null, text: '', ocrMs, analyzeMs: 0 };
}

/** Reads the code on one frame and returns all its findings. Never throws: bad input and failures come back as a status with a message. */
export async function readCodeFromFrame(frame: RgbFrame, ocr: TesseractWorker, options: ReadCodeOptions = {}): Promise<CodeReadingResult> {
  let image;
  try {
    image = prepareOcrImage(frame, { scale: options.scale });
  } catch (error) {
    return empty('unreadable', `The screen frame cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ocrStart = performance.now();
  let words: OcrWord[];
  try {
    const { data } = await ocr.recognize(Buffer.from(image.file.buffer, image.file.byteOffset, image.file.byteLength), {}, { blocks: true, text: false });
    words = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          for (const word of line.words) {
            const s = image.scale;
            words.push({ text: word.text, confidence: word.confidence, x0: word.bbox.x0 / s, y0: word.bbox.y0 / s, x1: word.bbox.x1 / s, y1: word.bbox.y1 / s });
          }
        }
      }
    }
  } catch (error) {
    const what = isTandemError(error) || error instanceof Error ? error.message : String(error);
    return empty('error', `OCR failed on screen frame ${frame.frameIndex}: ${what}`, performance.now() - ocrStart);
  }
  const ocrMs = performance.now() - ocrStart;
  const layout: CodeLayout | null = layoutCode(words, image.linePitchPx);
  if (!layout) return empty('no_code', 'No text was found on the screen.', ocrMs);
  const lines = layout.lines.map((l) => l.text);
  const language = detectCodeLanguage(lines);
  if (!language) return { ...empty('no_code', 'The screen shows no code (no lines that read as TypeScript, JavaScript or Python).', ocrMs), linesRead: lines.filter((l) => l.trim()).length };
  const analyzeStart = performance.now();
  try {
    const analyzers = options.analyzers ?? (sharedAnalyzers ??= createCodeAnalyzers());
    const text = lines.join('\n');
    const analysis = language === 'python' ? analyzers.python.analyze(text) : analyzers.typescript.analyze(text, language);
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
