// Silero VAD gives high probability on real speech and low probability on silence.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SileroVad, SILERO_FRAME_MS, type VadFrame } from '../../../../main/models/vad/sileroVad';
import { concat, SpeechAudio } from '../speechAudio.fixture';

describe('Silero VAD v5 on speech and silence', () => {
  const audio = new SpeechAudio();
  let vad: SileroVad;
  beforeAll(async () => {
    vad = await SileroVad.load();
  });
  afterAll(async () => {
    await vad.dispose();
    audio.dispose();
  });

  it('scores espeak-ng speech high and the silence around it low', async () => {
    const { pcm, spans } = concat(
      audio.silence(1500),
      audio.speech('Could you remind me to call my sister at six o clock this evening?'),
      audio.silence(1500),
    );
    const frames = await vad.createStream().process(pcm, 0);
    const speech = spans[1];
    const inside = (frame: VadFrame, from: number, to: number) => frame.endMs - SILERO_FRAME_MS >= from && frame.endMs <= to;
    const speechFrames = frames.filter((frame) => inside(frame, speech.startMs, speech.endMs));
    const silenceFrames = frames.filter((frame) => inside(frame, 0, speech.startMs) || inside(frame, speech.endMs + 100, Infinity));

    const mean = (list: VadFrame[]) => list.reduce((sum, frame) => sum + frame.probability, 0) / list.length;
    expect(speechFrames.length).toBeGreaterThan(50);
    expect(mean(speechFrames)).toBeGreaterThan(0.8);
    expect(speechFrames.filter((frame) => frame.probability >= 0.5).length / speechFrames.length).toBeGreaterThan(0.85);
    expect(silenceFrames.length).toBeGreaterThan(80);
    expect(Math.max(...silenceFrames.map((frame) => frame.probability))).toBeLessThan(0.1);
  });

  it('runs on the CPU with one thread and reports it', () => {
    expect(vad.provider).toBe('cpu');
    expect(vad.intraOpThreads).toBe(1);
    expect(vad.providersTried).toEqual([{ name: 'cpu', ok: true }]);
  });
});
