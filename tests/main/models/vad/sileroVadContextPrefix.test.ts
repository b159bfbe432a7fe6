// Silero VAD v5 needs the 64-sample context prefix: without it the probability lingers after speech ends.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILERO_CONTEXT_SAMPLES, SileroVad, type VadFrame } from '../../../../main/models/vad/sileroVad';
import { concat, SpeechAudio } from '../speechAudio.fixture';

describe('Silero VAD v5 context prefix', () => {
  const audio = new SpeechAudio();
  let withContext: SileroVad;
  let withoutContext: SileroVad;
  beforeAll(async () => {
    withContext = await SileroVad.load();
    withoutContext = await SileroVad.load({ contextSamples: 0 });
  });
  afterAll(async () => {
    await withContext.dispose();
    await withoutContext.dispose();
    audio.dispose();
  });

  /** How long after the true end of speech the probability stays at or above the 0.35 offset threshold. */
  function lingerMs(frames: VadFrame[], speechEndMs: number): number {
    const above = frames.filter((frame) => frame.endMs > speechEndMs && frame.probability >= 0.35);
    return above.length === 0 ? 0 : Math.max(...above.map((frame) => frame.endMs)) - speechEndMs;
  }

  it('is what the default stream uses', () => {
    expect(SILERO_CONTEXT_SAMPLES).toBe(64);
    expect(withContext.contextSamples).toBe(64);
  });

  it('ends speech within three frames with the prefix, and lingers much longer without it', async () => {
    const sentences: [string, string][] = [
      ['The quick brown fox jumps over the lazy dog.', 'en-us'],
      ['I was thinking, maybe we could go to the park later today.', 'en-us+f2'],
      ['Seven, fourteen, twenty one, and then forty two.', 'en-gb'],
    ];
    let lingerWith = 0;
    let lingerWithout = 0;
    for (const [text, voice] of sentences) {
      const { pcm, spans } = concat(audio.silence(1000), audio.speech(text, voice), audio.silence(1000));
      const framesWith = await withContext.createStream().process(pcm, 0);
      const framesWithout = await withoutContext.createStream().process(pcm, 0);
      // Three frames: the frame holding the last speech samples, plus at most two (measured: ≤ 64 ms past the frame edge).
      expect(lingerMs(framesWith, spans[1].endMs)).toBeLessThanOrEqual(96);
      lingerWith += lingerMs(framesWith, spans[1].endMs);
      lingerWithout += lingerMs(framesWithout, spans[1].endMs);
    }
    console.info(`probability ≥ 0.35 after speech ends, summed over 3 utterances: ${lingerWith} ms with the prefix, ${lingerWithout} ms without`);
    expect(lingerWithout).toBeGreaterThan(lingerWith + 3 * 64);
  });
});
