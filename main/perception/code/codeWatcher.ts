// Watches code on the screen for the session: a cheap frame difference on the engine thread decides what is worth
// reading, the reading runs in its own worker thread, and a finding is reported once per session.

import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeSignal, RgbFrame } from '../../../common/interaction';
import type { CodeReading } from '../../../common/perception';
import { TandemError } from '../../../common/errors';
import { FrameChangeDetector, SCREEN_CHANGE_DEFAULTS, type FrameChangeConfig } from '../frames';
import type { OcrModel } from '../ocr';
import type { CodeWatchWorkerInit, FromCodeWatchWorker, ToCodeWatchWorker } from './codeWatchProtocol';
import type { CodeReadingResult } from './readCode';
import { assertScreenFrame } from './screenImage';

/** Name of the built worker entry (electron.vite.config.ts builds main/perception/code/codeWatchWorker.ts to it). */
export const CODE_WATCH_WORKER_FILE = 'codeWatchWorker.js';

/**
 * The built worker script: next to the running bundle (out/main/), one folder up (from out/main/chunks/) or, when
 * running from the TypeScript sources (tests), in the repository's out/main/.
 */
export function codeWatchWorkerPath(): string {
  const candidates = [`./${CODE_WATCH_WORKER_FILE}`, `../${CODE_WATCH_WORKER_FILE}`, `../../../out/main/${CODE_WATCH_WORKER_FILE}`].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new TandemError('INPUT_NOT_FOUND', 'The code watcher worker is not built', candidates.join(', '), 'Run `npm run build` (electron-vite build) first.');
  }
  return found;
}

export interface CodeWatcherOptions {
  /** The worker script (default: the built out/main/codeWatchWorker.js). */
  workerScript?: string;
  /** tesseract's model: `fast` (default) or `best`. */
  ocrModel?: OcrModel;
  /**
   * How many tesseract workers read a frame at once, each a horizontal band of it (default 2: the machines Tandem
   * targets have at least two cores; 1 reads the whole frame on one worker, as the first version did).
   */
  ocrWorkers?: number;
  /** The frame difference that decides whether a frame is read (default: the screen's, one changed glyph is enough). */
  change?: Partial<FrameChangeConfig>;
}

/** Two bands read at once: a frame's OCR on both cores of the smallest machine Tandem runs on. */
export const DEFAULT_OCR_WORKERS = 2;
/** Each tesseract worker holds its own copy of the model (~20 MB) and a band narrower than a few lines gains nothing. */
const MAX_OCR_WORKERS = 4;

interface InFlight {
  id: number;
  frame: RgbFrame;
  offeredAtMs: number;
}

/** Starting a worker thread and waiting for its warm-up; rejects with its start failure. */
function startWorker(script: string, init: CodeWatchWorkerInit): Promise<{ worker: Worker; warmUpMs: number; threadId: number }> {
  const worker = new Worker(script, { workerData: init });
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromCodeWatchWorker) => {
      if (message.type === 'ready') resolve({ worker, warmUpMs: message.warmUpMs, threadId: message.threadId });
      else if (message.type === 'startFailed') {
        void worker.terminate();
        reject(new TandemError('MODEL_INVALID', `The code watcher could not start: ${message.message}`, script, 'Check that tesseract.js, @tesseract.js-data/eng, typescript and @astral-sh/ruff-wasm-nodejs are installed (npm ci).'));
      } else return;
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const onExit = (code: number) => reject(new Error(`The code watcher's thread exited while starting (exit code ${code})`));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    worker.once('error', (error) => reject(error));
  });
}

export class CodeWatcher implements CodeSignal {
  private worker: Worker | null;
  private readonly detector: FrameChangeDetector;
  private waiting: { frame: RgbFrame; offeredAtMs: number } | null = null;
  private inFlight: InFlight | null = null;
  private readonly readings: CodeReading[] = [];
  private readonly reported = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private nextId = 1;
  private restarts = 0;
  private restarting = false;
  /** Why readings fail once the thread died twice; null while it runs. */
  private dead: string | null = null;
  private disposed = false;

  /** How long the thread took to load OCR and the analyzers (ms). */
  readonly warmUpMs: number;
  /** The worker_threads id of the thread that reads (changes if it is restarted). */
  readerThreadId: number;

  private constructor(
    worker: Worker,
    warmUpMs: number,
    threadId: number,
    private readonly script: string,
    private readonly init: CodeWatchWorkerInit,
    change: Partial<FrameChangeConfig>,
  ) {
    this.worker = worker;
    this.warmUpMs = warmUpMs;
    this.readerThreadId = threadId;
    this.detector = new FrameChangeDetector({ ...SCREEN_CHANGE_DEFAULTS, ...change });
    this.attach(worker);
  }

  /** Starts the reading thread and waits until OCR and the analyzers are warm. */
  static async start(options: CodeWatcherOptions = {}): Promise<CodeWatcher> {
    const ocrWorkers = options.ocrWorkers ?? DEFAULT_OCR_WORKERS;
    if (!Number.isInteger(ocrWorkers) || ocrWorkers < 1 || ocrWorkers > MAX_OCR_WORKERS) {
      throw new TandemError('CONFIG_INVALID', `ocrWorkers must be a whole number from 1 to ${MAX_OCR_WORKERS}, got ${String(ocrWorkers)}`, 'CodeWatcherOptions.ocrWorkers', 'Pass 1 or 2 (one per core the reading may use).');
    }
    const script = options.workerScript ?? codeWatchWorkerPath();
    const init: CodeWatchWorkerInit = { ocrModel: options.ocrModel ?? 'fast', ocrWorkers };
    const { worker, warmUpMs, threadId } = await startWorker(script, init);
    return new CodeWatcher(worker, warmUpMs, threadId, script, init, options.change ?? {});
  }

  offer(frame: RgbFrame): void {
    if (this.disposed) return;
    const offeredAtMs = performance.now();
    try {
      assertScreenFrame(frame);
    } catch (error) {
      this.publish(frame, offeredAtMs, { status: 'unreadable', message: `The screen frame cannot be read: ${(error as Error).message}` });
      return;
    }
    // Only a changed screen is read; an unchanged one costs the byte comparison.
    if (!this.detector.check(frame.rgb, frame.width, frame.height).changed) return;
    // The caller may reuse its buffer: keep a copy. Only the newest waiting frame matters.
    this.waiting = { frame: { ...frame, rgb: frame.rgb.slice() }, offeredAtMs };
    this.pump();
  }

  /**
   * Starts a new session on the warm watcher: findings already reported may be reported again, and the next frame is
   * read even if it equals the last one.
   */
  forgetReported(): void {
    this.reported.clear();
    this.detector.reset();
  }

  take(): CodeReading[] {
    return this.readings.splice(0).sort((a, b) => a.frameIndex - b.frameIndex);
  }

  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.waiting = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.inFlight = null;
    this.settleIdle();
  }

  private idle(): boolean {
    return this.inFlight === null && this.waiting === null;
  }

  private settleIdle(): void {
    if (!this.idle() && !this.disposed) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(): void {
    // While a crashed thread is being replaced, the frame waits for the new one.
    if (this.inFlight || !this.waiting || this.disposed || this.restarting) return;
    const { frame, offeredAtMs } = this.waiting;
    this.waiting = null;
    if (this.dead || !this.worker) {
      this.publish(frame, offeredAtMs, { status: 'error', message: this.dead ?? 'The code watcher is not running.' });
      this.settleIdle();
      return;
    }
    this.inFlight = { id: this.nextId++, frame, offeredAtMs };
    this.send(this.inFlight);
  }

  private send(job: InFlight): void {
    // A copy goes to the thread (its buffer is transferred), so the job can be sent again if the thread dies.
    const rgb = job.frame.rgb.slice();
    const message: ToCodeWatchWorker = { type: 'read', id: job.id, rgb, width: job.frame.width, height: job.frame.height, atMs: job.frame.atMs, frameIndex: job.frame.frameIndex };
    this.worker?.postMessage(message, [rgb.buffer]);
  }

  private attach(worker: Worker): void {
    worker.on('message', (message: FromCodeWatchWorker) => {
      if (message.type !== 'read' || this.inFlight?.id !== message.id) return;
      const { frame, offeredAtMs } = this.inFlight;
      this.inFlight = null;
      this.publish(frame, offeredAtMs, message.result);
      this.pump();
      this.settleIdle();
    });
    const died = (why: string) => {
      if (this.worker !== worker || this.disposed) return;
      this.worker = null;
      if (this.restarts === 0) {
        this.restarts++;
        void this.restart(why);
      } else {
        this.dead = `The code watcher's thread stopped twice (${why}); screen code is not read in this session any more.`;
        this.failInFlight();
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
  }

  /** Starts a new thread once after a crash and reads the frame that was in flight again. */
  private async restart(why: string): Promise<void> {
    this.restarting = true;
    try {
      const { worker, threadId } = await startWorker(this.script, this.init);
      this.restarting = false;
      if (this.disposed) {
        await worker.terminate();
        return;
      }
      this.worker = worker;
      this.readerThreadId = threadId;
      this.attach(worker);
      if (this.inFlight) this.send(this.inFlight);
      else this.pump();
    } catch (error) {
      this.restarting = false;
      this.dead = `The code watcher's thread stopped (${why}) and could not be restarted: ${(error as Error).message}`;
      this.failInFlight();
    }
  }

  private failInFlight(): void {
    const job = this.inFlight;
    this.inFlight = null;
    if (job) this.publish(job.frame, job.offeredAtMs, { status: 'error', message: this.dead ?? 'The code watcher stopped.' });
    this.pump();
    this.settleIdle();
  }

  /** Records a reading, keeping only the findings never reported before in this session. */
  private publish(frame: RgbFrame, offeredAtMs: number, result: Partial<CodeReadingResult> & Pick<CodeReadingResult, 'status'>): void {
    const fresh = (result.findings ?? []).filter((f) => !this.reported.has(f.id));
    for (const finding of fresh) this.reported.add(finding.id);
    this.readings.push({
      frameIndex: Number.isInteger(frame?.frameIndex) ? frame.frameIndex : -1,
      frameAtMs: Number.isFinite(frame?.atMs) ? frame.atMs : 0,
      status: result.status,
      ...(result.message !== undefined ? { message: result.message } : {}),
      language: result.language ?? null,
      findings: fresh,
      ...(result.findings && result.findings.length > 0 ? { present: result.findings } : {}),
      ...(result.status === 'code' && result.text ? { code: result.text } : {}),
      heldBack: result.heldBack ?? 0,
      linesRead: result.linesRead ?? 0,
      firstLine: result.firstLine ?? null,
      lastLine: result.lastLine ?? null,
      elapsedMs: performance.now() - offeredAtMs,
    });
  }
}
