// Streaming the VAD over 3 200-sample chunks gives exactly the frames of one contiguous pass.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../../common/microturn';
import { SileroVad, type VadFrame } from '../../../../main/models/vad/sileroVad';
import { concat, SpeechAudio } from '../speechAudio.fixture';

describe('Silero VAD streaming', () => {
  const audio = new SpeechAudio();
  let vad: SileroVad;
  let pcm: Float32Array;
  beforeAll(async () => {
    vad = await SileroVad.load();
    pcm = concat(audio.silence(300), audio.speech('I was thinking we could go to the park later today.'), audio.silence(700)).pcm;
  });
  afterAll(async () => {
    await vad.dispose();
    audio.dispose();
  });

  async function chunked(chunkSamples: number): Promise<{ frames: VadFrame[]; perChunk: number[] }> {
    const stream = vad.createStream();
    const frames: VadFrame[] = [];
    const perChunk: number[] = [];
    for (let start = 0; start < pcm.length; start += chunkSamples) {
      const got = await stream.process(pcm.subarray(start, start + chunkSamples), (start * 1000) / 16_000);
      perChunk.push(got.length);
      frames.push(...got);
    }
    return { frames, perChunk };
  }

  it('carries the remainder across 3 200-sample chunks and dates each frame by where it ends', async () => {
    const whole = await vad.createStream().process(pcm, 0);
    const { frames, perChunk } = await chunked(SAMPLES_PER_TURN);
    expect(frames).toEqual(whole);
    expect(whole.length).toBe(Math.floor(pcm.length / 512));
    expect(whole.map((frame) => frame.endMs)).toEqual(whole.map((_, index) => (index + 1) * 32));
    // 3 200 = 6 × 512 + 128: most chunks complete 6 frames, every fourth one 7.
    expect(perChunk.slice(0, 8)).toEqual([6, 6, 6, 7, 6, 6, 6, 7]);
  });

  it('gives the same frames for odd chunk sizes too', async () => {
    const whole = await vad.createStream().process(pcm, 0);
    expect((await chunked(1000)).frames).toEqual(whole);
    expect((await chunked(511)).frames).toEqual(whole);
  });

  it('starts over after reset()', async () => {
    const stream = vad.createStream();
    await stream.process(pcm.subarray(0, 5000), 0);
    expect(stream.pendingSamples).toBe(5000 % 512);
    stream.reset();
    expect(stream.pendingSamples).toBe(0);
    expect(await stream.process(pcm, 0)).toEqual(await vad.createStream().process(pcm, 0));
  });
});
