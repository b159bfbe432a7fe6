// Smooth turn-taking and user interruption: takeover and latency, measured from the annotated end (turn end, interruption end) and clipped at 0.

import { describe, expect, it } from 'vitest';
import { meanMetric, smoothTurnTakingSample, userInterruptionSample } from '../../../../main/bench/fdbench/metrics';
import type { InterruptAnnotation, TurnTakingAnnotation } from '../../../../main/bench/fdbench/annotations';
import { speechOf, wordsText } from './speech.fixture';

const DURATION_MS = 12_000;
// The real Candor sample 1 annotation: the latency reference is timestamp[0] = 5.63 s (5630 ms).
const turn: TurnTakingAnnotation = [{ text: '[TURN-TAKING]', timestamp: [5.629999999999882, 5.899999999999864] }];
const interrupt: InterruptAnnotation = [{ context: 'tell me a long story', interrupt: 'wait, make it short', timestamp: [4.0, 5.5] }];

describe('smooth turn-taking', () => {
  it('measures latency from turn_taking.json timestamp[0] to the first word', () => {
    // 4 words from 6000 ms → took the turn; latency 6000 − 5630 = 370 ms.
    expect(smoothTurnTakingSample(turn, speechOf([{ atMs: 6000, text: wordsText(4) }], DURATION_MS), DURATION_MS)).toEqual({ tookTurn: true, latencyMs: 370, words: 4, latencyAfterTurnEndMs: 370 });
  });

  it('clips a first word before the turn end to latency 0', () => {
    // 4 words from 5000 ms: 5000 − 5630 = −630 → 0.
    expect(smoothTurnTakingSample(turn, speechOf([{ atMs: 5000, text: wordsText(4) }], DURATION_MS), DURATION_MS).latencyMs).toBe(0);
  });

  it('has no latency when the output did not take the turn', () => {
    // "yes" 5800–6100: 300 ms, 1 word → no turn.
    expect(smoothTurnTakingSample(turn, speechOf([{ atMs: 5800, text: 'yes' }], DURATION_MS), DURATION_MS)).toEqual({ tookTurn: false, latencyMs: null, words: 1, latencyAfterTurnEndMs: null });
  });

  it('gives TOR 0 and a missing latency for a model that never speaks', () => {
    const result = smoothTurnTakingSample(turn, speechOf([], DURATION_MS), DURATION_MS);
    expect(result).toEqual({ tookTurn: false, latencyMs: null, words: 0, latencyAfterTurnEndMs: null });
    expect(meanMetric([result.latencyMs], 'no sample had the turn taken')).toEqual({ value: null, n: 0, missingReason: 'no sample had the turn taken' });
  });

  it('lets an early backchannel make FD-bench\'s latency 0, but not the latency after the turn end', () => {
    // "mm" 2000–2300 during the user's turn, then 4 words 7000–8200. Whole output spans 6200 ms → turn;
    // FD-bench latency = 2000 − 5630 < 0 → 0. After the turn end (5630): 4 words from 7000 → 7000 − 5630 = 1370.
    const speech = speechOf([{ atMs: 2000, text: 'mm', kind: 'backchannel' }, { atMs: 7000, text: wordsText(4) }], DURATION_MS);
    expect(smoothTurnTakingSample(turn, speech, DURATION_MS)).toEqual({ tookTurn: true, latencyMs: 0, words: 5, latencyAfterTurnEndMs: 1370 });
  });

  it('averages latency over the samples that took the turn only', () => {
    // Samples: 370 ms, no turn, 0 ms (clipped) → (370 + 0) / 2 = 185 over n = 2.
    const latencies = [
      smoothTurnTakingSample(turn, speechOf([{ atMs: 6000, text: wordsText(4) }], DURATION_MS), DURATION_MS).latencyMs,
      smoothTurnTakingSample(turn, speechOf([{ atMs: 5800, text: 'yes' }], DURATION_MS), DURATION_MS).latencyMs,
      smoothTurnTakingSample(turn, speechOf([{ atMs: 5000, text: wordsText(4) }], DURATION_MS), DURATION_MS).latencyMs,
    ];
    expect(meanMetric(latencies, 'none')).toEqual({ value: 185, n: 2 });
  });
});

describe('user interruption', () => {
  it('counts only words after the interruption ends (timestamp[1] = 5500 ms) and measures latency from there', () => {
    // Reply 3000–4800 cut before the interruption ends: not counted. New reply "w1…w4" 6000–7200: turn, latency 500.
    const speech = speechOf([
      { atMs: 3000, text: wordsText(6), cutAfterMs: 1800 },
      { atMs: 6000, text: wordsText(4) },
    ], DURATION_MS);
    expect(userInterruptionSample(interrupt, speech, DURATION_MS)).toEqual({ tookTurn: true, latencyMs: 500, words: 4 });
  });

  it('counts a word playing across the interruption end from that point (the crop starts inside it)', () => {
    // Words 4700–5000, 5000–5300, 5300–5600, 5600–5900, 5900–6200: after the crop at 5500 →
    // [5500, 5600], [5600, 5900], [5900, 6200]: 3 words over 700 ms → not a turn.
    const three = userInterruptionSample(interrupt, speechOf([{ atMs: 4700, text: wordsText(5) }], DURATION_MS), DURATION_MS);
    expect(three).toEqual({ tookTurn: false, latencyMs: null, words: 3 });
    // One more word (6200–6500): 4 words → a turn, latency 5500 − 5500 = 0.
    const four = userInterruptionSample(interrupt, speechOf([{ atMs: 4700, text: wordsText(6) }], DURATION_MS), DURATION_MS);
    expect(four).toEqual({ tookTurn: true, latencyMs: 0, words: 4 });
  });

  it('does not count a word that ends exactly at the interruption end', () => {
    // w1 5200–5500 ends at the crop → not in the cropped audio; w2 5500–5800 → 1 word, no turn.
    expect(userInterruptionSample(interrupt, speechOf([{ atMs: 5200, text: wordsText(2) }], DURATION_MS), DURATION_MS).words).toBe(1);
  });

  it('scores a model that talks straight through as TOR 1, latency 0 (as FD-bench v1 does)', () => {
    expect(userInterruptionSample(interrupt, speechOf([{ atMs: 200, text: wordsText(38) }], DURATION_MS), DURATION_MS)).toMatchObject({ tookTurn: true, latencyMs: 0 });
  });

  it('gives TOR 0 and no latency for a model that never speaks', () => {
    expect(userInterruptionSample(interrupt, speechOf([], DURATION_MS), DURATION_MS)).toEqual({ tookTurn: false, latencyMs: null, words: 0 });
  });
});
