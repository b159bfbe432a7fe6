// Turns per-frame VAD probabilities into user speech segments (onset/offset with hysteresis and minimum durations).

import { SILERO_FRAME_MS, type VadFrame } from '../vad/sileroVad';

export interface UserSpeechThresholds {
  onsetProbability: number;
  offsetProbability: number;
  minSpeechMs: number;
  minSilenceMs: number;
}

/** Where the user's voice is, as far as the frames seen so far tell. */
export interface UserSpeechState {
  speaking: boolean;
  /** While silent: start of a run of frames at or above the onset threshold that may become speech. */
  candidateStartMs: number | null;
  /** While speaking: when the current segment started. */
  segmentStartMs: number;
  /** While speaking: start of a run of frames below the offset threshold that may end the segment. */
  silenceStartMs: number | null;
}

export type UserSpeechChange =
  | { kind: 'started'; atMs: number }
  | { kind: 'ended'; atMs: number; durationMs: number };

export function createUserSpeechState(): UserSpeechState {
  return { speaking: false, candidateStartMs: null, segmentStartMs: 0, silenceStartMs: null };
}

/**
 * Advances `state` by one frame and returns the change it confirms, if any. A change is confirmed
 * after its minimum duration but dated back to where it began, so times keep frame precision.
 */
export function advanceUserSpeech(state: UserSpeechState, frame: VadFrame, thresholds: UserSpeechThresholds): UserSpeechChange | null {
  const frameStartMs = frame.endMs - SILERO_FRAME_MS;
  if (!state.speaking) {
    if (frame.probability < thresholds.onsetProbability) {
      state.candidateStartMs = null;
      return null;
    }
    state.candidateStartMs ??= frameStartMs;
    if (frame.endMs - state.candidateStartMs < thresholds.minSpeechMs) return null;
    state.speaking = true;
    state.segmentStartMs = state.candidateStartMs;
    state.candidateStartMs = null;
    state.silenceStartMs = null;
    return { kind: 'started', atMs: state.segmentStartMs };
  }
  // Hysteresis: between the offset and onset thresholds the user is still speaking.
  if (frame.probability >= thresholds.offsetProbability) {
    state.silenceStartMs = null;
    return null;
  }
  state.silenceStartMs ??= frameStartMs;
  if (frame.endMs - state.silenceStartMs < thresholds.minSilenceMs) return null;
  const endedAtMs = state.silenceStartMs;
  state.speaking = false;
  state.silenceStartMs = null;
  return { kind: 'ended', atMs: endedAtMs, durationMs: endedAtMs - state.segmentStartMs };
}
