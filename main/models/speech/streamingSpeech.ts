// A streamed utterance: a voice appends audio and word timings as they are synthesized, the engine reads and waits.

import type { SpokenWord, Utterance } from '../../../common/microturn';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';
import type { SynthesizedSpeech } from '../../../common/interaction';

interface Waiter {
  samples: number;
  resolve: () => void;
}

/** Grows by whole blocks so appends cost amortized O(chunk) and reads never copy the whole utterance. */
const INITIAL_CAPACITY = SAMPLE_RATE_HZ * 2;

export class StreamingSpeech implements SynthesizedSpeech {
  readonly words: SpokenWord[] = [];
  private audio = new Float32Array(INITIAL_CAPACITY);
  private length = 0;
  private finished = false;
  private failure: string | null = null;
  private cancelled = false;
  private waiters: Waiter[] = [];

  constructor(
    readonly utterance: Utterance,
    readonly voice: string,
    /** Called once when the engine cuts the utterance, so the voice can stop synthesizing the rest. */
    private readonly onCancel: () => void = () => undefined,
    readonly placeholder = false,
  ) {}

  get availableSamples(): number {
    return this.length;
  }

  get done(): boolean {
    return this.finished;
  }

  get error(): string | null {
    return this.failure;
  }

  get durationMs(): number | null {
    return this.finished ? (this.length * 1000) / SAMPLE_RATE_HZ : null;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  // ---- the voice's side ----

  /** More audio (16 kHz mono) and the words that became complete with it. Ignored once done. */
  append(samples: Float32Array, words: readonly SpokenWord[] = []): void {
    if (this.finished) return;
    if (this.length + samples.length > this.audio.length) {
      const grown = new Float32Array(Math.max(this.audio.length * 2, this.length + samples.length));
      grown.set(this.audio.subarray(0, this.length));
      this.audio = grown;
    }
    this.audio.set(samples, this.length);
    this.length += samples.length;
    this.words.push(...words);
    this.wake();
  }

  /** Every sample has been appended. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.wake();
  }

  /** Synthesis stopped early: what is there is all there will be. */
  fail(message: string): void {
    if (this.finished) return;
    this.failure = message;
    this.finish();
  }

  // ---- the engine's side ----

  read(offsetSamples: number, out: Float32Array): number {
    const start = Math.max(0, Math.floor(offsetSamples));
    const written = Math.max(0, Math.min(out.length, this.length - start));
    if (written > 0) out.set(this.audio.subarray(start, start + written));
    out.fill(0, written);
    return written;
  }

  whenAvailable(samples: number): Promise<void> {
    if (this.finished || this.length >= samples) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ samples, resolve }));
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (!this.finished) this.onCancel();
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.finished || this.length >= waiter.samples) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}
