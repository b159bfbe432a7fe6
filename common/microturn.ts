// The micro-turn contract: what goes into and comes out of one 200 ms step of an interaction model.

/** Length of one micro-turn. */
export const MICRO_TURN_MS = 200;
/** Sample rate of every audio stream inside the engine (mic, assistant speech, output.wav). */
export const SAMPLE_RATE_HZ = 16_000;
/** Samples in one micro-turn chunk: 200 ms at 16 kHz. */
export const SAMPLES_PER_TURN = (SAMPLE_RATE_HZ * MICRO_TURN_MS) / 1000; // 3200

/** dMel geometry per micro-turn (Apple's dMel reference settings). */
export const DMEL_HOP_SAMPLES = 200;
export const DMEL_WINDOW_SAMPLES = 800;
export const DMEL_N_FFT = 1024;
export const DMEL_CHANNELS = 80;
export const DMEL_BINS = 16;
export const DMEL_FRAMES_PER_TURN = SAMPLES_PER_TURN / DMEL_HOP_SAMPLES; // 16

/** Side of one square RGB patch that the hMLP stem embeds. */
export const PATCH_SIZE = 40;

/** What the interaction model chose to do in one micro-turn. */
export const ACTIONS = [
  'listen', // the user has (or may take) the floor; the assistant is silent
  'backchannel', // a short acknowledgement ("mm-hmm") while the user keeps the floor
  'speak', // the assistant starts an utterance in this micro-turn
  'keep_speaking', // the assistant continues an utterance it started earlier
  'yield', // the assistant stops mid-utterance because the user cut in; playback is flushed
  'interject', // the assistant starts speaking unprompted (a finding, a reminder, a result)
] as const;
export type Action = (typeof ACTIONS)[number];

export type VisualSource = 'camera' | 'screen';

/** A camera or screen frame that changed since the last micro-turn, cut into 40×40 RGB patches. */
export interface ChangedFrame {
  source: VisualSource;
  /** Media time at which the frame was captured. */
  atMs: number;
  /** Index of the frame in its source (for references in the timeline). */
  frameIndex: number;
  /** Size after downscaling (multiples of PATCH_SIZE). */
  width: number;
  height: number;
  /** Patches in row-major patch order; each patch is 40×40×3 bytes, RGB interleaved. */
  patches: Uint8Array;
  patchCount: number;
  /** Share of the frame's cells that changed since the last frame passed on (0..1). */
  changedShare: number;
}

/** Typed text that arrived during the micro-turn. */
export interface TypedText {
  atMs: number;
  text: string;
}

/**
 * Something that fell due or arrived from outside the audio/video streams, or a perception signal:
 * `repetition` (a RepetitionCount from common/perception.ts, while counting), `code_findings`
 * ({ frameIndex, language, findings: CodeFinding[] }: new findings in code read off the screen),
 * `watch_fired` (a WatchFiring: a visual watch's condition became true).
 */
export interface InputEvent {
  atMs: number;
  kind: InputEventKind;
  payload: Record<string, unknown>;
}
export type InputEventKind = 'timer_due' | 'background_update' | 'source_lost' | 'source_restored' | 'repetition' | 'code_findings' | 'watch_fired';

/** One word the speech recognizer heard, timed in media ms (the session's clock). */
export interface RecognizedWord {
  word: string;
  startMs: number;
  endMs: number;
  /** The recognizer's probability for the word (its least certain token), 0..1, when it gives one. */
  confidence?: number;
  /** The speech segment the word belongs to; a later hypothesis of the same segment replaces this one. */
  segmentId: string;
  /** False for a partial hypothesis (re-decoded while the user still speaks), true once the segment ended. */
  final: boolean;
}

/**
 * Input chunk k: everything the engine closed for micro-turn `turn`. Its arrays are reused by the
 * next micro-turn (nothing is allocated on the 200 ms path): a model copies what it wants to keep.
 */
export interface MicroTurnInput {
  turn: number;
  /** Media time at which the chunk starts; it covers [atMs, atMs + 200). */
  atMs: number;
  /** 3 200 samples of 16 kHz mic audio in [-1, 1]. */
  audio: Float32Array;
  /** How many samples at the end of `audio` were zero-filled because the mic delivered too few. */
  underrunSamples: number;
  /** False while no microphone is connected (the chunk is then all zero-fill). */
  micPresent: boolean;
  /** dMel of `audio`: DMEL_FRAMES_PER_TURN × DMEL_CHANNELS bin indices (0..15), frame-major. */
  dmel: Uint8Array;
  /** dMel of what the assistant itself played during the same 200 ms (it hears itself). */
  assistantDmel: Uint8Array;
  /** Frames that changed in this micro-turn (empty when nothing changed). */
  frames: ChangedFrame[];
  text: TypedText[];
  events: InputEvent[];
  /**
   * Words recognized in this micro-turn (hypotheses that became ready while the chunk was collected):
   * each hypothesis's words in full, partial or final; empty when nothing new was recognized or no ASR runs.
   */
  words: RecognizedWord[];
  /** What the assistant's voice is doing as this chunk closes. */
  assistant: AssistantPlayback;
}

/** The state of the assistant's speech output, as the engine's voice reports it. */
export interface AssistantPlayback {
  speaking: boolean;
  utteranceId?: string;
  /** How much of the current utterance has been played so far. */
  spokenMs: number;
  /** How much of the current utterance is still to be played. */
  remainingMs: number;
}

/** One word of assistant speech with its timing inside the utterance. */
export interface SpokenWord {
  word: string;
  /** Offset from the start of the utterance. */
  startMs: number;
  endMs: number;
}

/** An utterance the assistant decided to say. */
export interface Utterance {
  id: string;
  text: string;
  kind: 'reply' | 'backchannel' | 'interjection';
}

/** Output chunk k of the interaction model. */
export interface MicroTurnOutput {
  action: Action;
  /** The utterance being spoken in this chunk, if any. */
  utterance?: Utterance;
  /** Events for the engine (delegations, announcements, …). */
  events: ModelEvent[];
  /** Model-internal probabilities or scores, for the timeline and debugging (e.g. VAD probability). */
  scores?: Record<string, number>;
}

export interface ModelEvent {
  /**
   * `delegate` payload { taskId, query }: ask the background model. `deliver` { taskId, stale }: a result
   * is being spoken. `cancel_task` { taskId, reason }: stop a delegated task; its result is never spoken.
   * `announce` { count } (a repetition count being said) or { findingId } / { watchId } / { timerId, dueAtMs } (a timer's
   * utterance starts in this chunk; the engine records its lateness, see common/timeline.ts model_event).
   *
   * Requests the model understood, which the engine carries out (see main/engine/session.ts):
   * `schedule_timer` { dueAtMs, label, say?, repeatEveryMs?, request }: a timer whose `label` is said when it falls due
   * (`say`, when given, is the exact sentence, carried in its timer_due payload: "Switch!" for "in 20 seconds say switch");
   * `cancel_timers` { ids?: string[], repeatingOnly?: boolean, reason }: cancel those (or all repeating) timers;
   * `start_counting` { exercise } / `stop_counting` {}: arm or stop the camera's repetition counter;
   * `add_watch` { spec: WatchSpecInput } / `cancel_watch` { id?: string, all?: boolean }: visual watches;
   * `request_rejected` { request, reason }: a request the model could not accept (recorded; the model says why).
   */
  kind: ModelEventKind;
  payload: Record<string, unknown>;
}
export type ModelEventKind =
  | 'user_speech_started'
  | 'user_speech_ended'
  | 'delegate'
  | 'announce'
  | 'deliver'
  | 'cancel_task'
  | 'schedule_timer'
  | 'cancel_timers'
  | 'start_counting'
  | 'stop_counting'
  | 'add_watch'
  | 'cancel_watch'
  | 'request_rejected';
