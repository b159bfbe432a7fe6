// On the virtual clock, recognized words enter the micro-turn after the one that launched their decode: partials while the user speaks, the final after they stop.

import { describe, expect, it } from 'vitest';
import type { UserWordsPayload } from '../../../common/timeline';
import { makeTestSession, toneMic } from './sessionHarness.fake';
import { SpeechEventsModel, type SpeechScript } from './speechEventsModel.fake';
import { FakeSpeechRecognizer } from './speechRecognizer.fake';

function run(script: SpeechScript, turns: number, recognition: { partialEveryTurns?: number; maxSegmentMs?: number }) {
  const recognizer = new FakeSpeechRecognizer();
  const model = new SpeechEventsModel(script);
  const harness = makeTestSession({ turns, inputProvider: toneMic(), extra: { model, recognizer, recognition: { marginMs: 200, ...recognition } } });
  return { ...harness, recognizer, model };
}

const wordsOf = (payload: unknown) => (payload as UserWordsPayload).words.map((w) => w.word).join(' ');

describe('speech recognition in the session (virtual clock)', () => {
  it('delivers partials every 3 turns and the final one turn after the speech ended, each in an exact micro-turn', async () => {
    // Speech from 900 ms (reported in turn 5) to 2 500 ms (reported in turn 14); the segment keeps 200 ms either side.
    const { session, events, model, recognizer } = run({ started: { 5: 900 }, ended: { 14: 2500 } }, 20, { partialEveryTurns: 3 });
    await session.run();

    const userWords = events.filter((e) => e.kind === 'user_words');
    expect(userWords.map((e) => ({ turn: e.turn, atMs: e.atMs, final: e.payload.final, segmentId: e.payload.segmentId, text: wordsOf(e.payload) }))).toEqual([
      // Turn 8 decodes 700–1 800 ms (1.1 s: five whole 200 ms words), delivered in turn 9.
      { turn: 9, atMs: 2000, final: false, segmentId: 's1', text: 'w1 w2 w3 w4 w5' },
      { turn: 12, atMs: 2600, final: false, segmentId: 's1', text: 'w1 w2 w3 w4 w5 w6 w7 w8' },
      // The end at 2 500 ms + 200 ms margin: 700–2 700 ms.
      { turn: 15, atMs: 3200, final: true, segmentId: 's1', text: 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10' },
    ]);
    expect(recognizer.calls).toEqual([17_600, 27_200, 32_000]);
    // Word times are media times: the segment starts at 700 ms.
    expect((userWords[2].payload as UserWordsPayload).words[1]).toEqual({ word: 'w2', startMs: 900, endMs: 1050, confidence: 0.9 });
    // The interaction model sees the same words in the same micro-turns.
    expect([...model.wordsByTurn.keys()]).toEqual([9, 12, 15]);
    expect(model.wordsByTurn.get(15)!.map((w) => [w.word, w.final, w.segmentId])[0]).toEqual(['w1', true, 's1']);
    expect(model.wordsByTurn.get(9)!.every((w) => !w.final)).toBe(true);
  });

  it('cuts a segment at the maximum length so no decode reads more, and goes on in a new segment', async () => {
    const { session, events, recognizer } = run({ started: { 2: 400 }, ended: {} }, 12, { partialEveryTurns: 100, maxSegmentMs: 1000 });
    await session.run();
    expect(recognizer.calls).toEqual([16_000, 16_000]);
    expect(events.filter((e) => e.kind === 'user_words').map((e) => [e.turn, e.payload.segmentId, e.payload.final, wordsOf(e.payload)])).toEqual([
      [6, 's1', true, 'w1 w2 w3 w4 w5'],
      [11, 's2', true, 'w1 w2 w3 w4 w5'],
    ]);
  });

  it('runs the same run twice to the same timeline', async () => {
    const first = run({ started: { 3: 500 }, ended: { 10: 1900 } }, 14, { partialEveryTurns: 2 });
    const second = run({ started: { 3: 500 }, ended: { 10: 1900 } }, 14, { partialEveryTurns: 2 });
    await first.session.run();
    await second.session.run();
    expect(second.events).toEqual(first.events);
    expect(first.events.filter((e) => e.kind === 'user_words').length).toBe(4);
  });
});
