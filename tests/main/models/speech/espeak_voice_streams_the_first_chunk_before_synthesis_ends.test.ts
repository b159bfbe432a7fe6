// The embedded espeak-ng voice streams: the first 200 ms chunk reaches the engine while its thread is still synthesizing the rest.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../../common/microturn';
import { EspeakVoice } from '../../../../main/models/speech/espeakVoice';

const SENTENCE = 'The quick brown fox jumps over the lazy dog near the river bank, and then it runs back home.';
// About a minute of speech: many ~100 ms callbacks of espeak-ng, far more than one chunk.
const LONG_TEXT = Array.from({ length: 16 }, () => SENTENCE).join(' ');

let voice: EspeakVoice;
beforeAll(async () => {
  voice = await EspeakVoice.create();
});
afterAll(async () => {
  await voice.dispose();
});

describe('espeak-ng voice streaming', () => {
  it('has the first chunk while the thread has not finished the utterance, then the whole of it', async () => {
    const finishedBefore = voice.thread.finishedUpTo();
    const speech = voice.synthesize({ id: 'long', text: LONG_TEXT, kind: 'reply' });
    expect(speech.done).toBe(false);
    expect(speech.durationMs).toBeNull();

    await speech.whenAvailable(SAMPLES_PER_TURN);
    // Read from the thread's shared memory: the synthesis job itself had not returned yet.
    expect(voice.thread.finishedUpTo()).toBe(finishedBefore);
    expect(speech.done).toBe(false);
    expect(speech.availableSamples).toBeGreaterThanOrEqual(SAMPLES_PER_TURN);
    const firstChunk = new Float32Array(SAMPLES_PER_TURN);
    expect(speech.read(0, firstChunk)).toBe(SAMPLES_PER_TURN);

    await speech.whenAvailable(Number.POSITIVE_INFINITY);
    expect(voice.thread.finishedUpTo()).toBeGreaterThan(finishedBefore);
    expect(speech.done).toBe(true);
    expect(speech.error).toBeNull();
    expect(speech.durationMs).toBe((speech.availableSamples * 1000) / 16_000);
    expect(speech.durationMs!).toBeGreaterThan(30_000);
    // The streamed first chunk is the start of the final audio, unchanged.
    const again = new Float32Array(SAMPLES_PER_TURN);
    speech.read(0, again);
    expect(again).toEqual(firstChunk);
  });

  it('reports a read past the synthesized audio as short, zero-filled', async () => {
    const speech = voice.synthesize({ id: 'short', text: 'Yes.', kind: 'reply' });
    await speech.whenAvailable(Number.POSITIVE_INFINITY);
    const out = new Float32Array(SAMPLES_PER_TURN).fill(1);
    const written = speech.read(speech.availableSamples - 100, out);
    expect(written).toBe(100);
    expect(out.subarray(100).every((v) => v === 0)).toBe(true);
  });
});
