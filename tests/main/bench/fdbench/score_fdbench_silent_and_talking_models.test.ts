// scoreFdBench over a whole suite: a model that never speaks and one that speaks over everything, every metric key, and missing values with their reasons.

import { describe, expect, it } from 'vitest';
import { FDBENCH_METRICS, scoreFdBench, type FdScoredSample } from '../../../../main/bench/fdbench/metrics';
import type { FdTask } from '../../../../main/bench/fdbench/annotations';
import { annotations, speechOf, wordsText, type PlannedUtterance } from './speech.fixture';

const D = 10_000;
const userSpeech = [{ text: '[SPEECH]', timestamp: [1.0, 3.0] as [number, number] }, { text: '[SPEECH]', timestamp: [5.0, 6.0] as [number, number] }];
const sampleAnnotations = {
  pause_handling: annotations({ pause: [{ text: '[PAUSE]', timestamp: [2.0, 2.6] }] }),
  smooth_turn_taking: annotations({ turnTaking: [{ text: '[TURN-TAKING]', timestamp: [6.0, 6.3] }] }),
  user_interruption: annotations({ interrupt: [{ context: 'c', interrupt: 'i', timestamp: [4.0, 5.5] }] }),
  backchannel: annotations({ backchannelGt: { distribution: [1, 1], source: 'backchannel_gt.json' } }),
  overlap_user_interruption: annotations({ metadata: { timestamps: [5.0, 6.0] }, userSpeech }),
  overlap_user_backchannel: annotations({ metadata: { timestamps: [5.0, 6.0] }, userSpeech }),
  overlap_talking_to_other: annotations({ metadata: { timestamps: [5.0, 6.0] }, userSpeech }),
  overlap_background_speech: annotations({ metadata: { timestamps: [5.0, 6.0] }, userSpeech }),
  overlap_background_noise: annotations({ metadata: { timestamps: [5.0, 6.0] }, userSpeech }),
} satisfies Record<FdTask, FdScoredSample['annotations']>;

function suite(utterances: PlannedUtterance[]): FdScoredSample[] {
  return (Object.keys(sampleAnnotations) as FdTask[]).flatMap((task) =>
    [1, 2].map((i) => ({ id: `${task}-${i}`, task, annotations: sampleAnnotations[task], speech: speechOf(utterances, D), durationMs: D })),
  );
}

describe('scoreFdBench', () => {
  it('reports exactly the keys of FDBENCH_METRICS, each key once', () => {
    const keys = FDBENCH_METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(scoreFdBench(suite([])).metrics).sort()).toEqual([...keys].sort());
    for (const metric of FDBENCH_METRICS) expect(metric.definition.length).toBeGreaterThan(40);
  });

  it('scores a model that never speaks: takeover 0, latencies missing (never 0), JSD 1, no reaction', () => {
    const { metrics } = scoreFdBench(suite([]));
    expect(metrics['pause_handling.tor']).toEqual({ value: 0, n: 2 });
    expect(metrics['smooth_turn_taking.tor']).toEqual({ value: 0, n: 2 });
    expect(metrics['smooth_turn_taking.latency_ms']).toEqual({ value: null, n: 0, missingReason: 'no sample had the turn taken, so there is no latency' });
    expect(metrics['user_interruption.tor']).toEqual({ value: 0, n: 2 });
    expect(metrics['user_interruption.latency_ms'].value).toBeNull();
    expect(metrics['backchannel.tor']).toEqual({ value: 0, n: 2 });
    expect(metrics['backchannel.frequency_per_s']).toEqual({ value: 0, n: 2 });
    expect(metrics['backchannel.jsd']).toEqual({ value: 1, n: 2 });
    expect(metrics['overlap_user_interruption.stop_latency_ms']).toMatchObject({ value: null, n: 2 });
    expect(metrics['overlap_user_interruption.stop_latency_ms'].missingReason).toContain('no stretch where user and assistant speak at once');
    expect(metrics['overlap_user_interruption.response_latency_ms'].value).toBeNull();
    expect(metrics['overlap_user_interruption.unknown_share']).toEqual({ value: 1, n: 2 });
    expect(metrics['overlap_user_interruption.respond_share']).toEqual({ value: 0, n: 2 });
  });

  it('scores a model that speaks over everything: takeover 1, latencies 0, overlaps as long as the user speech', () => {
    // One utterance of 32 words × 300 ms from 200 ms: 200–9800.
    const { metrics, distributions } = scoreFdBench(suite([{ atMs: 200, text: wordsText(32) }]));
    expect(metrics['pause_handling.tor']).toEqual({ value: 1, n: 2 });
    expect(metrics['smooth_turn_taking.tor']).toEqual({ value: 1, n: 2 });
    // First word 200 ms − turn end 6000 ms < 0 → 0.
    expect(metrics['smooth_turn_taking.latency_ms']).toEqual({ value: 0, n: 2 });
    expect(metrics['user_interruption.tor']).toEqual({ value: 1, n: 2 });
    expect(metrics['user_interruption.latency_ms']).toEqual({ value: 0, n: 2 });
    expect(metrics['backchannel.tor']).toEqual({ value: 1, n: 2 });
    expect(metrics['backchannel.jsd']).toEqual({ value: 1, n: 2 });
    // User 1000–3000 and 5000–6000 (2000 ms apart, not merged), model 200–9800: overlaps of 2000 and 1000 ms in
    // each of the 2 samples → mean (2000 + 1000 + 2000 + 1000) / 4 = 1500; no model start after a user end.
    expect(metrics['overlap_background_speech.stop_latency_ms']).toEqual({ value: 1500, n: 2 });
    expect(distributions?.['overlap_background_speech.stop_latency_ms']).toEqual([2000, 1000, 2000, 1000]);
    expect(metrics['overlap_background_speech.response_latency_ms'].value).toBeNull();
    expect(metrics['overlap_background_speech.resume_share']).toEqual({ value: 1, n: 2 });
  });

  it('marks a metric missing, naming the file, when a sample lacks the annotation it needs', () => {
    const samples = suite([]).map((s) => (s.task === 'smooth_turn_taking' && s.id.endsWith('2') ? { ...s, annotations: annotations() } : s));
    const { metrics } = scoreFdBench(samples);
    expect(metrics['smooth_turn_taking.tor']).toEqual({ value: null, n: 1, missingReason: '1 sample(s) have no turn_taking.json' });
  });

  it('marks a task with no samples as missing rather than 0', () => {
    const { metrics } = scoreFdBench(suite([]).filter((s) => s.task !== 'backchannel'));
    expect(metrics['backchannel.jsd']).toEqual({ value: null, n: 0, missingReason: 'no backchannel samples' });
    expect(metrics['backchannel.frequency_per_s'].value).toBeNull();
  });

  it('scores a user_interruption sample that also has metadata.json as a v1.5 user interruption too', () => {
    const both = annotations({ interrupt: [{ context: 'c', interrupt: 'i', timestamp: [5.0, 6.0] }], metadata: { timestamps: [5.0, 6.0] }, userSpeech });
    // Silent model: v1 TOR 0 over 1 sample; v1.5 over the same sample: no reaction.
    const { metrics } = scoreFdBench([{ id: 'g1', task: 'user_interruption', annotations: both, speech: speechOf([], D), durationMs: D }]);
    expect(metrics['user_interruption.tor']).toEqual({ value: 0, n: 1 });
    expect(metrics['overlap_user_interruption.unknown_share']).toEqual({ value: 1, n: 1 });
    expect(metrics['overlap_talking_to_other.unknown_share']).toEqual({ value: null, n: 0, missingReason: 'no v1.5 talking to another person samples' });
  });

  it('notes that speech comes from the timeline and the judge is deterministic', () => {
    const { notes } = scoreFdBench(suite([]));
    expect(notes?.join(' ')).toContain('from the timeline');
    expect(notes?.join(' ')).toContain('deterministic judge');
  });
});
