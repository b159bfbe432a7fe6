// Scoring helpers shared by the generated suites: what the assistant actually said (played words only), keyword matching, quantiles, honest metric values.

import type { MetricValue, SampleRun } from '../suite';
import { assistantSpeechFromTimeline } from '../assistantSpeech';
import { normalizedWords } from './spokenText';

/** An utterance as far as it was played: when it started and the words that finished playing. */
export interface PlayedUtterance {
  utteranceId: string;
  startMs: number;
  /** Played words, normalized (see `normalizedWords` in spokenText.ts). */
  words: string[];
  /** The played words as the timeline has them, for notes and debugging. */
  spokenText: string;
}

/**
 * Every utterance of the run that played at least one whole word, in time order. Only what reached
 * output.wav counts: a cut utterance contributes the words that finished before the cut (a word cut
 * mid-way is not said), an utterance still playing at the end of the input the words that ended by then.
 */
export function playedUtterances(run: SampleRun): PlayedUtterance[] {
  const input = run.summary.input as { durationMs?: unknown } | undefined;
  const durationMs = typeof input?.durationMs === 'number' ? input.durationMs : undefined;
  const speech = assistantSpeechFromTimeline(run.events, durationMs === undefined ? {} : { durationMs });
  return speech.segments
    .map((segment) => ({ utteranceId: segment.utteranceId, startMs: segment.startMs, words: normalizedWords(segment.spokenText), spokenText: segment.spokenText }))
    .filter((u) => u.words.length > 0);
}

/** True when every keyword is among the words (as whole words, in any order). */
export function containsKeywords(words: readonly string[], keywords: readonly string[]): boolean {
  const present = new Set(words);
  return keywords.length > 0 && keywords.every((k) => present.has(k));
}

/** Nearest-rank quantile: the smallest value with at least q·n values at or below it; null for no values. */
export function nearestRank(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function measured(value: number, n: number): MetricValue {
  return { value, n };
}

export function missing(missingReason: string, n = 0): MetricValue {
  return { value: null, n, missingReason };
}

/** `value / n` as a share, or missing with the reason when there is nothing to divide by. */
export function share(count: number, n: number, reasonIfEmpty: string): MetricValue {
  return n === 0 ? missing(reasonIfEmpty) : measured(count / n, n);
}

/** p50, p95 and max of a list under `${prefix}.p50` etc., each missing with `reasonIfEmpty` when the list is empty. */
export function quantileMetrics(prefix: string, values: readonly number[], reasonIfEmpty: string): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const [name, q] of [['p50', 0.5], ['p95', 0.95], ['max', 1]] as const) {
    const value = nearestRank(values, q);
    out[`${prefix}.${name}`] = value === null ? missing(reasonIfEmpty) : measured(value, values.length);
  }
  return out;
}

/** Rounds to 0.1 ms so reports do not show float noise. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
