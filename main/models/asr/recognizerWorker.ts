// Worker-thread entry: runs the Moonshine recognizer here, because onnxruntime-node runs inference synchronously on its caller's thread.

import { parentPort } from 'node:worker_threads';
import { isTandemError } from '../../../common/errors';
import { MoonshineRecognizer } from './moonshineRecognizer';
import type { RecognizerWorkerRequest, RecognizerWorkerResponse, SerializedError } from './recognizerWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('recognizerWorker.ts runs only as a worker thread (WorkerSpeechRecognizer starts it)');

let recognizer: MoonshineRecognizer | null = null;
const send = (message: RecognizerWorkerResponse, transfer: Transferable[] = []) => port.postMessage(message, transfer as never);

function serialize(error: unknown): SerializedError {
  if (isTandemError(error)) return { message: error.message, code: error.code, where: error.where, hint: error.hint };
  return { message: error instanceof Error ? error.message : String(error) };
}

// Requests are handled one at a time in arrival order: the session never sends a transcribe before the previous one answered.
let queue = Promise.resolve();
port.on('message', (request: RecognizerWorkerRequest) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: RecognizerWorkerRequest): Promise<void> {
  if (request.type === 'load') {
    try {
      recognizer = await MoonshineRecognizer.load(request.options);
      send({ type: 'loaded', runtime: recognizer.runtime });
    } catch (error) {
      send({ type: 'loadFailed', error: serialize(error) });
    }
  } else if (request.type === 'transcribe') {
    try {
      if (!recognizer) throw new Error('the recognizer is not loaded');
      send({ type: 'transcribed', id: request.id, transcript: await recognizer.transcribe(request.samples) });
    } catch (error) {
      send({ type: 'transcribeFailed', id: request.id, error: serialize(error) });
    }
  } else {
    await recognizer?.dispose();
    recognizer = null;
    send({ type: 'disposed' });
  }
}
