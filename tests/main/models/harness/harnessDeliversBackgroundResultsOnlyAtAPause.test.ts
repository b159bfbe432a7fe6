// The harness never speaks a background answer over the user: it waits for the end of their turn, and drops an answer that found no pause in time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputEvent, MicroTurnInput } from '../../../../common/microturn';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

const typed = (turn: number, text: string): Partial<MicroTurnInput> => ({ text: [{ atMs: turn * 200 + 50, text }] });
const done = (turn: number, taskId: string, text: string): Partial<MicroTurnInput> => ({
  events: [{ atMs: turn * 200 + 20, kind: 'background_update', payload: { taskId, type: 'done', text } } satisfies InputEvent],
});

describe('harness delivers background results at a pause', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('holds an answer that arrives while the user talks until their turn has ended', async () => {
    // Typed at turn 1 (delegated), the answer arrives at turn 4, while the user is speaking.
    const { pcm } = concat(audio.silence(400), audio.speech('Let me tell you about my day at work, it was long.'), audio.silence(8000));
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 1 ? typed(turn, 'weather?') : turn === 4 ? done(turn, 'task-1-0', 'Sunny all day.') : {}) });
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const answerTurn = turnsWith(steps, 'speak').find((step) => step.output.utterance!.text === 'Sunny all day.')!.turn;
    // The spoken turn (no recognized words) is answered first, then the background answer right after it.
    const speaks = turnsWith(steps, 'speak');
    expect(speaks.map((s) => s.output.utterance!.text)).toEqual([HARNESS_CONFIG_DEFAULTS.reply.text, 'Sunny all day.']);
    expect(speaks[0].turn).toBe(firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs));
    expect(steps[answerTurn].output.events).toContainEqual({ kind: 'deliver', payload: { taskId: 'task-1-0', stale: false, ok: true } });
    for (let turn = 4; turn < answerTurn; turn++) expect(steps[turn].output.utterance?.text).not.toBe('Sunny all day.');
    expect(steps[answerTurn].input.assistant.speaking).toBe(false);
  });

  it('drops an answer that waited longer than maxDeliverWaitMs for a pause', async () => {
    const impatient = await HarnessModel.load({ background: { maxDeliverWaitMs: 1000 } });
    try {
      const { pcm } = concat(audio.silence(400), audio.speech('Let me tell you about my day at work, it was very long and tiring.'), audio.silence(8000));
      const steps = await runModel(impatient, pcm, { extras: (turn) => (turn === 1 ? typed(turn, 'weather?') : turn === 4 ? done(turn, 'task-1-0', 'Sunny all day.') : {}) });
      expect(turnsWith(steps, 'speak').map((s) => s.output.utterance!.text)).toEqual([HARNESS_CONFIG_DEFAULTS.reply.text]);
      expect(steps.flatMap((s) => s.output.events).filter((e) => e.kind === 'deliver')).toEqual([]);
    } finally {
      await impatient.dispose();
    }
  });

  it('delegates the recognized words of a spoken turn when the engine passes words', async () => {
    const { pcm } = concat(audio.silence(400), audio.speech('What is on my calendar today?'), audio.silence(3000));
    const words = [
      { word: 'what', startMs: 500, endMs: 700 },
      { word: 'is', startMs: 700, endMs: 800 },
      { word: 'on', startMs: 800, endMs: 900 },
      { word: 'my', startMs: 900, endMs: 1000 },
      { word: 'calendar', startMs: 1000, endMs: 1400 },
    ];
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? ({ words } as Partial<MicroTurnInput>) : turn === 6 ? ({ words: [{ word: 'today', startMs: 1400, endMs: 1700 }] } as Partial<MicroTurnInput>) : {}) });
    const delegates = steps.flatMap((s) => s.output.events.filter((e) => e.kind === 'delegate').map((e) => ({ turn: s.turn, payload: e.payload })));
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const closeTurn = firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs);
    expect(delegates).toEqual([{ turn: closeTurn, payload: { taskId: `task-${closeTurn}-0`, query: 'what is on my calendar today' } }]);
    // A turn with words is a question for the background model, not the generic reply.
    expect(turnsWith(steps, 'speak').map((s) => s.output.utterance!.text)).not.toContain(HARNESS_CONFIG_DEFAULTS.reply.text);
  });
});
