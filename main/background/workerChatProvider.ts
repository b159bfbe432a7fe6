// A ChatProvider whose provider runs in the background worker thread: the engine thread only passes messages.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TandemError } from '../../common/errors';
import type { BackgroundProviderSettings } from '../../common/ipc';
import { ProviderError, type ChatChunk, type ChatProvider, type ChatRequest } from './chatProvider';
import type { FromWorker, ToWorker } from './workerProtocol';

/**
 * The built worker (electron-vite puts main/background/backgroundWorker.ts at out/main/backgroundWorker.js).
 * Searched next to this code (out/main/), one folder up (from out/main/chunks/) and, from the sources, in out/main/.
 */
export function backgroundWorkerPath(): string {
  const candidates = ['./backgroundWorker.js', '../backgroundWorker.js', '../../out/main/backgroundWorker.js'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new TandemError('INPUT_NOT_FOUND', 'The background worker is not built', candidates.join(', '), 'Run `npm run build` (electron-vite build) first.');
  }
  return found;
}

interface PendingTurn {
  push: (chunk: ChatChunk) => void;
  end: (error: ProviderError | null) => void;
}

export class WorkerChatProvider implements ChatProvider {
  readonly description: string;
  readonly local: boolean;
  private readonly worker: Worker;
  private readonly turns = new Map<number, PendingTurn>();
  private nextId = 0;
  private dead: ProviderError | null = null;
  private disposed = false;

  private constructor(worker: Worker, ready: { description: string; local: boolean }) {
    this.worker = worker;
    this.description = ready.description;
    this.local = ready.local;
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    const die = (why: string) => {
      if (this.disposed) return;
      this.dead = new ProviderError('provider_error', `The background worker stopped (${why}); start a new session to restart it.`);
      for (const turn of this.turns.values()) turn.end(this.dead);
      this.turns.clear();
    };
    worker.on('error', (error) => die(error.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  /** Starts the worker and sets the provider up in it. */
  static async start(settings: BackgroundProviderSettings, workerPath = backgroundWorkerPath()): Promise<WorkerChatProvider> {
    const worker = new Worker(workerPath);
    const ready = await new Promise<{ description: string; local: boolean }>((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type !== 'ready') return;
        worker.off('message', onMessage);
        resolve({ description: message.description, local: message.local });
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the background worker exited with code ${code} before it was ready`)));
      worker.postMessage({ type: 'init', settings } satisfies ToWorker);
    });
    return new WorkerChatProvider(worker, ready);
  }

  async *streamTurn(request: ChatRequest): AsyncIterable<ChatChunk> {
    if (this.dead) throw this.dead;
    const id = this.nextId++;
    const queue: ChatChunk[] = [];
    let ended = false;
    let failure: ProviderError | null = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      wake?.();
      wake = null;
    };
    this.turns.set(id, {
      push: (chunk) => {
        queue.push(chunk);
        notify();
      },
      end: (error) => {
        ended = true;
        failure = error;
        notify();
      },
    });
    const onAbort = () => this.worker.postMessage({ type: 'abort', id, reason: String(request.signal.reason ?? 'cancelled') } satisfies ToWorker);
    request.signal.addEventListener('abort', onAbort, { once: true });
    this.worker.postMessage({ type: 'turn', id, messages: request.messages, tools: request.tools } satisfies ToWorker);
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure) throw failure;
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      this.turns.delete(id);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.dead) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 5000);
      this.worker.on('message', (message: FromWorker) => {
        if (message.type === 'disposed') {
          clearTimeout(timer);
          resolve();
        }
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage({ type: 'dispose' } satisfies ToWorker);
    });
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'chunk') this.turns.get(message.id)?.push(message.chunk);
    else if (message.type === 'end') this.turns.get(message.id)?.end(null);
    else if (message.type === 'error') {
      this.turns.get(message.id)?.end(new ProviderError(isCode(message.code) ? message.code : 'provider_error', message.message));
    }
  }
}

function isCode(code: string): code is ProviderError['code'] {
  return ['no_provider', 'timeout', 'unreachable', 'http_error', 'malformed', 'provider_error', 'tool_loop', 'cancelled'].includes(code);
}
