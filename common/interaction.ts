// The contracts between the engine and what it drives: interaction models, voices and perception.

import type { ChangedFrame, MicroTurnInput, MicroTurnOutput, SpokenWord, Utterance, VisualSource } from './microturn';
import type { CodeReading, RepetitionCount, Watch, WatchFiring, WatchSpec } from './perception';

/**
 * An interaction model. `createState()` makes the streaming state of one session (preallocated,
 * append-only like a persistent KV session); `step` reads chunk k and that state, updates the state
 * in place and returns output chunk k. Steps of one session are never run concurrently.
 */
export interface InteractionModel<State = unknown> {
  /** Name as used by `--im` (e.g. "harness"). */
  readonly name: string;
  /** What the model runs on, for reports (e.g. "onnxruntime cpu, 1 thread"). */
  readonly runtime: string;
  createState(): State;
  step(input: MicroTurnInput, state: State): Promise<MicroTurnOutput>;
  /** Releases sessions and native memory. */
  dispose(): Promise<void>;
}

/**
 * A synthesized utterance that is played chunk by chunk and can be cut at any chunk boundary. It streams:
 * audio and word timings arrive while it is played, so a reader asks how much is there (`availableSamples`,
 * `done`) and, when it may wait (the virtual clock), waits with `whenAvailable`.
 */
export interface SynthesizedSpeech {
  utterance: Utterance;
  /** Name of the voice, recorded in the timeline (e.g. "espeak-ng:en-us"). */
  voice: string;
  /** True when the audio is not speech but a stand-in signal of the right duration. */
  placeholder: boolean;
  /** Total duration; null until synthesis has finished (a streamed utterance's length is not known at its start). */
  readonly durationMs: number | null;
  /** The words synthesized so far with their timing (offsets from the utterance's start); all of them once `done`. */
  readonly words: readonly SpokenWord[];
  /** Samples (16 kHz mono) synthesized so far, from the utterance's start. */
  readonly availableSamples: number;
  /** True once every sample exists (or synthesis failed, see `error`): `availableSamples` is then the length. */
  readonly done: boolean;
  /** Why synthesis stopped early (the voice crashed or was cut off); null while fine. The audio ends where it failed. */
  readonly error: string | null;
  /**
   * Writes the available samples of [offsetSamples, offsetSamples + out.length) into `out`, zero-fills the
   * rest and returns how many were written. Fewer than out.length means the utterance ends inside this chunk
   * when `done`, or that synthesis has not got that far yet (an underrun) when not.
   */
  read(offsetSamples: number, out: Float32Array): number;
  /** Resolves once at least `samples` samples are available or the utterance is done (never rejects). */
  whenAvailable(samples: number): Promise<void>;
  /** The rest will not be played (a cut): synthesis may stop. What was synthesized stays readable. */
  cancel(): void;
}

export interface Voice {
  readonly name: string;
  synthesize(utterance: Utterance): SynthesizedSpeech;
  /** Ends the voice's threads and sessions; synthesize must not be called afterwards. */
  dispose(): Promise<void>;
}

/** A camera or screen frame as captured: tightly packed RGB, row-major, width·height·3 bytes. */
export interface RgbFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Media time at which the frame was captured. */
  atMs: number;
  /** Index of the frame in its source. */
  frameIndex: number;
}

/** Turns each 3 200-sample chunk into its dMel (16 frames × 80 channels of bins), carrying state across chunks. */
export interface DmelEncoder {
  push(chunk: Float32Array): Uint8Array;
}

/** Returns a frame as 40×40 patches when it changed since the last one passed on for its source, else null. */
export interface FrameEncoder {
  perceive(source: VisualSource, frame: RgbFrame): ChangedFrame | null;
}

/** What the session loop perceives with; the composition root supplies the implementations. */
export interface Perception {
  createDmelEncoder(): DmelEncoder;
  createFrameEncoder(): FrameEncoder;
}

// ---- perception signals the session feeds frames to (main/perception implements them) ----

/** Counts repetitions on the camera: every camera frame, in capture order, while counting is armed. */
export interface RepetitionSignal {
  /** Returns the repetitions whose end was recognised on this frame (usually none, sometimes one). Throws on a malformed frame. */
  push(frame: RgbFrame): RepetitionCount[];
  /** Starts counting again from zero (a new "count my squats"). */
  reset(): void;
  /** Repetitions counted since the last reset. */
  readonly count: number;
}

/** Reads code off the screen off the micro-turn thread: changed frames in, readings with findings out. */
export interface CodeSignal {
  /** The newest screen frame; cheap (a frame difference decides whether it is worth reading). */
  offer(frame: RgbFrame): void;
  /** Readings finished since the last call, in frame order. */
  take(): CodeReading[];
  /** Resolves when nothing is being read or waiting to be read (the virtual clock waits, so runs repeat exactly). */
  whenIdle(): Promise<void>;
  dispose(): Promise<void>;
}

/** The user's visual watches: frames of both sources in, firings out. */
export interface WatchSignal {
  add(spec: WatchSpec, atMs: number): Watch;
  cancel(id: string): boolean;
  list(): Watch[];
  /** Every frame of a source, in capture order. Colour and brightness are judged at once; text goes to OCR. */
  push(source: VisualSource, frame: RgbFrame): void;
  /** Firings found since the last call, in frame order (a one-shot watch is removed from list() when it fires). */
  take(): WatchFiring[];
  whenIdle(): Promise<void>;
  dispose(): Promise<void>;
}

/** The signals one session feeds frames to; an absent one is off. */
export interface PerceptionSignals {
  repetition?: RepetitionSignal;
  code?: CodeSignal;
  watches?: WatchSignal;
}

/** Signals a caller owns across several sessions (a benchmark's runs): reset before each run, disposed once. */
export interface SharedPerceptionSignals {
  readonly signals: PerceptionSignals;
  /** Forgets everything of the previous run (counts, findings already reported, watches). */
  resetForRun(): void;
  dispose(): Promise<void>;
}
