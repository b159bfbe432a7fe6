// A due timer is said in the micro-turn it falls due when the user is silent, in the user's next short pause when they talk, and at most 2 s late even if they never pause.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MICRO_TURN_MS, type InputEvent, type MicroTurnInput } from '../../../../common/microturn';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

const due = (turn: number, atMs: number, say: string): Partial<MicroTurnInput> => ({
  events: [{ atMs, kind: 'timer_due', payload: { id: 't0', label: say.toLowerCase(), say } } satisfies InputEvent],
});

describe('harness says a due timer at its moment', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('silent user: interjects in the micro-turn the timer falls due, announcing the timer and its due time', async () => {
    const steps = await runModel(model, audio.silence(3000), { extras: (turn) => (turn === 6 ? due(turn, 1230, 'Switch!') : {}) });
    expect(turnsWith(steps, 'interject').map((step) => [step.turn, step.output.utterance!.text, step.output.events])).toEqual([
      [6, 'Switch!', [{ kind: 'announce', payload: { timerId: 't0', dueAtMs: 1230 } }]],
    ]);
    // It plays from the end of that micro-turn: 0–200 ms late.
    expect((6 + 1) * MICRO_TURN_MS - 1230).toBe(170);
  });

  it('talking user: waits for a pause of pauseMs after their speech, well before the turn-ending silence timeout', async () => {
    const { pcm, spans } = concat(audio.silence(300), audio.speech('I was thinking we could push the planning session to Thursday.'), audio.silence(4000));
    const dueAtMs = spans[1].endMs - 1000;
    const dueTurn = Math.floor(dueAtMs / MICRO_TURN_MS);
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === dueTurn ? due(turn, dueAtMs, 'Breathe!') : {}) });
    const speechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const interjections = turnsWith(steps, 'interject');
    expect(interjections.map((step) => step.output.utterance!.text)).toEqual(['Breathe!']);
    expect(interjections[0].turn).toBe(firstTurnHearing(speechEndMs, HARNESS_CONFIG_DEFAULTS.timerDue.pauseMs));
    expect(interjections[0].turn).toBeLessThan(firstTurnHearing(speechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs));
    expect((interjections[0].turn + 1) * MICRO_TURN_MS - dueAtMs).toBeLessThanOrEqual(HARNESS_CONFIG_DEFAULTS.timerDue.maxLateMs);
  });

  it('talking user who does not pause: speaks when waiting longer would be more than 2 s late, and does not yield to that same speech', async () => {
    const { pcm, spans } = concat(
      audio.silence(300),
      audio.speech('So I was thinking we could push the planning session to Thursday because half the team is away this week and nobody can make it'),
      audio.silence(3000),
    );
    const dueAtMs = 1030;
    expect(spans[1].endMs - dueAtMs).toBeGreaterThan(4000);
    const steps = await runModel(model, pcm, { extras: (turn) => (turn === 5 ? due(turn, dueAtMs, 'Switch!') : {}) });
    const interjections = turnsWith(steps, 'interject');
    expect(interjections.map((step) => step.turn)).toEqual([14]);
    const playsAtMs = (14 + 1) * MICRO_TURN_MS;
    expect(playsAtMs - dueAtMs).toBeLessThanOrEqual(2000);
    expect(playsAtMs - dueAtMs + MICRO_TURN_MS).toBeGreaterThan(2000);
    // The user's ongoing speech does not cut it: no yield while "Switch!" plays.
    expect(steps.slice(15, 18).map((step) => step.output.action)).not.toContain('yield');
  });
});
