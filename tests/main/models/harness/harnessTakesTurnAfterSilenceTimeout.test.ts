// The harness takes the turn in the exact micro-turn where the user's silence reaches the timeout.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

describe('harness turn-taking after the silence timeout', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('speaks the placeholder reply once the user has been silent for silenceTimeoutMs', async () => {
    const { pcm, spans } = concat(audio.silence(500), audio.speech('Can you help me plan a trip to the mountains?'), audio.silence(2000));
    const steps = await runModel(model, pcm);

    const started = eventsOf(steps, 'user_speech_started');
    const ended = eventsOf(steps, 'user_speech_ended');
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(ended.length).toBe(started.length);
    // Events are dated at frame precision near the true speech edges.
    expect(Math.abs(started[0].atMs - spans[1].startMs)).toBeLessThanOrEqual(64);
    expect(Math.abs(ended.at(-1)!.atMs - spans[1].endMs)).toBeLessThanOrEqual(64);
    expect(started[0].atMs % 32).toBe(0);

    const lastSpeechEndMs = ended.at(-1)!.atMs;
    const expectedTurn = firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs);
    const speaks = turnsWith(steps, 'speak');
    expect(speaks.map((step) => step.turn)).toEqual([expectedTurn]);
    expect(speaks[0].output.utterance).toEqual({ id: `u${expectedTurn}`, text: HARNESS_CONFIG_DEFAULTS.reply.text, kind: 'reply' });

    // Before it: only listening; after it: speaking until the placeholder reply has played.
    expect(steps.slice(0, expectedTurn).every((step) => step.output.action === 'listen')).toBe(true);
    const after = steps.slice(expectedTurn + 1);
    const speaking = after.filter((step) => step.input.assistant.speaking);
    expect(speaking.length).toBeGreaterThan(5);
    expect(speaking.every((step) => step.output.action === 'keep_speaking' && step.output.utterance?.id === `u${expectedTurn}`)).toBe(true);
    expect(after.filter((step) => !step.input.assistant.speaking).every((step) => step.output.action === 'listen')).toBe(true);
  });

  it('reports VAD scores every micro-turn', async () => {
    const { pcm } = concat(audio.silence(400), audio.speech('Hello there.'), audio.silence(400));
    const steps = await runModel(model, pcm);
    for (const step of steps) {
      expect(step.output.scores!.vadMax).toBeGreaterThanOrEqual(step.output.scores!.vadMean);
      expect(step.output.scores!.vadMean).toBeGreaterThanOrEqual(0);
    }
    expect(Math.max(...steps.map((step) => step.output.scores!.vadMax))).toBeGreaterThan(0.9);
    expect(steps[0].output.scores!.vadMax).toBeLessThan(0.1);
  });

  it('does not answer a user turn shorter than minUserTurnMs', async () => {
    const config = { ...HARNESS_CONFIG_DEFAULTS, turnTaking: { ...HARNESS_CONFIG_DEFAULTS.turnTaking, minUserTurnMs: 5000 } };
    const strict = await HarnessModel.load(config);
    const { pcm } = concat(audio.silence(500), audio.speech('Can you help me?'), audio.silence(2000));
    const steps = await runModel(strict, pcm);
    expect(eventsOf(steps, 'user_speech_ended').length).toBeGreaterThan(0);
    expect(steps.every((step) => step.output.action === 'listen')).toBe(true);
    await strict.dispose();
  });
});
