// The perception signals a session feeds frames to (repetition counter, code watcher, visual watches), made in one place.

import type { CodeSignal, RgbFrame } from '../../common/interaction';
import type { CodeReading } from '../../common/perception';
import type { PerceptionSignals, SharedPerceptionSignals } from '../engine/session';
import { CodeWatcher, type CodeWatcherOptions } from './code';
import { RepetitionCounter, type RepetitionCounterConfigInput } from './repetition';
import { VisualWatches } from './watch';

export interface PerceptionSignalOptions {
  /** Read code off the screen (default true). The reading thread starts with the first screen frame, not before. */
  codeWatch?: boolean;
  codeWatcher?: CodeWatcherOptions;
  repetition?: RepetitionCounterConfigInput;
}

/**
 * Starts the code watcher's thread when the first screen frame arrives: a session without a screen never pays
 * for OCR and the analyzers (about a second and a hundred MB), and one with a screen pays once.
 */
export class LazyCodeWatcher implements CodeSignal {
  private watcher: CodeWatcher | null = null;
  private starting: Promise<CodeWatcher | null> | null = null;
  private waiting: RgbFrame | null = null;
  private readonly failures: CodeReading[] = [];
  private disposed = false;

  constructor(private readonly options: CodeWatcherOptions = {}) {}

  offer(frame: RgbFrame): void {
    if (this.disposed) return;
    if (this.watcher) {
      this.watcher.offer(frame);
      return;
    }
    this.waiting = frame;
    this.starting ??= CodeWatcher.start(this.options).then(
      (watcher) => {
        if (this.disposed) {
          void watcher.dispose();
          return null;
        }
        this.watcher = watcher;
        const frame = this.waiting;
        this.waiting = null;
        if (frame) watcher.offer(frame);
        return watcher;
      },
      (error: unknown) => {
        // Without its thread no code can be read this session: say so once, with the reason, on the frame that asked.
        const frame = this.waiting;
        this.waiting = null;
        this.failures.push({
          frameIndex: frame?.frameIndex ?? 0,
          frameAtMs: frame?.atMs ?? 0,
          status: 'error',
          message: `Code on the screen cannot be read in this session: ${(error as Error).message}`,
          language: null,
          findings: [],
          heldBack: 0,
          linesRead: 0,
          firstLine: null,
          lastLine: null,
          elapsedMs: 0,
        });
        return null;
      },
    );
  }

  take(): CodeReading[] {
    return [...this.failures.splice(0), ...(this.watcher?.take() ?? [])];
  }

  async whenIdle(): Promise<void> {
    const watcher = this.watcher ?? (this.starting ? await this.starting : null);
    await watcher?.whenIdle();
  }

  /** Forgets the findings already reported and the last frame read (a new run of a benchmark). */
  reset(): void {
    this.watcher?.forgetReported();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const watcher = this.watcher ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.watcher = null;
    await watcher?.dispose();
  }
}

/** One session's signals (or a benchmark's, reset between runs). */
export function createPerceptionSignals(options: PerceptionSignalOptions = {}): SharedPerceptionSignals {
  const repetition = new RepetitionCounter(options.repetition);
  const watches = VisualWatches.create();
  const code = options.codeWatch === false ? undefined : new LazyCodeWatcher(options.codeWatcher);
  const signals: PerceptionSignals = { repetition, watches, ...(code ? { code } : {}) };
  return {
    signals,
    resetForRun() {
      repetition.reset();
      for (const watch of watches.list()) watches.cancel(watch.id);
      watches.take();
      code?.reset();
      code?.take();
    },
    async dispose() {
      await Promise.all([code?.dispose(), watches.dispose()]);
    },
  };
}
