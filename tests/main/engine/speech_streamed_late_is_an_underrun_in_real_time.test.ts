// In real time a chunk whose audio is not synthesized yet is played as far as it exists, recorded as tts_underrun, and resumed next tick.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { NewTimelineEvent } from '../../../common/timeline';
import { AssistantVoiceOutput } from '../../../main/engine/assistantVoiceOutput';
import { HandDrivenVoice } from './streamedVoice.fake';

const UTTERANCE = { id: 'u0', text: 'one two three', kind: 'reply' as const };
const ramp = (from: number, length: number) => Float32Array.from({ length }, (_, i) => (from + i) / 100_000);

describe('streamed speech that is not ready in time', () => {
  it('plays what exists, records the underrun, continues where it stopped and records the duration when known', async () => {
    const voice = new HandDrivenVoice();
    const output = new AssistantVoiceOutput(voice, { waitForSynthesis: false, startGraceMs: 0, firstChunkGraceMs: 0 });
    const out = new Float32Array(SAMPLES_PER_TURN);
    const events: NewTimelineEvent[] = [];

    // Turn 0: the model speaks; only 1 000 samples (and the first word) are synthesized by then.
    const started = output.render({ action: 'speak', utterance: UTTERANCE, events: [] }, 0, out);
    const speech = voice.utterances[0];
    speech.append(ramp(0, 1000), [{ word: 'one', startMs: 0, endMs: 50 }]);
    events.push(...(await started));
    expect(out.subarray(0, 1000)).toEqual(ramp(0, 1000));
    expect(out.subarray(1000).every((v) => v === 0)).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['assistant_speech_started', 'tts_underrun']);
    // Started before synthesis finished: no duration yet, only the word that existed.
    expect(events[0].payload).toMatchObject({ durationMs: null, words: [{ word: 'one', startMs: 0, endMs: 50 }] });
    expect(events[1]).toMatchObject({ turn: 0, atMs: 200 + 1000 / 16, payload: { utteranceId: 'u0', offsetSamples: 1000, missingSamples: 2200 } });
    expect(output.underrunChunks).toBe(1);

    // Turn 1: the rest arrives; playback resumes at sample 1 000, nothing skipped.
    speech.append(ramp(1000, 5000), [{ word: 'two', startMs: 50, endMs: 200 }, { word: 'three', startMs: 200, endMs: 370 }]);
    speech.finish();
    const second = await output.render({ action: 'keep_speaking', events: [] }, 1, out);
    expect(second).toEqual([]);
    expect(out).toEqual(ramp(1000, SAMPLES_PER_TURN));

    // Turn 2: the last 1 800 samples, then the end with the duration and all the words.
    const third = await output.render({ action: 'keep_speaking', events: [] }, 2, out);
    expect(out.subarray(0, 1800)).toEqual(ramp(4200, 1800));
    expect(out.subarray(1800).every((v) => v === 0)).toBe(true);
    expect(third).toEqual([
      {
        turn: 2,
        atMs: 600 + 1800 / 16,
        source: 'assistant',
        kind: 'assistant_speech_ended',
        payload: { utteranceId: 'u0', text: 'one two three', durationMs: 375, words: speech.words },
      },
    ]);
    expect(output.playback().speaking).toBe(false);
  });

  it('on the virtual clock waits for the audio instead: no underrun, the full chunk', async () => {
    const voice = new HandDrivenVoice();
    const output = new AssistantVoiceOutput(voice, { waitForSynthesis: true });
    const out = new Float32Array(SAMPLES_PER_TURN);
    const rendered = output.render({ action: 'speak', utterance: UTTERANCE, events: [] }, 0, out);
    const speech = voice.utterances[0];
    let settled = false;
    void rendered.then(() => (settled = true));
    speech.append(ramp(0, 1000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    speech.append(ramp(1000, 5000), [{ word: 'one', startMs: 0, endMs: 375 }]);
    speech.finish();
    const events = await rendered;
    expect(events.map((e) => e.kind)).toEqual(['assistant_speech_started']);
    expect(events[0].payload).toMatchObject({ durationMs: 375 });
    expect(out).toEqual(ramp(0, SAMPLES_PER_TURN));
    expect(output.underrunChunks).toBe(0);
  });
});
