// Streaming recognition of the user's speech segments: partial hypotheses while they speak, a final one when they stop.

import { MICRO_TURN_MS, SAMPLE_RATE_HZ, type ModelEvent, type RecognizedWord } from '../../common/microturn';
import type { SpeechRecognizer, Transcript } from '../../common/speechRecognition';

export interface SpeechRecognitionOptions {
  /** A partial hypothesis is re-decoded every this many micro-turns while a segment is open (default 3: 600 ms). */
  partialEveryTurns?: number;
  /**
   * A segment longer than this is finalized and a new one continues from there, so no decode ever reads
   * more audio than this (default 15 000 ms; Moonshine was trained on utterances up to about that).
   */
  maxSegmentMs?: number;
  /** Audio kept before the segment's detected start (and after its end): onsets are soft (default 200 ms). */
  marginMs?: number;
  /**
   * Virtual time: a hypothesis launched at the end of micro-turn k is awaited and enters micro-turn k+1, so
   * runs are exact. Real time: whatever finished by the time a chunk closes enters it; nothing waits.
   */
  waitForResults: boolean;
  /** After this many failures in a row recognition stops for the session (default 3), so a broken model does not flood the log. */
  maxConsecutiveFailures?: number;
}

/** What recognition delivers into one micro-turn. */
export type RecognitionOutcome =
  | { kind: 'words'; segmentId: string; final: boolean; words: RecognizedWord[] }
  | { kind: 'error'; segmentId: string; final: boolean; message: string; stopped: boolean };

interface Job {
  segmentId: string;
  final: boolean;
  /** Media time of the job's first sample. */
  startMs: number;
  samples: Float32Array;
}

interface OpenSegment {
  id: string;
  startSample: number;
  lastDecodeTurn: number;
}

/** How far back audio is kept while nobody speaks: the speech-start event is dated back to where the voice began. */
const LOOKBACK_MS = 2000;

export class UserSpeechRecognition {
  private readonly partialEveryTurns: number;
  private readonly maxSegmentSamples: number;
  private readonly marginSamples: number;
  private readonly maxFailures: number;
  /** Recent mic audio; `buffer[0]` is the session's sample `bufferStartSample`. */
  private readonly buffer: Float32Array;
  private bufferStartSample = 0;
  private bufferLength = 0;
  private segment: OpenSegment | null = null;
  private segmentCount = 0;
  private readonly queue: Job[] = [];
  private running: Promise<void> | null = null;
  private readonly ready: RecognitionOutcome[] = [];
  private readonly lastPartialText = new Map<string, string>();
  private failuresInARow = 0;
  private stopped = false;

  constructor(
    private readonly recognizer: SpeechRecognizer,
    private readonly options: SpeechRecognitionOptions,
  ) {
    this.partialEveryTurns = Math.max(1, Math.round(options.partialEveryTurns ?? 3));
    this.maxSegmentSamples = msToSamples(options.maxSegmentMs ?? 15_000);
    this.marginSamples = msToSamples(options.marginMs ?? 200);
    this.maxFailures = options.maxConsecutiveFailures ?? 3;
    this.buffer = new Float32Array(this.maxSegmentSamples + msToSamples(LOOKBACK_MS) + msToSamples(MICRO_TURN_MS));
  }

  /** Input chunk `turn` as closed: its samples start at the session's sample turn·3200. */
  push(turn: number, chunk: Float32Array): void {
    const chunkStart = turn * chunk.length;
    if (chunkStart !== this.bufferStartSample + this.bufferLength) {
      // A gap (pause/resume keeps turns contiguous, so only a first chunk lands here): start afresh.
      this.bufferStartSample = chunkStart;
      this.bufferLength = 0;
    }
    // Keep from the open segment's start (or the lookback window while nobody speaks), never more than fits.
    const keepFrom = this.segment ? this.segment.startSample : chunkStart + chunk.length - msToSamples(LOOKBACK_MS);
    const wantDrop = Math.max(0, Math.min(this.bufferLength, keepFrom - this.bufferStartSample));
    const mustDrop = Math.min(this.bufferLength, Math.max(wantDrop, this.bufferLength + chunk.length - this.buffer.length));
    if (mustDrop > 0) {
      this.buffer.copyWithin(0, mustDrop, this.bufferLength);
      this.bufferLength -= mustDrop;
      this.bufferStartSample += mustDrop;
    }
    this.buffer.set(chunk, this.bufferLength);
    this.bufferLength += chunk.length;
  }

  /**
   * The hypotheses (and failures) that enter the micro-turn being closed. Virtual time: everything launched
   * before it, awaited. Real time: only what has already finished.
   */
  async collect(): Promise<RecognitionOutcome[]> {
    if (this.options.waitForResults) {
      while (this.running || this.queue.length > 0) {
        this.pump();
        await this.running;
      }
    }
    return this.ready.splice(0);
  }

  /** Reads the interaction model's speech events of micro-turn `turn` and launches the decodes they call for. */
  observe(turn: number, events: readonly ModelEvent[]): void {
    if (this.stopped) return;
    const endSample = this.bufferStartSample + this.bufferLength;
    for (const event of events) {
      const atSample = typeof event.payload.atMs === 'number' ? msToSamples(event.payload.atMs) : endSample;
      if (event.kind === 'user_speech_started' && !this.segment) {
        this.segment = { id: `s${++this.segmentCount}`, startSample: Math.max(this.bufferStartSample, atSample - this.marginSamples), lastDecodeTurn: turn };
      } else if (event.kind === 'user_speech_ended' && this.segment) {
        this.schedule(this.segment, Math.min(endSample, atSample + this.marginSamples), true);
        this.segment = null;
      }
    }
    const open = this.segment;
    if (!open) {
      this.pump();
      return;
    }
    if (endSample - open.startSample >= this.maxSegmentSamples) {
      // Bounded cost: the long segment ends here and the speech goes on in a new one.
      this.schedule(open, open.startSample + this.maxSegmentSamples, true);
      this.segment = { id: `s${++this.segmentCount}`, startSample: open.startSample + this.maxSegmentSamples, lastDecodeTurn: turn };
    } else if (turn - open.lastDecodeTurn >= this.partialEveryTurns) {
      open.lastDecodeTurn = turn;
      this.schedule(open, endSample, false);
    }
    this.pump();
  }

  /** Waits for the decode in progress (the session ends; what it finds is not delivered any more). */
  async drain(): Promise<void> {
    this.queue.length = 0;
    await this.running;
  }

  private schedule(segment: OpenSegment, endSample: number, final: boolean): void {
    const from = Math.max(0, segment.startSample - this.bufferStartSample);
    const to = Math.min(this.bufferLength, endSample - this.bufferStartSample);
    if (to <= from) return;
    // A newer hypothesis of the same segment supersedes a partial that has not started yet.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].segmentId === segment.id && !this.queue[i].final) this.queue.splice(i, 1);
    }
    this.queue.push({ segmentId: segment.id, final, startMs: samplesToMs(segment.startSample), samples: this.buffer.slice(from, to) });
  }

  /** Starts the next job when none runs: at most one decode at a time per session. */
  private pump(): void {
    if (this.running || this.stopped) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = this.recognizer.transcribe(job.samples).then(
      (transcript) => this.finish(job, transcript),
      (error: unknown) => this.fail(job, error),
    ).finally(() => {
      this.running = null;
      // Real time: the next job starts as soon as this one ends, not at the next tick.
      if (!this.options.waitForResults) this.pump();
    });
  }

  private finish(job: Job, transcript: Transcript): void {
    this.failuresInARow = 0;
    const text = transcript.words.map((w) => w.word).join(' ');
    if (!job.final) {
      // An unchanged or empty partial says nothing new.
      if (text === '' || this.lastPartialText.get(job.segmentId) === text) return;
      this.lastPartialText.set(job.segmentId, text);
    } else {
      this.lastPartialText.delete(job.segmentId);
    }
    const words: RecognizedWord[] = transcript.words.map((w) => ({
      word: w.word,
      startMs: round1(job.startMs + w.startMs),
      endMs: round1(job.startMs + w.endMs),
      ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
      segmentId: job.segmentId,
      final: job.final,
    }));
    this.ready.push({ kind: 'words', segmentId: job.segmentId, final: job.final, words });
  }

  private fail(job: Job, error: unknown): void {
    this.failuresInARow++;
    const stopped = this.failuresInARow >= this.maxFailures;
    if (stopped) {
      this.stopped = true;
      this.queue.length = 0;
      this.segment = null;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.ready.push({ kind: 'error', segmentId: job.segmentId, final: job.final, message: `${this.recognizer.name}: ${message}`, stopped });
  }
}

function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE_HZ) / 1000);
}

function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE_HZ;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
