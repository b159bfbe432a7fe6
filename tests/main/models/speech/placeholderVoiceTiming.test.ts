// The placeholder voice is a labelled soft tone lasting as long as the words would, and can be cut at any sample.

import { describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import { SAMPLES_PER_TURN } from '../../../../common/microturn';
import { PlaceholderVoice } from '../../../../main/models/speech/placeholderVoice';

const utterance = { id: 'u7', text: 'Hello there, how are you? Fine.', kind: 'reply' as const };

describe('placeholder voice', () => {
  const voice = new PlaceholderVoice();

  it('says it is a placeholder tone', () => {
    const speech = voice.synthesize(utterance);
    expect(voice.name).toBe('placeholder-tone');
    expect(speech.voice).toBe('placeholder-tone');
    expect(speech.placeholder).toBe(true);
    expect(speech.utterance).toBe(utterance);
  });

  it('lasts 375 ms a word at 160 words/min plus pauses at punctuation, with uniform word timings', () => {
    const speech = voice.synthesize(utterance);
    // 6 words × 375 ms + 150 ms after "there," + 300 ms after "you?" (none after the last word).
    expect(speech.durationMs).toBe(6 * 375 + 150 + 300);
    expect(speech.words.map((word) => word.word)).toEqual(['Hello', 'there,', 'how', 'are', 'you?', 'Fine.']);
    expect(speech.words.map((word) => word.startMs)).toEqual([0, 375, 900, 1275, 1650, 2325]);
    expect(speech.words.every((word) => word.endMs - word.startMs === 375)).toBe(true);
    expect(new PlaceholderVoice({ wordsPerMinute: 120 }).synthesize({ ...utterance, text: 'one two' }).durationMs).toBe(1000);
  });

  it('reads the same samples whatever the chunking, and says where it ends', () => {
    const speech = voice.synthesize(utterance);
    const total = (speech.durationMs! * 16_000) / 1000;
    const whole = new Float32Array(total + 100).fill(9);
    expect(speech.read(0, whole)).toBe(total);
    expect(Array.from(whole.subarray(total))).toEqual(new Array(100).fill(0));

    const chunked = new Float32Array(total);
    const chunk = new Float32Array(SAMPLES_PER_TURN);
    for (let offset = 0; offset < total; offset += SAMPLES_PER_TURN) {
      const written = speech.read(offset, chunk);
      expect(written).toBe(Math.min(SAMPLES_PER_TURN, total - offset));
      chunked.set(chunk.subarray(0, written), offset);
    }
    expect(chunked).toEqual(whole.subarray(0, total));

    const odd = new Float32Array(777);
    speech.read(12_345, odd);
    expect(odd).toEqual(whole.subarray(12_345, 12_345 + 777));
    expect(speech.read(total, odd)).toBe(0);
  });

  it('is a soft tone at about -26 dBFS, silent between sentences and at the edges', () => {
    const speech = voice.synthesize(utterance);
    const samples = new Float32Array((speech.durationMs! * 16_000) / 1000);
    speech.read(0, samples);
    const peak = samples.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    expect(peak).toBeLessThanOrEqual(10 ** (-26 / 20));
    expect(peak).toBeGreaterThan(10 ** (-30 / 20));
    expect(samples[0]).toBe(0);
    expect(Math.abs(samples.at(-1)!)).toBeLessThan(1e-3);
    // The pause after "you?" (2025–2325 ms) is silent.
    expect(samples.subarray(2030 * 16, 2320 * 16).every((value) => value === 0)).toBe(true);
    // Amplitude modulation: the 100 ms around a syllable's middle is louder than the 20 ms at its trough.
    const rms = (from: number, to: number) => Math.sqrt(samples.subarray(from * 16, to * 16).reduce((sum, v) => sum + v * v, 0) / ((to - from) * 16));
    expect(rms(75, 175)).toBeGreaterThan(4 * rms(240, 260));
  });

  it('has no words and no samples for empty text', () => {
    const speech = voice.synthesize({ ...utterance, text: '  ' });
    expect(speech.durationMs).toBe(0);
    expect(speech.words).toEqual([]);
    expect(speech.read(0, new Float32Array(10))).toBe(0);
  });

  it('rejects a bad option, naming it', () => {
    expect(() => new PlaceholderVoice({ wordsPerMinute: -5 })).toThrow(TandemError);
    expect(() => new PlaceholderVoice({ wordsPerMinute: -5 })).toThrow(/wordsPerMinute/);
  });
});
