// A speech recognizer whose decoding runs in a worker thread, so a decode never holds the micro-turn loop's thread.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TandemError, type TandemErrorCode } from '../../../common/errors';
import type { SpeechRecognizer, Transcript } from '../../../common/speechRecognition';
import type { MoonshineLoadOptions } from './moonshineRecognizer';
import type { RecognizerWorkerRequest, RecognizerWorkerResponse, SerializedError } from './recognizerWorkerProtocol';

/** Name of the built worker entry (electron.vite.config.ts builds main/models/asr/recognizerWorker.ts to it). */
export const ASR_WORKER_FILE = 'asrWorker.js';

/**
 * The built worker script next to the running bundle (out/main/asrWorker.js, also from a chunk in
 * out/main/chunks/), or null when running from the TypeScript sources (tests), where no built worker exists.
 */
export function findAsrWorkerScript(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, ASR_WORKER_FILE), join(here, '..', ASR_WORKER_FILE)]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function toError(error: SerializedError): Error {
  if (error.code && error.where !== undefined && error.hint !== undefined) {
    // TandemError builds "what (where). hint": take `what` back out so the message comes out identical.
    const suffix = ` (${error.where}). ${error.hint}`;
    const what = error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
    return new TandemError(error.code as TandemErrorCode, what, error.where, error.hint);
  }
  return new Error(error.message);
}

export class WorkerSpeechRecognizer implements SpeechRecognizer {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (t: Transcript) => void; reject: (e: Error) => void }>();
  private stopped: Error | null = null;
  private disposed: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    readonly runtime: string,
    private readonly worker: Worker,
  ) {
    worker.on('message', (message: RecognizerWorkerResponse) => {
      if (message.type !== 'transcribed' && message.type !== 'transcribeFailed') return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'transcribed') waiting?.resolve(message.transcript);
      else waiting?.reject(toError(message.error));
    });
    const stop = (reason: string) => {
      if (this.stopped) return;
      this.stopped = new Error(`the speech recognizer's worker thread stopped (${reason})`);
      for (const waiting of this.pending.values()) waiting.reject(this.stopped);
      this.pending.clear();
    };
    worker.on('error', (error) => stop(error.message));
    worker.on('exit', (code) => stop(`exit code ${code}`));
  }

  /** Starts the worker from `script` and loads the model in it; load errors come back as the same TandemError. */
  static async start(script: string, options: MoonshineLoadOptions): Promise<WorkerSpeechRecognizer> {
    const worker = new Worker(script);
    const runtime = await new Promise<string>((resolve, reject) => {
      const onMessage = (message: RecognizerWorkerResponse) => {
        if (message.type === 'loaded') resolve(message.runtime);
        else if (message.type === 'loadFailed') reject(toError(message.error));
        else return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onExit = (code: number) => reject(new Error(`The speech recognizer's worker thread exited while loading (exit code ${code})`));
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.once('error', (error) => reject(error));
      worker.postMessage({ type: 'load', options } satisfies RecognizerWorkerRequest);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new WorkerSpeechRecognizer(options.name, `${runtime}, in a worker thread`, worker);
  }

  transcribe(samples: Float32Array): Promise<Transcript> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    // A view into a larger buffer is copied: handing over its buffer would take the rest away from its owner.
    const own = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength ? samples : samples.slice();
    return new Promise<Transcript>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The samples are handed over, not copied: the caller made them for this decode alone.
      this.worker.postMessage({ type: 'transcribe', id, samples: own } satisfies RecognizerWorkerRequest, [own.buffer as ArrayBuffer]);
    });
  }

  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          const onMessage = (message: RecognizerWorkerResponse) => {
            if (message.type === 'disposed') resolve();
          };
          this.worker.on('message', onMessage);
          this.worker.once('exit', () => resolve());
          this.worker.postMessage({ type: 'dispose' } satisfies RecognizerWorkerRequest);
        });
      }
      await this.worker.terminate();
    })();
    return this.disposed;
  }
}
