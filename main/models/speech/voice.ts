// The voice interface: turns an utterance into a stream of ≤ 200 ms audio chunks with word timings.

import type { SpokenWord, Utterance } from '../../../common/microturn';

/** A synthesized utterance that is played chunk by chunk and can be cut at any chunk boundary. */
export interface SynthesizedSpeech {
  utterance: Utterance;
  /** Name of the voice, recorded in the timeline (e.g. "placeholder-tone"). */
  voice: string;
  /** True when the audio is not speech but a stand-in signal of the right duration. */
  placeholder: boolean;
  /** Total duration once fully synthesized. */
  durationMs: number;
  words: SpokenWord[];
  /**
   * Writes the samples of [offsetSamples, offsetSamples + out.length) into `out` (16 kHz mono) and
   * returns how many were written; fewer than out.length means the utterance ends inside this chunk.
   */
  read(offsetSamples: number, out: Float32Array): number;
}

export interface Voice {
  readonly name: string;
  synthesize(utterance: Utterance): SynthesizedSpeech;
}
