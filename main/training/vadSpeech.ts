// Finds where anyone speaks in a recording with the harness's Silero VAD and thresholds, for folders that have no user_speech.json.

import { SAMPLES_PER_TURN } from '../../common/microturn';
import { readWavMono16k } from '../engine/media/wav';
import { HARNESS_CONFIG_DEFAULTS } from '../models/harness/config';
import { advanceUserSpeech, createUserSpeechState } from '../models/harness/userSpeech';
import { SileroVad } from '../models/vad/sileroVad';
import type { SpeechSpan } from './sampleTruth';

/** Speech spans of a 16 kHz mono WAV, segmented exactly as the harness segments the user's speech live. */
export async function speechSpansWithVad(wavPath: string, vad: SileroVad): Promise<SpeechSpan[]> {
  const { samples } = readWavMono16k(wavPath);
  const stream = vad.createStream();
  const state = createUserSpeechState();
  const spans: SpeechSpan[] = [];
  let startMs: number | null = null;
  let endOfAudioMs = 0;
  for (let offset = 0; offset < samples.length; offset += SAMPLES_PER_TURN) {
    const chunk = new Float32Array(SAMPLES_PER_TURN);
    chunk.set(samples.subarray(offset, Math.min(samples.length, offset + SAMPLES_PER_TURN)));
    for (const frame of await stream.process(chunk, (offset * 1000) / 16_000)) {
      endOfAudioMs = frame.endMs;
      const change = advanceUserSpeech(state, frame, HARNESS_CONFIG_DEFAULTS.vad);
      if (change?.kind === 'started') startMs = change.atMs;
      else if (change?.kind === 'ended' && startMs !== null) {
        spans.push({ startMs: Math.round(startMs), endMs: Math.round(change.atMs) });
        startMs = null;
      }
    }
  }
  // Speech running to the end of the file ends there.
  if (startMs !== null) spans.push({ startMs: Math.round(startMs), endMs: Math.round(endOfAudioMs) });
  return spans;
}

export async function loadVad(): Promise<SileroVad> {
  return SileroVad.load({ modelPath: HARNESS_CONFIG_DEFAULTS.vad.modelPath ?? undefined });
}
