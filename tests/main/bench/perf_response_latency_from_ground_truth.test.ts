// The perf suite's response latency comes from the demo's ground-truth turn ends, looped, and its metrics are null with a reason where they cannot exist.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent, TimelineKind } from '../../../common/timeline';
import { perfSuite, quantile, readDemoSegments, responseLatencies } from '../../../main/bench/suites/perf';
import type { BenchSample, SampleRun } from '../../../main/bench/suite';

let seq = 0;
function event(kind: TimelineKind, atMs: number, payload: Record<string, unknown>): TimelineEvent {
  return { seq: seq++, turn: Math.floor(atMs / 200), atMs, source: kind === 'session_stopped' ? 'engine' : 'assistant', kind, payload };
}
const utterance = (id: string, kind: string, startMs: number, endMs: number | null) => [
  event('assistant_speech_started', startMs, { utteranceId: id, utteranceKind: kind }),
  ...(endMs === null ? [] : [event('assistant_speech_ended', endMs, { utteranceId: id })]),
];

describe('perf suite: end of user turn → first assistant audio', () => {
  const segments = readDemoSegments();

  it('reads the demo segments and their turn ends from resources/demo/README.md', () => {
    expect(segments.map((s) => s.id)).toEqual(['A1', 'A2', 'B1', 'B2', 'B3', 'B4', 'C1']);
    expect(segments.filter((s) => s.endsTurn).map((s) => [s.id, s.endMs])).toEqual([
      ['A2', 3814],
      ['B4', 16269],
    ]);
    expect(segments.find((s) => s.id === 'C1')).toMatchObject({ startMs: 17169, endMs: 18612 });
  });

  it('measures every looped turn end to the first audio (backchannels included) and to the first reply, excluding unanswered ones', () => {
    const loopMs = 21800;
    const events = [
      ...utterance('u1', 'backchannel', 4200, 4575), // loop 1, A2 ends 3814: backchannel after 386 ms
      ...utterance('u2', 'reply', 4600, 7900), //                        reply after 786 ms
      ...utterance('u3', 'reply', 16800, 17400), // loop 1, B4 ends 16269: reply after 531 ms
      // loop 2, A2 ends 25614: nothing before B1 at 29614 → unanswered
      ...utterance('u4', 'reply', 37000, 39000), // loop 2, B4 ends 38069 while u4 still plays → already speaking
    ];
    const latencies = responseLatencies(events, { segments, loopMs, durationMs: 2 * loopMs });
    expect(latencies).toEqual({ firstAudioMs: [386, 531], firstReplyMs: [786, 531], turnEnds: 4, unanswered: 1, alreadySpeaking: 1 });
  });

  it('does not count a turn end whose window runs past the end of the session', () => {
    // B4 ends at 16269 ms; the user would speak again at 17169 ms, after the 17000 ms session ends.
    const latencies = responseLatencies(utterance('u1', 'reply', 16800, 16900), { segments, loopMs: 21800, durationMs: 17_000 });
    expect(latencies).toEqual({ firstAudioMs: [], firstReplyMs: [], turnEnds: 1, unanswered: 1, alreadySpeaking: 0 });
  });

  it('does not count a response that comes after the user has started speaking again', () => {
    // A2 ends 3814, B1 starts 7814: audio at 7900 answers nothing.
    const latencies = responseLatencies(utterance('u1', 'reply', 7900, 8500), { segments, loopMs: 21800, durationMs: 10_000 });
    expect(latencies).toMatchObject({ firstAudioMs: [], turnEnds: 1, unanswered: 1 });
  });

  it('uses nearest-rank quantiles and null for an empty list', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('perf suite scoring', () => {
  const segments = readDemoSegments();
  const sample = (task: 'virtual' | 'realtime', durationMs: number): BenchSample => ({
    id: task,
    task,
    input: 'unused.scenario.json',
    truth: { clock: task, durationMs, loopMs: 21800, segments },
    seed: null,
  });
  const step = { count: 1500, p50Ms: 0.8, p99Ms: 1.4, maxMs: 3, meanMs: 0.9 };
  const virtualRun: SampleRun = {
    sample: sample('virtual', 300_000),
    model: 'harness',
    outDir: '/nowhere',
    events: [...utterance('u1', 'reply', 4200, 5000)],
    summary: { clock: 'virtual', ticks: 1500, virtualMs: 300_000, wallMs: 2000, cpuMs: 2100, tickLatenessMs: null, modelStepMs: step, engineOverheadMs: step, overruns: 0, rssStartMb: 140, rssWarmMb: 150, rssEndMb: 151.5, heapStartMb: 20, heapEndMb: 21 },
  };

  it('reports tick lateness on the virtual clock as missing with the reason, never as 0', () => {
    const result = perfSuite.score([virtualRun]);
    expect(result.metrics['virtual.tick_lateness_p99']).toMatchObject({ value: null, n: 0 });
    expect(result.metrics['virtual.tick_lateness_p99'].missingReason).toMatch(/virtual clock/);
    expect(result.metrics['virtual.step_p99']).toEqual({ value: 1.4, n: 1500 });
    expect(result.metrics['virtual.cpu_share']).toEqual({ value: 105, n: 1 });
    expect(result.metrics['virtual.cpu_per_realtime']).toEqual({ value: 0.7, n: 1 });
    expect(result.metrics['virtual.rss_growth']).toEqual({ value: 1.5, n: 1 });
    expect(result.metrics['virtual.eos_to_first_audio_p50']).toEqual({ value: 386, n: 1 });
    // 14 loops of A2 and B4 ends in 5 minutes, less the last B4 (its window runs past the end); only the first A2 got audio: the rest is a note, not a zero.
    expect(result.notes).toContain('virtual: of 27 turn ends, 26 got no assistant audio before the user spoke again and 0 found the assistant already speaking (both excluded from eos_to_first_*).');
  });

  it('reports every realtime metric as missing when the realtime run failed', () => {
    const result = perfSuite.score([virtualRun]);
    for (const d of perfSuite.metrics.filter((m) => m.key.startsWith('realtime.'))) {
      expect(result.metrics[d.key]).toEqual({ value: null, n: 0, missingReason: 'no realtime run' });
    }
  });

  it('declares a definition for every metric it reports', () => {
    const keys = Object.keys(perfSuite.score([virtualRun]).metrics);
    expect(keys.sort()).toEqual(perfSuite.metrics.map((m) => m.key).sort());
    for (const d of perfSuite.metrics) expect(d.definition.length).toBeGreaterThan(20);
  });
});
