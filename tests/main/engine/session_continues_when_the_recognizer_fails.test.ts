// A recognizer that throws never ends the session: each failure is an error event, and three in a row turn recognition off.

import { describe, expect, it } from 'vitest';
import { makeTestSession, toneMic } from './sessionHarness.fake';
import { SpeechEventsModel } from './speechEventsModel.fake';
import { FakeSpeechRecognizer } from './speechRecognizer.fake';

describe('a failing recognizer', () => {
  it('logs the failure in the next micro-turn and still delivers the next hypothesis', async () => {
    const recognizer = new FakeSpeechRecognizer({ behaviour: (call) => (call === 0 ? 'throw' : 'words') });
    const model = new SpeechEventsModel({ started: { 2: 400 }, ended: { 9: 1600 } });
    const { session, events } = makeTestSession({ turns: 12, inputProvider: toneMic(), extra: { model, recognizer, recognition: { partialEveryTurns: 3, marginMs: 200 } } });
    const stats = await session.run();

    expect(stats.turns).toBe(12);
    const asr = events.filter((e) => e.kind === 'user_words' || (e.kind === 'error' && e.payload.where === 'asr'));
    expect(asr.map((e) => [e.turn, e.kind, e.payload.final ?? null])).toEqual([
      [6, 'error', null],
      [9, 'user_words', false],
      [10, 'user_words', true],
    ]);
    expect(asr[0].payload).toEqual({ where: 'asr', segmentId: 's1', message: 'fake-asr: decoder crashed on call 0' });
    expect(events.at(-1)!.kind).toBe('session_stopped');
  });

  it('turns recognition off after three failures in a row and says so', async () => {
    const recognizer = new FakeSpeechRecognizer({ behaviour: () => 'throw' });
    const model = new SpeechEventsModel({ started: { 1: 200 }, ended: {} });
    const { session, events } = makeTestSession({ turns: 30, inputProvider: toneMic(), extra: { model, recognizer, recognition: { partialEveryTurns: 2, marginMs: 0 } } });
    await session.run();

    const errors = events.filter((e) => e.kind === 'error');
    expect(errors.map((e) => e.turn)).toEqual([4, 6, 8]);
    expect(errors[2].payload.message).toBe('fake-asr: decoder crashed on call 2 (speech recognition is off for the rest of the session)');
    expect(recognizer.calls.length).toBe(3);
    expect(events.some((e) => e.kind === 'user_words')).toBe(false);
    expect(events.at(-1)!.kind).toBe('session_stopped');
  });
});
