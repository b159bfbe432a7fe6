// The harness delegates typed text to the background model and speaks its answer with `speak`, and answers timer_due events with `interject`, when the floor is free.

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
const timer = (turn: number, payload: Record<string, unknown>): Partial<MicroTurnInput> => ({
  events: [{ atMs: turn * 200 + 10, kind: 'timer_due', payload } satisfies InputEvent],
});

describe('harness typed text and timers', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('delegates typed text in the micro-turn it arrives and speaks the answer in the micro-turn it arrives when nobody is speaking', async () => {
    const steps = await runModel(model, audio.silence(2000), {
      extras: (turn) => (turn === 3 ? typed(turn, 'hello?') : turn === 4 ? done(turn, 'task-3-0', 'Hello there.') : {}),
    });
    expect(steps[3].output.events).toEqual([{ kind: 'delegate', payload: { taskId: 'task-3-0', query: 'hello?' } }]);
    expect(steps[3].output.action).toBe('listen');
    expect(turnsWith(steps, 'speak').map((step) => [step.turn, step.output.utterance])).toEqual([[4, { id: 'u4', text: 'Hello there.', kind: 'reply' }]]);
  });

  it('waits for the user to finish speaking: their spoken turn is answered first, then the filler for the typed question', async () => {
    const { pcm } = concat(audio.silence(300), audio.speech('Let me tell you about my day at work.'), audio.silence(8000));
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? typed(turn, 'and this') : {}) });
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const speaks = turnsWith(steps, 'speak');
    expect(speaks[0].turn).toBe(firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs));
    expect(speaks.map((step) => step.output.utterance!.text)).toEqual([HARNESS_CONFIG_DEFAULTS.reply.text, HARNESS_CONFIG_DEFAULTS.background.fillerText]);
    // The filler waits for the reply to end: never over the assistant's own voice.
    expect(steps[speaks[1].turn].input.assistant.speaking).toBe(false);
    expect(steps[speaks[1].turn - 1].input.assistant.speaking).toBe(true);
  });

  it('interjects when a timer falls due, with its label when it has one', async () => {
    const steps = await runModel(model, audio.silence(4000), {
      extras: (turn) => (turn === 2 ? timer(turn, { label: 'stretch your legs' }) : {}),
    });
    expect(turnsWith(steps, 'interject').map((step) => [step.turn, step.output.utterance])).toEqual([
      [2, { id: 'u2', text: 'Reminder: stretch your legs.', kind: 'interjection' }],
    ]);

    const unlabelled = await runModel(model, audio.silence(1000), { extras: (turn) => (turn === 1 ? timer(turn, {}) : {}) });
    expect(turnsWith(unlabelled, 'interject').map((step) => step.output.utterance!.text)).toEqual([HARNESS_CONFIG_DEFAULTS.timerDue.text]);
  });

  it('says a timer that falls due while the user speaks in their next pause, before their turn is answered', async () => {
    const { pcm } = concat(audio.silence(300), audio.speech('Let me tell you about my day at work.'), audio.silence(6000));
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? timer(turn, { label: 'tea' }) : {}) });
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const order = steps.filter((step) => step.output.action === 'speak' || step.output.action === 'interject');
    expect(order.map((step) => [step.output.action, step.output.utterance!.text])).toEqual([
      ['interject', 'Reminder: tea.'],
      ['speak', HARNESS_CONFIG_DEFAULTS.reply.text],
    ]);
    expect(order[0].turn).toBe(firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.timerDue.pauseMs));
  });
});
