// A timed request heard by speech recognition is handled when the user's turn ends, timed from the end of their words, and not sent to the background model.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicroTurnInput, RecognizedWord } from '../../../../common/microturn';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { eventsOf, firstTurnHearing, runModel } from './harnessRun.fake';

describe('harness spoken timed requests', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('schedules "remind me in five seconds to check the oven" five seconds after the user stopped speaking', async () => {
    const { pcm, spans } = concat(audio.silence(400), audio.speech('remind me in five seconds to check the oven'), audio.silence(3000));
    const spoken = 'remind me in five seconds to check the oven'.split(' ');
    const stepMs = (spans[1].endMs - spans[1].startMs) / spoken.length;
    const words: RecognizedWord[] = spoken.map((word, i) => ({
      word,
      startMs: Math.round(spans[1].startMs + i * stepMs),
      endMs: Math.round(spans[1].startMs + (i + 1) * stepMs),
      segmentId: 's1',
      final: true,
    }));
    const wordsTurn = Math.floor(spans[1].endMs / 200) + 1;
    const steps = await runModel(model, pcm, { extras: (turn): Partial<MicroTurnInput> => (turn === wordsTurn ? { words } : {}) });
    const speechEndMs = eventsOf(steps, 'user_speech_ended').at(-1)!.atMs;
    const turnEnd = firstTurnHearing(speechEndMs, HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs);
    const requests = steps.flatMap((step) => step.output.events.filter((e) => e.kind !== 'user_speech_started' && e.kind !== 'user_speech_ended').map((e) => [step.turn, e]));
    expect(requests).toEqual([
      [turnEnd, { kind: 'schedule_timer', payload: { dueAtMs: speechEndMs + 5000, label: 'check the oven', say: 'Time to check the oven.', request: spoken.join(' ') } }],
    ]);
    expect(steps.filter((step) => step.output.action === 'speak').map((step) => [step.turn, step.output.utterance!.text])).toEqual([[turnEnd, 'Okay, in 5 seconds.']]);
  });
});
