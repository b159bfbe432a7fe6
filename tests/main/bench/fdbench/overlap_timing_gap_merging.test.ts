// v1.5 stop and response latency (get_timing.py): user gaps ≤ 600 ms and model gaps ≤ 500 ms merged, overlaps and response gaps found exactly.

import { describe, expect, it } from 'vitest';
import { mergeSpans, overlapTimingSample, responseIntervals, stopIntervals } from '../../../../main/bench/fdbench/metrics';
import type { UserSpeechAnnotation } from '../../../../main/bench/fdbench/annotations';
import { speechOf, wordsText } from './speech.fixture';

const userSpeech = (...spans: Array<[number, number]>): UserSpeechAnnotation => spans.map((timestamp) => ({ text: '[SPEECH]', timestamp }));

describe('merging speech segments', () => {
  it('merges user segments exactly 600 ms apart and keeps 601 ms apart', () => {
    expect(mergeSpans([[0, 1000], [1600, 2000]], 600)).toEqual([[0, 2000]]);
    expect(mergeSpans([[0, 1000], [1601, 2000]], 600)).toEqual([[0, 1000], [1601, 2000]]);
  });

  it('merges model segments exactly 500 ms apart and keeps 501 ms apart', () => {
    expect(mergeSpans([[0, 1000], [1500, 2000]], 500)).toEqual([[0, 2000]]);
    expect(mergeSpans([[0, 1000], [1501, 2000]], 500)).toEqual([[0, 1000], [1501, 2000]]);
  });

  it('applies the gaps to annotation seconds and played speech (1.6 − 1.0 s is exactly 600 ms here)', () => {
    // User 0–1.0 s and 1.6–2.0 s → one segment 0–2000. Assistant "w1 w2" 3000–3600 and "w1" 4100–4400: 500 ms apart → one 3000–4400.
    const result = overlapTimingSample(userSpeech([0, 1.0], [1.6, 2.0]), speechOf([{ atMs: 3000, text: wordsText(2) }, { atMs: 4100, text: 'w1' }], 10_000), 10_000);
    expect(result.userSpans).toEqual([[0, 2000]]);
    expect(result.modelSpans).toEqual([[3000, 4400]]);
    expect(result.responseIntervals).toEqual([[2000, 3000]]);
    expect(result.stopIntervals).toEqual([]);
  });
});

describe('stop intervals (overlaps)', () => {
  it('finds every stretch where both speak', () => {
    // User 1000–3000; model 0–2000 and 2500–4000 → overlaps 1000–2000 (1000 ms) and 2500–3000 (500 ms).
    expect(stopIntervals([[1000, 3000]], [[0, 2000], [2500, 4000]])).toEqual([[1000, 2000], [2500, 3000]]);
  });

  it('finds none when the model starts exactly where the user ends', () => {
    expect(stopIntervals([[0, 1000]], [[1000, 2000]])).toEqual([]);
  });
});

describe('response intervals', () => {
  it('pairs each user end with the first model start strictly after it', () => {
    // User 1000–3000 and 5000–6000; model 0–2000, 3400–4000, 6500–7000 → 3000→3400 (400 ms), 6000→6500 (500 ms).
    expect(responseIntervals([[1000, 3000], [5000, 6000]], [[0, 2000], [3400, 4000], [6500, 7000]])).toEqual([[3000, 3400], [6000, 6500]]);
  });

  it('keeps the shortest gap when two user ends lead to the same model start', () => {
    // User ends 1000 and 2500, model starts 3000 → only 2500→3000.
    expect(responseIntervals([[0, 1000], [2000, 2500]], [[3000, 4000]])).toEqual([[2500, 3000]]);
  });

  it('has no interval for a model start that equals the user end (FD-bench requires strictly after)', () => {
    expect(responseIntervals([[0, 1000]], [[1000, 2000]])).toEqual([]);
  });

  it('has none for a model that never speaks', () => {
    const result = overlapTimingSample(userSpeech([0, 2.0]), speechOf([], 10_000), 10_000);
    expect(result).toMatchObject({ modelSpans: [], stopIntervals: [], responseIntervals: [] });
  });
});
