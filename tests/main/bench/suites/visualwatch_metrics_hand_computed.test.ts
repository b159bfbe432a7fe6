// visualwatch's metrics on hand-made runs: never speaks, perfect, says it all the time, says it too late; malformed truth is an error, not a zero.

import { describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import { visualwatchSuite } from '../../../../main/bench/suites/visualwatch';
import { fakeRun, fakeSample, type FakeUtterance } from './sampleRun.fake';

const truth = (eventAtMs: number | null, keywords: string[], kind = 'screen_colour') => ({
  kind,
  scene: 'ci',
  source: kind.startsWith('camera') ? 'camera' : 'screen',
  control: eventAtMs === null,
  request: { atMs: 1000, text: 'tell me when the build turns red' },
  eventAtMs,
  eventBox: null,
  content: { text: keywords.join(' '), keywords },
  distractors: [],
  width: 480,
  height: 270,
  fps: 5,
  frames: 0,
  noiseSigma: 0,
  durationMs: 15_000,
});
const samples = [
  fakeSample('a', 'visualwatch', truth(6000, ['build', 'red'])),
  fakeSample('b', 'visualwatch', truth(4000, ['light', 'on'], 'camera_brightness')),
  fakeSample('c', 'visualwatch', truth(null, ['tests', 'green'])),
];
const runs = (utterances: FakeUtterance[][]) => samples.map((s, i) => fakeRun(s, { durationMs: 15_000, utterances: utterances[i] }));

describe('visualwatch metrics', () => {
  it('a model that never speaks misses every event (a computed 0), has no delay, and raises no false alarm', () => {
    const result = visualwatchSuite.score(runs([[], [], []]));
    expect(result.metrics['visualwatch.hit_rate']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['visualwatch.delay.p50']).toEqual({ value: null, n: 0, missingReason: 'none of the 2 events got an utterance with the expected content in its window, so there is no delay to measure' });
    expect(result.metrics['visualwatch.false_alarms']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['visualwatch.control_false_alarm_rate']).toEqual({ value: 0, n: 1 });
  });

  it('a perfect model says each event once, soon after it, and nothing in the control', () => {
    const result = visualwatchSuite.score(runs([[{ atMs: 6200, text: 'The build turned red.' }], [{ atMs: 4400, text: "The kettle's light went on." }], []]));
    expect(result.metrics['visualwatch.hit_rate']).toEqual({ value: 1, n: 2 });
    expect(result.metrics['visualwatch.delay.p50']).toEqual({ value: 200, n: 2 });
    expect(result.metrics['visualwatch.delay.p95']).toEqual({ value: 400, n: 2 });
    expect(result.metrics['visualwatch.delay.max']).toEqual({ value: 400, n: 2 });
    expect(result.metrics['visualwatch.false_alarms']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['visualwatch.control_false_alarm_rate']).toEqual({ value: 0, n: 1 });
    expect(result.distributions?.['visualwatch.delay']).toEqual([200, 400]);
  });

  it('a model that says it all the time hits, but every other utterance is a false alarm', () => {
    const every2s = (text: string) => Array.from({ length: 7 }, (_, i) => ({ atMs: i * 2000, text }));
    const result = visualwatchSuite.score(runs([every2s('build red'), every2s('light on'), every2s('tests green')]));
    // a: first in [6000, 11 000] is at 6000 → 0 ms; b: first in [4000, 9000] is at 4000 → 0 ms.
    expect(result.metrics['visualwatch.hit_rate']).toEqual({ value: 1, n: 2 });
    expect(result.metrics['visualwatch.delay.max']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['visualwatch.false_alarms']).toEqual({ value: 6 + 6 + 7, n: 3 });
    expect(result.metrics['visualwatch.control_false_alarm_rate']).toEqual({ value: 1, n: 1 });
  });

  it('speech before the event or after the 5 s window is a false alarm, not a hit; an utterance without every keyword does not count', () => {
    const result = visualwatchSuite.score(runs([[{ atMs: 5800, text: 'build red' }, { atMs: 11_200, text: 'build red' }], [{ atMs: 4200, text: 'The light changed.' }], []]));
    expect(result.metrics['visualwatch.hit_rate']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['visualwatch.false_alarms']).toEqual({ value: 2, n: 3 });
  });

  it('refuses malformed truth with the sample named', () => {
    const bad = fakeSample('broken', 'visualwatch', { ...truth(6000, ['build', 'red']), control: true });
    expect(() => visualwatchSuite.score([fakeRun(bad, { durationMs: 15_000 })])).toThrow(TandemError);
    expect(() => visualwatchSuite.score([fakeRun(bad, { durationMs: 15_000 })])).toThrow(/visualwatch ground truth is malformed at eventAtMs/);
    const noKeywords = fakeSample('empty', 'visualwatch', { ...truth(6000, []) });
    expect(() => visualwatchSuite.score([fakeRun(noKeywords, { durationMs: 15_000 })])).toThrow(/content\.keywords/);
  });

  it('missing, never zero: no samples, no controls', () => {
    const result = visualwatchSuite.score([]);
    expect(result.metrics['visualwatch.hit_rate'].value).toBeNull();
    expect(result.metrics['visualwatch.false_alarms']).toEqual({ value: null, n: 0, missingReason: 'no sample was run' });
    const onlyEvents = visualwatchSuite.score(runs([[], [], []]).slice(0, 2));
    expect(onlyEvents.metrics['visualwatch.control_false_alarm_rate']).toEqual({ value: null, n: 0, missingReason: 'no control sample in these samples' });
  });
});
