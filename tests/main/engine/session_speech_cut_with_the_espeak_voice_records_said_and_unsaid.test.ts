// With the real espeak-ng voice, a yield cuts at a chunk boundary and the timeline splits the text exactly into said and not said.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import { EspeakVoice } from '../../../main/models/speech/espeakVoice';
import { kinds, makeTestSession, toneMic } from './sessionHarness.fake';

const TEXT = 'I will tell you a rather long story, about the sea and the ships on it.';

let voice: EspeakVoice;
beforeAll(async () => {
  voice = await EspeakVoice.create();
});
afterAll(async () => {
  await voice.dispose();
});

describe('cutting espeak-ng speech on yield', () => {
  it('records the words whose audio was fully played as said, the rest of the text as not said', async () => {
    const { session, events, output } = makeTestSession({ turns: 30, script: { 2: { action: 'speak', text: TEXT }, 9: { action: 'yield' } }, inputProvider: toneMic(), extra: { voice } });
    await session.run();
    const [started] = kinds(events, 'assistant_speech_started');
    const [cut] = kinds(events, 'assistant_speech_cut');
    expect(started.payload).toMatchObject({ voice: 'espeak-ng:en-us', placeholder: false });
    const words = started.payload.words as Array<{ word: string; startMs: number; endMs: number }>;
    expect(words.map((w) => w.word).join(' ')).toBe('I will tell you a rather long story about the sea and the ships on it');
    // Chunks 2..8 were played: 7 × 200 ms = 1 400 ms of the utterance.
    expect(cut).toMatchObject({ turn: 9, atMs: 2000, payload: { reason: 'yield', playedMs: 1400, durationMs: started.payload.durationMs } });
    const said = words.filter((w) => w.endMs <= 1400);
    expect(said.length).toBeGreaterThan(0);
    expect(said.length).toBeLessThan(words.length);
    const saidText = said.map((w) => w.word).join(' ');
    expect(cut.payload.spokenText).toBe(saidText);
    expect(`${cut.payload.spokenText} ${cut.payload.unspokenText}`.replace(/,/g, '')).toBe(TEXT.replace(/,/g, ''));
    expect(cut.payload.cutMidWord).toBe(words[said.length].startMs < 1400);
    // The audio stops at the boundary and nothing claims the utterance ended.
    expect(output.slice(2, 9).every((chunk) => chunk.some((v) => v !== 0))).toBe(true);
    expect(output.slice(9).every((chunk) => chunk.every((v) => v === 0))).toBe(true);
    expect(kinds(events, 'assistant_speech_ended')).toHaveLength(0);
  });

  it('plays the same samples as the voice synthesized, chunk after chunk', async () => {
    const { session, output } = makeTestSession({ turns: 12, script: { 1: { action: 'speak', text: 'Hello there.' } }, extra: { voice } });
    await session.run();
    const reference = voice.synthesize({ id: 'ref', text: 'Hello there.', kind: 'reply' });
    await reference.whenAvailable(Number.POSITIVE_INFINITY);
    const expected = new Float32Array(reference.availableSamples);
    reference.read(0, expected);
    const played = new Float32Array(output.slice(1).flatMap((chunk) => Array.from(chunk)));
    expect(played.subarray(0, expected.length)).toEqual(expected);
    expect(played.subarray(expected.length).every((v) => v === 0)).toBe(true);
    expect(expected.length).toBeGreaterThan(SAMPLES_PER_TURN);
  });
});
