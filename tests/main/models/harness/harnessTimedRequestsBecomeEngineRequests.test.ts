// Typed timed requests become engine requests in the micro-turn they arrive (never a delegation), with a short acknowledgement; stop, cancel, counting and absurd requests too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicroTurnInput } from '../../../../common/microturn';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { TIMER_RANGE_SENTENCE } from '../../../../main/models/requests/timedRequest';
import { SpeechAudio } from '../speechAudio.fixture';
import { runModel } from './harnessRun.fake';

const typed = (turn: number, text: string): Partial<MicroTurnInput> => ({ text: [{ atMs: turn * 200 + 50, text }] });

describe('harness timed requests', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('schedules a typed reminder from the moment it was typed and acknowledges it without its content', async () => {
    const steps = await runModel(model, audio.silence(2000), { extras: (turn) => (turn === 2 ? typed(turn, 'remind me in 5 seconds to check the oven') : {}) });
    expect(steps[2].output.events).toEqual([
      { kind: 'schedule_timer', payload: { dueAtMs: 450 + 5000, label: 'check the oven', say: 'Time to check the oven.', request: 'remind me in 5 seconds to check the oven' } },
    ]);
    const spoken = steps.filter((step) => step.output.action === 'speak').map((step) => [step.turn, step.output.utterance!.text]);
    expect(spoken).toEqual([[2, 'Okay, in 5 seconds.']]);
    expect(steps.some((step) => step.output.events.some((event) => event.kind === 'delegate'))).toBe(false);
  });

  it('schedules a repeating request with its period and stops it on "stop"', async () => {
    const steps = await runModel(model, audio.silence(3000), {
      extras: (turn) => (turn === 1 ? typed(turn, 'say "go" every 30 seconds until I say stop') : turn === 8 ? typed(turn, 'ok stop') : {}),
      extraTurns: 30,
    });
    expect(steps[1].output.events).toEqual([
      { kind: 'schedule_timer', payload: { dueAtMs: 250 + 30_000, label: 'go', say: 'Go!', repeatEveryMs: 30_000, request: 'say "go" every 30 seconds until I say stop' } },
    ]);
    expect(steps[8].output.events).toEqual([{ kind: 'cancel_timers', payload: { repeatingOnly: true, reason: 'the user said "ok stop"' } }]);
    expect(steps.filter((step) => step.output.action === 'speak').map((step) => step.output.utterance!.text)).toEqual([
      'Okay, every 30 seconds until you say stop.',
      HARNESS_CONFIG_DEFAULTS.timerDue.stoppedText,
    ]);
  });

  it('rejects an absurd request with a reason it says, and schedules nothing', async () => {
    const steps = await runModel(model, audio.silence(4000), { extras: (turn) => (turn === 1 ? typed(turn, 'remind me in 10 years to check the oven') : {}) });
    const reason = `Sorry, in 10 years is too far away. ${TIMER_RANGE_SENTENCE}`;
    expect(steps[1].output.events).toEqual([{ kind: 'request_rejected', payload: { request: 'remind me in 10 years to check the oven', reason } }]);
    expect(steps.flatMap((step) => step.output.events).filter((event) => event.kind === 'schedule_timer')).toEqual([]);
    expect(steps.filter((step) => step.output.action === 'speak').map((step) => step.output.utterance!.text)).toEqual([reason]);
  });

  it('cancels every timer on "cancel the reminder" and hands counting requests to the engine silently', async () => {
    const steps = await runModel(model, audio.silence(2000), {
      extras: (turn) => (turn === 1 ? typed(turn, 'cancel the reminder') : turn === 3 ? typed(turn, 'count my squats') : turn === 6 ? typed(turn, 'stop counting') : {}),
    });
    expect(steps[1].output.events).toEqual([{ kind: 'cancel_timers', payload: { reason: 'the user said "cancel the reminder"' } }]);
    expect(steps[3].output.events).toEqual([{ kind: 'start_counting', payload: { exercise: 'squats' } }]);
    expect(steps[6].output.events).toEqual([{ kind: 'stop_counting', payload: {} }]);
    expect(steps.filter((step) => step.output.action === 'speak').map((step) => step.output.utterance!.text)).toEqual([HARNESS_CONFIG_DEFAULTS.timerDue.cancelledText]);
  });
});
