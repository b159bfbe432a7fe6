// The harness does not take the turn during a mid-sentence pause shorter than the silence timeout.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

describe('harness during a mid-sentence pause', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  let pcm: Float32Array;
  let spans: { startMs: number; endMs: number }[];
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
    ({ pcm, spans } = concat(
      audio.silence(500),
      audio.speech('I was thinking that maybe we could'),
      audio.silence(500),
      audio.speech('go to the park later today.'),
      audio.silence(1500),
    ));
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('hears the pause but waits for the end of the sentence', async () => {
    const steps = await runModel(model, pcm);
    const ended = eventsOf(steps, 'user_speech_ended');
    // The VAD did see the pause: a speech segment ended near the start of it.
    const pauseEnd = ended.find((event) => Math.abs(event.atMs - spans[1].endMs) <= 64);
    expect(pauseEnd).toBeDefined();
    const resumed = eventsOf(steps, 'user_speech_started').find((event) => event.atMs > pauseEnd!.atMs)!;
    expect(resumed.atMs - pauseEnd!.atMs).toBeLessThan(HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs);

    const lastSpeechEndMs = ended.at(-1)!.atMs;
    expect(Math.abs(lastSpeechEndMs - spans[3].endMs)).toBeLessThanOrEqual(64);
    const expectedTurn = firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs);
    expect(turnsWith(steps, 'speak').map((step) => step.turn)).toEqual([expectedTurn]);
    // Until then it only listens (a backchannel may fit into the final pause: the user held the floor > 3 s).
    const before = new Set(steps.slice(0, expectedTurn).map((step) => step.output.action));
    expect([...before].every((action) => ['listen', 'backchannel', 'keep_speaking'].includes(action))).toBe(true);
  });

  it('takes the turn inside the same pause when the timeout is shorter than it', async () => {
    const eager = await HarnessModel.load({ turnTaking: { silenceTimeoutMs: 300 }, backchannel: { minPauseMs: 200 } });
    const steps = await runModel(eager, pcm);
    const speaks = turnsWith(steps, 'speak');
    expect(speaks.length).toBeGreaterThanOrEqual(1);
    expect(speaks[0].input.atMs).toBeGreaterThan(spans[1].endMs);
    expect(speaks[0].input.atMs).toBeLessThan(spans[2].endMs);
    await eager.dispose();
  });
});
