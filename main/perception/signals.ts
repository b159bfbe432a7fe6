// The perception signals a session feeds frames to (repetition counter, code watcher, visual watches), made in one place.

import type { CodeSignal, PerceptionSignals, RgbFrame, SharedPerceptionSignals } from '../../common/interaction';
import type { CodeReading } from '../../common/perception';
import { CodeWatcher, type CodeWatcherOptions } from './code';
import { RepetitionCounter, type RepetitionCounterConfigInput } from './repetition';
import { VisualWatches } from './watch';

export interface PerceptionSignalOptions {
  /** Read code off the screen (default true). The reading thread starts with the first screen frame, not before. */
  codeWatch?: boolean;
  codeWatcher?: CodeWatcherOptions;
  /**
   * Real time only: the least wall-clock time between the end of one code reading and the start of the next.
   * A screen that keeps changing (a clock, a video, a cursor) would otherwise keep one of two cores busy with OCR
   * for good. On the virtual clock (default 0) every changed frame is read, since the session waits anyway.
   */
  codeReadingGapMs?: number;
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
  /** Real-time pacing: a frame held back until the gap after the last reading has passed (only the newest is kept). */
  private held: RgbFrame | null = null;
  private resting = false;
  private restTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: CodeWatcherOptions = {},
    private readonly gapMs = 0,
  ) {}

  offer(frame: RgbFrame): void {
    if (this.disposed) return;
    if (this.watcher) {
      if (this.gapMs <= 0) this.watcher.offer(frame);
      else this.paced(this.watcher, frame);
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

  /** Hands the frame on unless a reading is going or resting; then the newest frame waits for the rest to end. */
  private paced(watcher: CodeWatcher, frame: RgbFrame): void {
    if (this.resting) {
      this.held = frame;
      return;
    }
    this.resting = true;
    watcher.offer(frame);
    void watcher.whenIdle().then(() => {
      if (this.disposed) return;
      this.restTimer = setTimeout(() => {
        this.restTimer = null;
        this.resting = false;
        const next = this.held;
        this.held = null;
        if (next && !this.disposed) this.paced(watcher, next);
      }, this.gapMs);
    });
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
    if (this.restTimer) clearTimeout(this.restTimer);
    const watcher = this.watcher ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.watcher = null;
    await watcher?.dispose();
  }
}

/** One session's signals (or a benchmark's, reset between runs). */
export function createPerceptionSignals(options: PerceptionSignalOptions = {}): SharedPerceptionSignals {
  const repetition = new RepetitionCounter(options.repetition);
  const watches = VisualWatches.create();
  const code = options.codeWatch === false ? undefined : new LazyCodeWatcher(options.codeWatcher, options.codeReadingGapMs ?? 0);
  const signals: PerceptionSignals = { repetition, watches, ...(code ? { code } : {}) };
  return {
    signals,
    resetForRun() {
      repetition.reset();
      // A new run's frames start again at 0 ms: the watches (which refuse frames out of capture order, and keep
      // the last frame of each source as a baseline) start afresh rather than being emptied.
      const previous = signals.watches;
      signals.watches = VisualWatches.create();
      void previous?.dispose().catch(() => undefined);
      code?.reset();
      code?.take();
    },
    async dispose() {
      await Promise.all([code?.dispose(), signals.watches?.dispose()]);
    },
  };
}
