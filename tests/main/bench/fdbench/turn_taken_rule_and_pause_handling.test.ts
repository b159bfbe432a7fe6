// FD-bench's "took the turn" rule (≥ 1 s, or < 1 s with more than 3 words) and pause handling, which applies it to the whole output.

import { describe, expect, it } from 'vitest';
import { pauseHandlingSample, shareMetric, tookTurn } from '../../../../main/bench/fdbench/metrics';
import { speechOf, wordsText } from './speech.fixture';

const word = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('took the turn', () => {
  it('is false without words', () => {
    expect(tookTurn([])).toBe(false);
  });

  it('is true from a span of exactly 1 s, even for one word (span ≥ 1 s)', () => {
    expect(tookTurn([word(0, 1000)])).toBe(true);
  });

  it('is false just under 1 s with 1 to 3 words', () => {
    expect(tookTurn([word(0, 999)])).toBe(false);
    // 3 words spanning 0–999: 3 ≤ 3 → not a turn.
    expect(tookTurn([word(0, 300), word(300, 600), word(600, 999)])).toBe(false);
  });

  it('is true under 1 s with 4 words (more than 3)', () => {
    expect(tookTurn([word(0, 200), word(200, 400), word(400, 600), word(600, 800)])).toBe(true);
  });

  it('measures from the first word start to the last word end, gaps included', () => {
    // 2 words, 0–200 and 900–1000: span 1000 → a turn though only 300 ms were spoken.
    expect(tookTurn([word(0, 200), word(900, 1000)])).toBe(true);
  });
});

describe('pause handling takeover', () => {
  const DURATION_MS = 10_000;

  it('is 0 for a model that never speaks', () => {
    expect(pauseHandlingSample(speechOf([], DURATION_MS), DURATION_MS)).toEqual({ tookTurn: false, latencyMs: null, words: 0 });
  });

  it('is 1 for a model that speaks over everything', () => {
    // 30 words × 300 ms from 200 ms: 200–9200, span 9000 ms ≥ 1 s.
    expect(pauseHandlingSample(speechOf([{ atMs: 200, text: wordsText(30) }], DURATION_MS), DURATION_MS).tookTurn).toBe(true);
  });

  it('is 0 for one short backchannel during the pause', () => {
    // "mm-hmm" 3000–3300: span 300 ms, 1 word.
    expect(pauseHandlingSample(speechOf([{ atMs: 3000, text: 'mm-hmm', kind: 'backchannel' }], DURATION_MS), DURATION_MS).tookTurn).toBe(false);
  });

  it('is 1 for two short backchannels far apart: the whole output counts, as in eval_pause_handling.py', () => {
    // 1000–1300 and 5000–5300: first start to last end = 4300 ms ≥ 1 s.
    const speech = speechOf([
      { atMs: 1000, text: 'mm', kind: 'backchannel' },
      { atMs: 5000, text: 'yeah', kind: 'backchannel' },
    ], DURATION_MS);
    expect(pauseHandlingSample(speech, DURATION_MS).tookTurn).toBe(true);
  });

  it('ignores speech that lies past the end of the sample', () => {
    // 4 words at 9500: w1 9500–9800 fits; w2 ends 10 100 > 10 000 → only 1 word, 300 ms.
    expect(pauseHandlingSample(speechOf([{ atMs: 9500, text: wordsText(4) }], 20_000), DURATION_MS).tookTurn).toBe(false);
  });

  it('aggregates as the share of samples, null when there are no samples', () => {
    expect(shareMetric([true, false, false, true], 'no samples')).toEqual({ value: 0.5, n: 4 });
    expect(shareMetric([], 'no pause-handling samples')).toEqual({ value: null, n: 0, missingReason: 'no pause-handling samples' });
  });
});
