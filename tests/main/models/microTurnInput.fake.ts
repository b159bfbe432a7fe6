// Builds MicroTurnInput objects for model tests: real mic audio, zero dMel, nothing else unless asked.

import {
  DMEL_CHANNELS,
  DMEL_FRAMES_PER_TURN,
  MICRO_TURN_MS,
  SAMPLES_PER_TURN,
  type AssistantPlayback,
  type MicroTurnInput,
} from '../../../common/microturn';

export const SILENT_ASSISTANT: AssistantPlayback = { speaking: false, spokenMs: 0, remainingMs: 0 };

/** Input chunk `turn` with `audio`; the dMel arrays are zeros (the harness does not read them). */
export function microTurnInput(turn: number, audio: Float32Array, overrides: Partial<MicroTurnInput> = {}): MicroTurnInput {
  if (audio.length !== SAMPLES_PER_TURN) throw new Error(`a micro-turn chunk has ${SAMPLES_PER_TURN} samples, got ${audio.length}`);
  return {
    turn,
    atMs: turn * MICRO_TURN_MS,
    audio,
    underrunSamples: 0,
    micPresent: true,
    dmel: new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS),
    assistantDmel: new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS),
    frames: [],
    text: [],
    events: [],
    words: [],
    assistant: SILENT_ASSISTANT,
    ...overrides,
  };
}

/** Cuts 16 kHz audio into micro-turn chunks; the last one is zero-padded. */
export function chunksOf(pcm: Float32Array): Float32Array[] {
  const chunks: Float32Array[] = [];
  for (let start = 0; start < pcm.length; start += SAMPLES_PER_TURN) {
    const chunk = new Float32Array(SAMPLES_PER_TURN);
    chunk.set(pcm.subarray(start, start + SAMPLES_PER_TURN));
    chunks.push(chunk);
  }
  return chunks;
}
