// Greedy decoding with the merged decoder's KV cache chooses exactly the tokens that re-reading the whole sequence chooses, and they spell the known transcript.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MoonshineRecognizer } from '../../../../main/models/asr/moonshineRecognizer';
import { TEST_SCRIPT_IDS, TEST_TEXT, writeTestModel } from './asrModel.fixture';

let dir: string;
let recognizer: MoonshineRecognizer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-asr-'));
  recognizer = await MoonshineRecognizer.load({ name: 'test-moonshine', files: writeTestModel(dir) as never });
});
afterAll(async () => {
  await recognizer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A little noise, so the encoder sees audio rather than zeros. */
function audio(ms: number): Float32Array {
  const samples = new Float32Array((ms * 16_000) / 1000);
  for (let i = 0; i < samples.length; i++) samples[i] = 0.1 * Math.sin(i / 7);
  return samples;
}

describe('Moonshine greedy decoding', () => {
  it('gives the same tokens with and without the cache, for every length', async () => {
    for (const ms of [200, 600, 1000, 1400, 2000, 3000]) {
      const cached = await recognizer.decode(audio(ms), { useCache: true });
      const uncached = await recognizer.decode(audio(ms), { useCache: false });
      // The test model spells one script token per whole 200 ms of audio, then ends the text.
      expect(cached.tokens, `${ms} ms`).toEqual(TEST_SCRIPT_IDS.slice(0, Math.min(ms / 200, TEST_SCRIPT_IDS.length)));
      expect(uncached.tokens).toEqual(cached.tokens);
      expect(uncached.probabilities).toEqual(cached.probabilities);
    }
  });

  it('stops at the token budget of the audio length even if the decoder never ends the text', async () => {
    // 2.4 s of audio at 6.5 tokens per second: at most 16 tokens; the script has 11, so the end token comes first.
    expect((await recognizer.decode(audio(2400), { useCache: true })).tokens).toHaveLength(11);
    const budgeted = await MoonshineRecognizer.load({ name: 'test-moonshine', files: writeTestModel(join(dir, 'b')) as never, maxTokensPerSecond: 2 });
    try {
      expect((await budgeted.decode(audio(2000), { useCache: true })).tokens).toEqual(TEST_SCRIPT_IDS.slice(0, 4));
    } finally {
      await budgeted.dispose();
    }
  });

  it('transcribes to text and words spread over the audio by their length', async () => {
    const transcript = await recognizer.transcribe(audio(3000));
    expect(transcript.text).toBe(TEST_TEXT);
    expect(transcript.tokenCount).toBe(11);
    // 7 words, 29 letters + 7 gaps = 36 shares of 3 000 ms.
    expect(transcript.words.map((w) => [w.word, w.startMs, w.endMs])).toEqual([
      ['hello', 0, 416.7],
      ['world', 500, 916.7],
      ['how', 1000, 1250],
      ['are', 1333.3, 1583.3],
      ['you?', 1666.7, 2000],
      ['café', 2083.3, 2416.7],
      ['today', 2500, 2916.7],
    ]);
    expect(transcript.words.every((w) => w.confidence !== undefined && w.confidence > 0.99)).toBe(true);
  });

  it('pads audio shorter than 200 ms instead of failing in the encoder', async () => {
    expect((await recognizer.transcribe(audio(50))).text).toBe('hello');
  });
});
