// espeak-ng's word events become the utterance's word timings: in text order, monotonic, inside the 16 kHz audio and covering its speech.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspeakVoice } from '../../../../main/models/speech/espeakVoice';

let voice: EspeakVoice;
beforeAll(async () => {
  voice = await EspeakVoice.create({ voice: 'en-us', rate: 175, pitch: 50 });
});
afterAll(async () => {
  await voice.dispose();
});

async function synthesized(text: string, id = 'u') {
  const speech = voice.synthesize({ id, text, kind: 'reply' });
  await speech.whenAvailable(Number.POSITIVE_INFINITY);
  return speech;
}

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((s, v) => s + v * v, 0) / Math.max(1, samples.length));
}

describe('espeak-ng word timings', () => {
  it('names every word of the text in order, without punctuation', async () => {
    const speech = await synthesized('Hello there, this is a test. It has two sentences.');
    expect(speech.words.map((w) => w.word)).toEqual(['Hello', 'there', 'this', 'is', 'a', 'test', 'It', 'has', 'two', 'sentences']);
  });

  it('gives monotonic, non-overlapping spans inside the audio that cover its speech', async () => {
    const speech = await synthesized('Your meeting starts in ten minutes, so I would leave now. Shall I remind you again?');
    const words = speech.words;
    const durationMs = speech.durationMs!;
    for (const [i, w] of words.entries()) {
      expect(w.endMs).toBeGreaterThan(w.startMs);
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(words[i - 1].endMs);
    }
    expect(words[0].startMs).toBeLessThan(50);
    expect(words.at(-1)!.endMs).toBeLessThanOrEqual(durationMs);
    expect(durationMs - words.at(-1)!.endMs).toBeLessThan(250);
    // Inside each word there is sound; in the pause at the sentence end (after "now") there is far less.
    const audio = new Float32Array(speech.availableSamples);
    speech.read(0, audio);
    const at = (ms: number) => Math.round(ms * 16);
    for (const w of words) expect(rms(audio.subarray(at(w.startMs), at(w.endMs)))).toBeGreaterThan(0.01);
    const now = words.findIndex((w) => w.word === 'now');
    const pause = audio.subarray(at(words[now].endMs), at(words[now + 1].startMs));
    expect(pause.length).toBeGreaterThan(1600);
    expect(rms(pause)).toBeLessThan(rms(audio.subarray(at(words[now].startMs), at(words[now].endMs))) / 4);
  });

  it('gives the same samples and timings for the same text, whatever the thread timing', async () => {
    const a = await synthesized('Determinism matters on the virtual clock.', 'a');
    const b = await synthesized('Determinism matters on the virtual clock.', 'b');
    const audioA = new Float32Array(a.availableSamples);
    const audioB = new Float32Array(b.availableSamples);
    a.read(0, audioA);
    b.read(0, audioB);
    expect(audioB).toEqual(audioA);
    expect(b.words).toEqual(a.words);
  });

  it('speaks faster with a higher rate', async () => {
    const fast = await EspeakVoice.create({ rate: 300 });
    try {
      const speech = fast.synthesize({ id: 'f', text: 'Your meeting starts in ten minutes.', kind: 'reply' });
      await speech.whenAvailable(Number.POSITIVE_INFINITY);
      const normal = await synthesized('Your meeting starts in ten minutes.');
      expect(speech.durationMs!).toBeLessThan(normal.durationMs! * 0.75);
      expect(fast.name).toBe('espeak-ng:en-us');
    } finally {
      await fast.dispose();
    }
  });
});
