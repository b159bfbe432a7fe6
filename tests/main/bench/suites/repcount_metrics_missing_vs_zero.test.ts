// repcount's metrics: OBO and MAE by hand, a missing `reps` is missing (not 0), a reported 0 is scored, and announcement delays are matched to repetition ends.

import { describe, expect, it } from 'vitest';
import { repcountSuite } from '../../../../main/bench/suites/repcount';
import { fakeRun, fakeSample } from './sampleRun.fake';

const ends = (count: number, stepMs: number) => Array.from({ length: count }, (_, i) => (i + 1) * stepMs);
const samples = [
  fakeSample('r10', 'repcount', { count: 10, repEndMs: ends(10, 1000) }),
  fakeSample('r5', 'repcount', { count: 5, repEndMs: ends(5, 2000) }),
  fakeSample('r3', 'repcount', { count: 3, repEndMs: ends(3, 3000) }),
];
type Events = Array<{ atMs: number; payload: Record<string, unknown> }>;
const runs = (reps: Array<number | undefined>, events: Events[] = [[], [], []]) =>
  samples.map((sample, i) => fakeRun(sample, { durationMs: 12_000, summary: reps[i] === undefined ? {} : { reps: reps[i] }, modelEvents: events[i] }));
const announce = (count: number, atMs: number) => ({ atMs, payload: { event: 'announce', count } });

describe('repcount metrics', () => {
  it('a model whose summary has no reps gets no OBO/MAE (missing with the reason), and no announcement metrics', () => {
    const result = repcountSuite.score(runs([undefined, undefined, undefined]));
    for (const key of ['repcount.obo', 'repcount.mae']) {
      expect(result.metrics[key]).toEqual({ value: null, n: 0, missingReason: 'the model reports no repetition count' });
    }
    for (const key of ['repcount.announce_delay.p50', 'repcount.announce_delay.p95', 'repcount.announce_delay.max', 'repcount.announce_on_time']) {
      expect(result.metrics[key]).toEqual({ value: null, n: 0, missingReason: 'the model emits no announce events with a count' });
    }
  });

  it('a model that reports 0 repetitions is scored: 0 is a count', () => {
    const result = repcountSuite.score(runs([0, 0, 0]));
    expect(result.metrics['repcount.obo']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['repcount.mae'].value).toBeCloseTo((10 / 10.1 + 5 / 5.1 + 3 / 3.1) / 3, 12);
  });

  it('OBO and MAE as RepCount-A defines them', () => {
    const result = repcountSuite.score(runs([10, 7, 2]));
    expect(result.metrics['repcount.obo']).toEqual({ value: 2 / 3, n: 3 });
    expect(result.metrics['repcount.mae'].value).toBeCloseTo((0 / 10.1 + 2 / 5.1 + 1 / 3.1) / 3, 12);
    expect(result.metrics['repcount.mae'].n).toBe(3);
    expect(result.distributions?.['repcount.count_error']).toEqual([0, 2, -1]);
  });

  it('a count reported for only some clips is not scored', () => {
    const result = repcountSuite.score(runs([10, 5, undefined]));
    expect(result.metrics['repcount.obo'].value).toBeNull();
    expect(result.metrics['repcount.obo'].missingReason).toMatch(/^1 of 3 runs report no repetition count/);
  });

  it('perfect announcements 100 ms after each repetition ends', () => {
    const events = samples.map((s) => (s.truth.repEndMs as number[]).map((end, i) => announce(i + 1, end + 100)));
    const result = repcountSuite.score(runs([10, 5, 3], events));
    expect(result.metrics['repcount.announce_delay.p50']).toEqual({ value: 100, n: 18 });
    expect(result.metrics['repcount.announce_delay.max']).toEqual({ value: 100, n: 18 });
    expect(result.metrics['repcount.announce_on_time']).toEqual({ value: 1, n: 18 });
  });

  it('announcement delays: first announcement per count, repeats and impossible counts ignored, unannounced repetitions are not on time', () => {
    const r10 = [
      ...[1, 2, 3, 4, 5].map((c) => announce(c, c * 1000 + 100)),
      ...[6, 7, 8, 9, 10].map((c) => announce(c, c * 1000 + 600)),
      announce(3, 3900), // a repeat of 3
      announce(11, 11_500), // more than the true count
    ];
    const r3 = [announce(1, 2800), announce(2, 6300), announce(3, 9500)];
    const result = repcountSuite.score(runs([10, 5, 3], [r10, [], r3]));
    // |delays|: 100×5, 600×5, 200, 300, 500 → sorted 100×5, 200, 300, 500, 600×5.
    expect(result.metrics['repcount.announce_delay.p50']).toEqual({ value: 300, n: 13 });
    expect(result.metrics['repcount.announce_delay.p95']).toEqual({ value: 600, n: 13 });
    expect(result.metrics['repcount.announce_delay.max']).toEqual({ value: 600, n: 13 });
    // Within 400 ms: five of r10, two of r3; the five repetitions of r5 were never announced.
    expect(result.metrics['repcount.announce_on_time']).toEqual({ value: 7 / 18, n: 18 });
    expect(result.distributions?.['repcount.announce_delay']).toEqual([100, 100, 100, 100, 100, 600, 600, 600, 600, 600, -200, 300, 500]);
    expect(result.notes?.[0]).toBe('13 of 18 repetitions were announced; 2 announcements matched no repetition (count 0, above the true count, or repeated).');
  });
});
