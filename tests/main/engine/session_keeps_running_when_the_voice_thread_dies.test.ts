// A voice thread that dies mid-utterance is an error event and a cut; the session keeps running and the next utterance restarts the thread.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Utterance } from '../../../common/microturn';
import type { Voice } from '../../../common/interaction';
import { EspeakVoice } from '../../../main/models/speech/espeakVoice';
import { kinds, makeTestSession } from './sessionHarness.fake';

let espeak: EspeakVoice;
beforeAll(async () => {
  espeak = await EspeakVoice.create();
});
afterAll(async () => {
  await espeak.dispose();
});

describe('a voice thread crash', () => {
  it('fails that utterance only; the next one is spoken by a new thread', async () => {
    // The first utterance's thread is killed as soon as it is asked to speak (what an out-of-memory crash does).
    const crashingOnce: Voice = {
      name: espeak.name,
      synthesize(utterance: Utterance) {
        const speech = espeak.synthesize(utterance);
        if (utterance.id === 'u2') espeak.kill();
        return speech;
      },
      dispose: () => espeak.dispose(),
    };
    const { session, events } = makeTestSession({
      turns: 40,
      script: { 2: { action: 'speak', text: 'This sentence will never be heard.' }, 10: { action: 'speak', text: 'But this one will.' } },
      extra: { voice: crashingOnce },
    });
    const stats = await session.run();

    expect(stats.turns).toBe(40);
    const voiceErrors = kinds(events, 'error').filter((e) => e.payload.where === 'voice');
    expect(voiceErrors).toHaveLength(1);
    expect(voiceErrors[0].payload).toMatchObject({ utteranceId: 'u2', message: expect.stringMatching(/espeak-ng thread (exited|failed)/) });
    const cuts = kinds(events, 'assistant_speech_cut');
    expect(cuts).toHaveLength(1);
    expect(cuts[0].payload).toMatchObject({ utteranceId: 'u2', reason: 'voice_failed', unspokenText: expect.stringContaining('heard') });
    const ended = kinds(events, 'assistant_speech_ended');
    expect(ended.map((e) => e.payload.utteranceId)).toEqual(['u10']);
    expect(ended[0].payload.durationMs).toBeGreaterThan(500);
    expect(espeak.thread.restarts).toBe(1);
    expect(kinds(events, 'session_stopped')).toHaveLength(1);
  });
});
