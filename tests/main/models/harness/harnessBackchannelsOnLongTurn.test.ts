// The harness backchannels in the pauses of a long user turn, at most once per interval and never over itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, heardUntilMs, runModel, turnsWith } from './harnessRun.fake';

describe('harness backchannels', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  let pcm: Float32Array;
  let spans: { startMs: number; endMs: number }[];
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
    // Three sentences (~4.0, ~3.6 and ~2.2 s) with 600 ms pauses: shorter than the 700 ms timeout.
    ({ pcm, spans } = concat(
      audio.silence(500),
      audio.speech('The weather was lovely this morning, so I went for a long walk by the river.'),
      audio.silence(600),
      audio.speech('I saw some ducks and a heron standing very still in the water.'),
      audio.silence(600),
      audio.speech('Then I came home and made some tea.'),
      audio.silence(1500),
    ));
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('says mm-hmm in the first pause after 3 s of floor, skips the next one (too soon), and takes the next', async () => {
    const { backchannel, turnTaking } = HARNESS_CONFIG_DEFAULTS;
    const steps = await runModel(model, pcm);
    const ended = eventsOf(steps, 'user_speech_ended');
    const endNear = (ms: number) => ended.find((event) => Math.abs(event.atMs - ms) <= 64)!.atMs;
    const firstPause = endNear(spans[1].endMs);
    const secondPause = endNear(spans[3].endMs);
    const lastPause = endNear(spans[5].endMs);

    const backchannels = turnsWith(steps, 'backchannel');
    const expectedFirst = firstTurnHearing(firstPause, backchannel.minPauseMs);
    const expectedLast = firstTurnHearing(lastPause, backchannel.minPauseMs);
    // The second pause comes less than minIntervalMs after the first backchannel.
    expect(heardUntilMs(firstTurnHearing(secondPause, backchannel.minPauseMs)) - heardUntilMs(expectedFirst)).toBeLessThan(backchannel.minIntervalMs);
    expect(backchannels.map((step) => step.turn)).toEqual([expectedFirst, expectedLast]);
    for (const step of backchannels) {
      expect(step.output.utterance).toEqual({ id: `u${step.turn}`, text: backchannel.text, kind: 'backchannel' });
      expect(step.input.assistant.speaking).toBe(false);
    }

    // The user goes on over the mm-hmm without it being cut, and the turn is answered once, at the end:
    // at the timeout, or as soon as an mm-hmm still playing then has finished (the baseline cannot know
    // a pause is the last one, so it may backchannel in it and then reply).
    expect(turnsWith(steps, 'yield')).toEqual([]);
    const timeoutTurn = firstTurnHearing(lastPause, turnTaking.silenceTimeoutMs);
    const firstFreeTurn = steps.findIndex((step) => step.turn >= timeoutTurn && !step.input.assistant.speaking);
    expect(turnsWith(steps, 'speak').map((step) => step.turn)).toEqual([firstFreeTurn]);
    expect(steps.slice(timeoutTurn, firstFreeTurn).every((step) => step.output.action === 'keep_speaking')).toBe(true);
  });

  it('stays silent in the same pauses when backchannels are off', async () => {
    const quiet = await HarnessModel.load({ backchannel: { enabled: false } });
    const steps = await runModel(quiet, pcm);
    expect(turnsWith(steps, 'backchannel')).toEqual([]);
    expect(turnsWith(steps, 'speak')).toHaveLength(1);
    await quiet.dispose();
  });

  it('does not backchannel a turn shorter than minUserFloorMs', async () => {
    const { pcm: short } = concat(audio.silence(500), audio.speech('Hi there.'), audio.silence(600), audio.speech('How are you?'), audio.silence(1500));
    const steps = await runModel(model, short);
    expect(turnsWith(steps, 'backchannel')).toEqual([]);
  });
});
