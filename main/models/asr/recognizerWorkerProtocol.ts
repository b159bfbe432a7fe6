// The messages between the session's thread and the ASR worker thread (structured-clone safe; audio is transferred).

import type { Transcript } from '../../../common/speechRecognition';
import type { MoonshineLoadOptions } from './moonshineRecognizer';

export type RecognizerWorkerRequest =
  | { type: 'load'; options: MoonshineLoadOptions }
  | { type: 'transcribe'; id: number; samples: Float32Array }
  | { type: 'dispose' };

/** A TandemError's parts, so the session's thread can raise the same typed, actionable error. */
export interface SerializedError {
  message: string;
  code?: string;
  where?: string;
  hint?: string;
}

export type RecognizerWorkerResponse =
  | { type: 'loaded'; runtime: string }
  | { type: 'loadFailed'; error: SerializedError }
  | { type: 'transcribed'; id: number; transcript: Transcript }
  | { type: 'transcribeFailed'; id: number; error: SerializedError }
  | { type: 'disposed' };
