// The harness answers typed text with `speak` and timer_due events with `interject`, when the floor is free.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputEvent, MicroTurnInput } from '../../../../common/microturn';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

const typed = (turn: number, text: string): Partial<MicroTurnInput> => ({ text: [{ atMs: turn * 200 + 50, text }] });
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

  it('answers typed text in the micro-turn it arrives when nobody is speaking', async () => {
    const steps = await runModel(model, audio.silence(2000), { extras: (turn) => (turn === 3 ? typed(turn, 'hello?') : {}) });
    expect(turnsWith(steps, 'speak').map((step) => step.output.utterance)).toEqual([
      { id: 'u3', text: HARNESS_CONFIG_DEFAULTS.typedText.replyText, kind: 'reply' },
    ]);
    expect(steps[3].output.action).toBe('speak');
  });

  it('waits for the user to finish speaking before answering typed text, and answers both at once', async () => {
    const { pcm } = concat(audio.silence(300), audio.speech('Let me tell you about my day at work.'), audio.silence(2000));
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? typed(turn, 'and this') : {}) });
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const speaks = turnsWith(steps, 'speak');
    expect(speaks.map((step) => step.turn)).toEqual([firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs)]);
    expect(speaks[0].output.utterance!.text).toBe(HARNESS_CONFIG_DEFAULTS.reply.text);
  });

  it('answers typed text that arrives while it speaks once it has finished', async () => {
    const steps = await runModel(model, audio.silence(6000), {
      extras: (turn) => (turn === 1 ? typed(turn, 'first') : turn === 4 ? typed(turn, 'second') : {}),
    });
    const speaks = turnsWith(steps, 'speak');
    expect(speaks).toHaveLength(2);
    expect(steps[4].input.assistant.speaking).toBe(true);
    const firstEnds = steps.findIndex((step, turn) => turn > 1 && !step.input.assistant.speaking);
    expect(speaks[1].turn).toBe(firstEnds);
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

  it('holds a timer that falls due while the user speaks until their turn is over and answered', async () => {
    const { pcm } = concat(audio.silence(300), audio.speech('Let me tell you about my day at work.'), audio.silence(6000));
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? timer(turn, { label: 'tea' }) : {}) });
    const order = steps.filter((step) => step.output.action === 'speak' || step.output.action === 'interject');
    expect(order.map((step) => step.output.action)).toEqual(['speak', 'interject']);
    expect(steps[order[1].turn].input.assistant.speaking).toBe(false);
    expect(steps[order[1].turn - 1].input.assistant.speaking).toBe(true);
  });
});
