// The contract between the engine and a speech recognizer: audio of one speech segment in, words out.

/** A word as the recognizer places it inside the audio it was given (ms from the audio's first sample). */
export interface TranscribedWord {
  word: string;
  startMs: number;
  endMs: number;
  confidence?: number;
}

export interface Transcript {
  text: string;
  words: TranscribedWord[];
  /** Tokens the decoder produced (without the start token and the end-of-text token). */
  tokenCount: number;
}

/**
 * Recognizes the speech in a stretch of 16 kHz mono audio. Calls may overlap in time only if the
 * implementation says so; the engine runs at most one at a time per session.
 */
export interface SpeechRecognizer {
  /** Catalog name (e.g. "moonshine-tiny"), recorded in session_started and used by replay. */
  readonly name: string;
  /** What it runs on, for reports (e.g. "onnxruntime cpu, 1 thread"). */
  readonly runtime: string;
  transcribe(samples: Float32Array): Promise<Transcript>;
  dispose(): Promise<void>;
}
