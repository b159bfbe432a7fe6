// One code-reading tesseract worker shared by the tests of a file (starting one takes about half a second).

import { afterAll, beforeAll } from 'vitest';
import type { TesseractWorker } from '../../../../main/perception/ocr';
import { createCodeOcrWorker } from '../../../../main/perception/code';

export function useCodeOcr(): () => TesseractWorker {
  let worker: TesseractWorker | null = null;
  beforeAll(async () => {
    worker = await createCodeOcrWorker();
  });
  afterAll(async () => {
    await worker?.terminate();
  });
  return () => {
    if (!worker) throw new Error('the OCR worker is not started yet');
    return worker;
  };
}
