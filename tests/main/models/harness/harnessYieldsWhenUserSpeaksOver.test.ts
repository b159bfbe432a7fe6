// The harness yields when the user speaks over it for bargeIn.minUserSpeechMs, and not for a short "yeah".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel, turnsWith } from './harnessRun.fake';

describe('harness barge-in', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('yields in the micro-turn where the user has spoken over it long enough, then answers the new turn', async () => {
    // The reply starts ~0.8 s after the question ends and lasts ~3.3 s; the user cuts in ~1 s into it.
    const { pcm, spans } = concat(
      audio.silence(500),
      audio.speech('Can you help me plan a trip to the mountains?'),
      audio.silence(1800),
      audio.speech('Actually, wait, I meant the beach, not the mountains.'),
      audio.silence(2000),
    );
    const steps = await runModel(model, pcm);
    const [firstSpeak, secondSpeak, ...more] = turnsWith(steps, 'speak');
    expect(more).toEqual([]);
    expect(firstSpeak.turn * 200).toBeLessThan(spans[3].startMs);

    const cutIn = eventsOf(steps, 'user_speech_started').find((event) => event.turn > firstSpeak.turn)!;
    expect(Math.abs(cutIn.atMs - spans[3].startMs)).toBeLessThanOrEqual(64);
    expect(steps[cutIn.turn].input.assistant.speaking).toBe(true);

    const expectedYield = firstTurnHearing(cutIn.atMs, HARNESS_CONFIG_DEFAULTS.bargeIn.minUserSpeechMs);
    const yields = turnsWith(steps, 'yield');
    expect(yields.map((step) => step.turn)).toEqual([expectedYield]);
    expect(yields[0].input.assistant.speaking).toBe(true);
    expect(yields[0].output.utterance).toEqual(firstSpeak.output.utterance);
    expect(steps.slice(firstSpeak.turn + 1, expectedYield).every((step) => step.output.action === 'keep_speaking')).toBe(true);

    // The cut-in is a turn of its own: answered after it ends, like any other.
    const lastSpeechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    expect(secondSpeak.turn).toBe(firstTurnHearing(lastSpeechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs));
    expect(secondSpeak.output.utterance).toEqual({ id: `u${secondSpeak.turn}`, text: HARNESS_CONFIG_DEFAULTS.reply.text, kind: 'reply' });
  });

  it('keeps speaking over a short "yeah" and does not answer it', async () => {
    const { pcm, spans } = concat(
      audio.silence(500),
      audio.speech('Can you help me plan a trip to the mountains?'),
      audio.silence(1800),
      audio.speech('yeah'),
      audio.silence(3000),
    );
    expect(spans[3].endMs - spans[3].startMs).toBeLessThan(HARNESS_CONFIG_DEFAULTS.bargeIn.minUserSpeechMs);
    const steps = await runModel(model, pcm);
    const speaks = turnsWith(steps, 'speak');
    expect(speaks).toHaveLength(1);
    const overlap = eventsOf(steps, 'user_speech_started').find((event) => event.turn > speaks[0].turn);
    expect(overlap).toBeDefined();
    expect(steps[overlap!.turn].input.assistant.speaking).toBe(true);
    expect(turnsWith(steps, 'yield')).toEqual([]);
  });
});
