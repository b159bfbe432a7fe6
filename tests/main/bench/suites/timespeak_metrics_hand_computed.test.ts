// timespeak's metrics on hand-made runs: a model that never speaks, one that is perfect, one with early/late/cut/extra utterances, and one that says the content all the time.

import { describe, expect, it } from 'vitest';
import { timespeakSuite } from '../../../../main/bench/suites/timespeak';
import type { TimespeakTruth } from '../../../../main/bench/gen/timedRequests';
import { fakeRun, fakeSample, type FakeUtterance } from './sampleRun.fake';

const truthA: TimespeakTruth = {
  kind: 'say_once',
  condition: 'silent',
  request: { atMs: 1000, text: 'in 10 seconds say switch' },
  stop: null,
  content: { text: 'switch', keywords: ['switch'] },
  periodMs: null,
  due: [{ atMs: 11_000, userTalking: false, talkingUntilMs: null }],
  nextDueIfNotStoppedMs: null,
  userSpeech: [],
  durationMs: 23_000,
};
const truthB: TimespeakTruth = {
  kind: 'remind_once',
  condition: 'talking',
  request: { atMs: 2000, text: 'remind me in 30 seconds to check the oven' },
  stop: null,
  content: { text: 'check the oven', keywords: ['check', 'oven'] },
  periodMs: null,
  due: [{ atMs: 32_000, userTalking: true, talkingUntilMs: 33_200 }],
  nextDueIfNotStoppedMs: null,
  userSpeech: [],
  durationMs: 44_000,
};
const truthC: TimespeakTruth = {
  kind: 'repeat_until_stop',
  condition: 'talking',
  request: { atMs: 1000, text: 'say go every 15 seconds until I say stop' },
  stop: { atMs: 36_000, text: 'stop' },
  content: { text: 'go', keywords: ['go'] },
  periodMs: 15_000,
  due: [
    { atMs: 16_000, userTalking: false, talkingUntilMs: null },
    { atMs: 31_000, userTalking: true, talkingUntilMs: 32_500 },
  ],
  nextDueIfNotStoppedMs: 46_000,
  userSpeech: [],
  durationMs: 49_000,
};
const samples = [fakeSample('a', 'timespeak', truthA), fakeSample('b', 'timespeak', truthB), fakeSample('c', 'timespeak', truthC)];

function runs(utterances: [FakeUtterance[], FakeUtterance[], FakeUtterance[]]) {
  return samples.map((sample, i) => fakeRun(sample, { durationMs: (sample.truth as TimespeakTruth).durationMs, utterances: utterances[i] }));
}

describe('timespeak metrics', () => {
  it('a model that never speaks: content correctness is a real 0, timing is missing with a reason', () => {
    const result = timespeakSuite.score(runs([[], [], []]));
    expect(result.metrics['timespeak.content_correct']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['timespeak.due_delivered']).toEqual({ value: 0, n: 4 });
    for (const q of ['p50', 'p95', 'max']) {
      const silent = result.metrics[`timespeak.timing_error.silent.${q}`];
      expect(silent.value).toBeNull();
      expect(silent.missingReason).toBe('none of the 2 due moments with the user silent got an utterance with the expected content, so there is no timing to measure');
      expect(result.metrics[`timespeak.timing_error.talking.${q}`].value).toBeNull();
    }
    expect(result.metrics['timespeak.late_over_2s.talking'].value).toBeNull();
    expect(result.metrics['timespeak.unrequested']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['timespeak.after_stop']).toEqual({ value: 0, n: 1 });
    expect(result.distributions?.['timespeak.timing_error.silent']).toEqual([]);
  });

  it('a perfect model: everything delivered, 200 ms after the due time when silent, at the user\'s pause when talking', () => {
    const result = timespeakSuite.score(
      runs([
        [{ atMs: 11_200, text: 'Switch!' }],
        [{ atMs: 33_400, text: 'Time to check the oven.' }],
        [
          { atMs: 16_200, text: 'Go!' },
          { atMs: 32_600, text: 'Go!' },
        ],
      ]),
    );
    expect(result.metrics['timespeak.content_correct']).toEqual({ value: 1, n: 3 });
    expect(result.metrics['timespeak.due_delivered']).toEqual({ value: 1, n: 4 });
    expect(result.metrics['timespeak.timing_error.silent.p50']).toEqual({ value: 200, n: 2 });
    expect(result.metrics['timespeak.timing_error.silent.p95']).toEqual({ value: 200, n: 2 });
    expect(result.metrics['timespeak.timing_error.silent.max']).toEqual({ value: 200, n: 2 });
    expect(result.metrics['timespeak.timing_error.talking.p50']).toEqual({ value: 1400, n: 2 });
    expect(result.metrics['timespeak.timing_error.talking.p95']).toEqual({ value: 1600, n: 2 });
    expect(result.metrics['timespeak.timing_error.talking.max']).toEqual({ value: 1600, n: 2 });
    expect(result.metrics['timespeak.late_over_2s.talking']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['timespeak.unrequested']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['timespeak.after_stop']).toEqual({ value: 0, n: 1 });
  });

  it('early, late, partial, cut-off and after-stop utterances are each scored as defined', () => {
    const result = timespeakSuite.score(
      runs([
        // 1.5 s early (inside the 2 s early window), then the same word again: unrequested.
        [
          { atMs: 9500, text: 'switch' },
          { atMs: 15_000, text: 'switch' },
        ],
        // An unrelated reply, a partial one (no "oven"), then the real one 2.6 s late.
        [
          { atMs: 10_000, text: 'OK' },
          { atMs: 20_000, text: 'reminder check' },
          { atMs: 34_600, text: 'time to check the oven' },
        ],
        // First repetition 600 ms late; the second is cut after "now" (the content was never played); "go" after the stop.
        [
          { atMs: 16_600, text: 'go' },
          { atMs: 31_000, text: 'now go go', cutAfterMs: 400 },
          { atMs: 40_000, text: 'go' },
        ],
      ]),
    );
    expect(result.metrics['timespeak.content_correct']).toEqual({ value: 2 / 3, n: 3 });
    expect(result.metrics['timespeak.due_delivered']).toEqual({ value: 3 / 4, n: 4 });
    expect(result.metrics['timespeak.timing_error.silent.p50']).toEqual({ value: 600, n: 2 });
    expect(result.metrics['timespeak.timing_error.silent.p95']).toEqual({ value: 1500, n: 2 });
    expect(result.metrics['timespeak.timing_error.silent.max']).toEqual({ value: 1500, n: 2 });
    expect(result.metrics['timespeak.timing_error.talking.p50']).toEqual({ value: 2600, n: 1 });
    expect(result.metrics['timespeak.late_over_2s.talking']).toEqual({ value: 1, n: 1 });
    expect(result.metrics['timespeak.unrequested']).toEqual({ value: 2, n: 3 });
    expect(result.metrics['timespeak.after_stop']).toEqual({ value: 1, n: 1 });
    expect(result.distributions?.['timespeak.timing_error.silent']).toEqual([-1500, 600]);
    expect(result.distributions?.['timespeak.timing_error.talking']).toEqual([2600]);
  });

  it('a model that says the content all the time is matched once and the rest counted as unrequested', () => {
    const spam = Array.from({ length: 12 }, (_, i) => ({ atMs: i * 2000, text: 'switch' }));
    const result = timespeakSuite.score([fakeRun(samples[0], { durationMs: 23_000, utterances: spam })]);
    expect(result.metrics['timespeak.content_correct']).toEqual({ value: 1, n: 1 });
    // The first utterance in [9 000, 21 000] ms is the one at 10 000: 1 s early.
    expect(result.metrics['timespeak.timing_error.silent.p50']).toEqual({ value: 1000, n: 1 });
    expect(result.metrics['timespeak.unrequested']).toEqual({ value: 11, n: 1 });
    expect(result.metrics['timespeak.after_stop'].value).toBeNull();
  });

  it('a word still playing when the input ends was not said', () => {
    // "Time to check the oven" starts 1 s before the end: only "Time" and "to" finish playing.
    const truth = { ...truthA, content: { text: 'check the oven', keywords: ['check', 'oven'] }, due: [{ atMs: 21_500, userTalking: false, talkingUntilMs: null }] };
    const result = timespeakSuite.score([fakeRun(fakeSample('late-end', 'timespeak', truth), { durationMs: 23_000, utterances: [{ atMs: 22_000, text: 'Time to check the oven' }] })]);
    expect(result.metrics['timespeak.due_delivered']).toEqual({ value: 0, n: 1 });
  });

  it('malformed ground truth is an error that names the sample, not a silent zero', () => {
    const broken = fakeSample('broken', 'timespeak', { kind: 'say_once' });
    expect(() => timespeakSuite.score([fakeRun(broken, { durationMs: 1000 })])).toThrow(/timespeak ground truth is malformed.*sample broken/);
  });
});
