// Code-reading tesseract workers shared by the tests of a file (starting one takes about half a second).

import { afterAll, beforeAll } from 'vitest';
import type { TesseractWorker } from '../../../../main/perception/ocr';
import { createCodeOcrWorker } from '../../../../main/perception/code';

/** `count` workers started for the file; the accessor returns the first one, `all()` returns every one. */
function useWorkers(count: number): { first: () => TesseractWorker; all: () => TesseractWorker[] } {
  const workers: TesseractWorker[] = [];
  beforeAll(async () => {
    for (let k = 0; k < count; k++) workers.push(await createCodeOcrWorker());
  });
  afterAll(async () => {
    for (const worker of workers.splice(0)) await worker.terminate();
  });
  const all = () => {
    if (workers.length < count) throw new Error('the OCR workers are not started yet');
    return workers;
  };
  return { first: () => all()[0], all };
}

export function useCodeOcr(): () => TesseractWorker {
  return useWorkers(1).first;
}

/** Two workers, for readings that split a frame into bands read at once. */
export function useTwoCodeOcrs(): () => TesseractWorker[] {
  return useWorkers(2).all;
}
