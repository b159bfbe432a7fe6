// Offline OCR: tesseract.js with the English data of the npm package @tesseract.js-data/eng (no network,
// gzip data read from node_modules, no cache written). tesseract.js runs recognition in its own worker
// thread, so reading never blocks the thread that asks.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';

export type { TesseractWorker };

/** Which of the package's trained models: `fast` (4.0.0, integer LSTM, quicker) or `best` (4.0.0_best_int, more accurate). */
export type OcrModel = 'fast' | 'best';

/** The folder tesseract.js loads eng.traineddata.gz from. */
export function tesseractLangPath(model: OcrModel = 'fast'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), model === 'best' ? '4.0.0_best_int' : '4.0.0');
}

/** Starts one tesseract worker for English, offline. The caller terminates it. */
export async function createOfflineTesseractWorker(model: OcrModel = 'fast'): Promise<TesseractWorker> {
  const { createWorker } = await import('tesseract.js');
  return createWorker('eng', 1, { langPath: tesseractLangPath(model), gzip: true, cacheMethod: 'none' });
}

/** Reads the text of a PNG; one instance keeps one tesseract worker, started on first use. */
export class TesseractScreenReader {
  private worker: Promise<TesseractWorker> | null = null;

  async read(png: Buffer): Promise<string> {
    this.worker ??= createOfflineTesseractWorker();
    const worker = await this.worker;
    const { data } = await worker.recognize(png);
    return data.text;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }
}
