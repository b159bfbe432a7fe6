// Entry of the code watcher's thread: warm tesseract workers (one per band read at once) and warm analyzers read screen frames here, so OCR
// set-up, the TypeScript compiler's lib loading and type-checking never run on the micro-turn thread.

import { performance } from 'node:perf_hooks';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { TesseractWorker } from '../ocr';
import type { CodeWatchWorkerInit, FromCodeWatchWorker, ToCodeWatchWorker } from './codeWatchProtocol';
import { createCodeAnalyzers, createCodeOcrWorker, readCodeFromFrame, type CodeAnalyzers } from './readCode';

const port = parentPort;
if (!port) throw new Error('codeWatchWorker.js must run in a worker thread (new Worker(...)), not as a script.');
const init = workerData as CodeWatchWorkerInit;
const send = (message: FromCodeWatchWorker) => port.postMessage(message);

/** Parses the lib files and loads ruff once, so the first real frame costs what every later one does. */
function warmUp(analyzers: CodeAnalyzers): void {
  analyzers.typescript.analyze('export const warm: number = 1;\n', 'typescript');
  analyzers.typescript.analyze('export const warm = 1;\n', 'javascript');
  analyzers.python.analyze('warm = 1\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  let ocr: TesseractWorker[];
  let analyzers: CodeAnalyzers;
  try {
    // Started one after the other: each loads the language data, and two loads at once only compete for the cores.
    ocr = [];
    for (let k = 0; k < init.ocrWorkers; k++) ocr.push(await createCodeOcrWorker(init.ocrModel));
    analyzers = createCodeAnalyzers();
    warmUp(analyzers);
  } catch (error) {
    send({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  // Frames are read one at a time, in the order they come (the watcher sends the next only after a result).
  let queue = Promise.resolve();
  port!.on('message', (message: ToCodeWatchWorker) => {
    if (message?.type !== 'read') return;
    queue = queue.then(async () => {
      const { id, ...frame } = message;
      const result = await readCodeFromFrame(frame, ocr, { analyzers });
      send({ type: 'read', id, result });
    });
  });
  send({ type: 'ready', warmUpMs: performance.now() - started, threadId });
}

void main();
