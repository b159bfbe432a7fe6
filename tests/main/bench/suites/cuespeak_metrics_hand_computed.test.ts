// cuespeak's metrics on hand-made runs: never speaks, perfect, and answers over everything.

import { describe, expect, it } from 'vitest';
import { cuespeakSuite } from '../../../../main/bench/suites/cuespeak';
import { fakeRun, fakeSample, type FakeUtterance } from './sampleRun.fake';

const truth = (cue: { fromMs: number; toMs: number } | null, keywords: string[]) => ({
  request: { atMs: 1000, text: 'when I say banana, say bingo' },
  cueWord: 'banana',
  cue: cue && { ...cue, sentenceFromMs: cue.fromMs - 1000, sentenceToMs: cue.toMs + 1500, sentence: '…' },
  saidInstead: cue ? null : 'purple',
  response: { text: keywords.join(' '), keywords },
  userSpeech: [],
  durationMs: 0,
});
const samples = [
  { sample: fakeSample('x', 'cuespeak', truth({ fromMs: 8000, toMs: 8450 }, ['bingo'])), durationMs: 20_000, word: 'bingo' },
  { sample: fakeSample('y', 'cuespeak', truth({ fromMs: 12_000, toMs: 12_500 }, ['water', 'plants'])), durationMs: 25_000, word: 'water the plants' },
  { sample: fakeSample('z', 'cuespeak', truth(null, ['noted'])), durationMs: 20_000, word: 'noted' },
];
const runs = (utterances: FakeUtterance[][]) => samples.map((s, i) => fakeRun(s.sample, { durationMs: s.durationMs, utterances: utterances[i] }));

describe('cuespeak metrics', () => {
  it('a model that never speaks misses every cue (a computed 0), has no delay to report, and raises no false alarm', () => {
    const result = cuespeakSuite.score(runs([[], [], []]));
    expect(result.metrics['cuespeak.hit_rate']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['cuespeak.delay.p50']).toEqual({ value: null, n: 0, missingReason: 'none of the 2 cues got a response in its window, so there is no delay to measure' });
    expect(result.metrics['cuespeak.false_alarms']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['cuespeak.control_false_alarm_rate']).toEqual({ value: 0, n: 1 });
  });

  it('a perfect model answers each cue once, shortly after the word, and stays quiet in the control', () => {
    const result = cuespeakSuite.score(runs([[{ atMs: 8600, text: 'Bingo!' }], [{ atMs: 12_800, text: 'Time to water the plants.' }], []]));
    expect(result.metrics['cuespeak.hit_rate']).toEqual({ value: 1, n: 2 });
    expect(result.metrics['cuespeak.delay.p50']).toEqual({ value: 150, n: 2 });
    expect(result.metrics['cuespeak.delay.p95']).toEqual({ value: 300, n: 2 });
    expect(result.metrics['cuespeak.delay.max']).toEqual({ value: 300, n: 2 });
    expect(result.metrics['cuespeak.false_alarms']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['cuespeak.control_false_alarm_rate']).toEqual({ value: 0, n: 1 });
  });

  it('a model that answers all the time hits every cue but every other answer is a false alarm', () => {
    const every3s = (text: string, count: number) => Array.from({ length: count }, (_, i) => ({ atMs: i * 3000, text }));
    // y: the utterance at 24 000 ms is still playing at the end (25 000 ms): "plants" is never played, so it is no answer at all.
    const result = cuespeakSuite.score(runs([every3s('bingo', 7), every3s('water the plants', 9), every3s('noted', 7)]));
    expect(result.metrics['cuespeak.hit_rate']).toEqual({ value: 1, n: 2 });
    // x: first answer in [8 000, 13 450] is at 9 000 → 550 ms; y: at 12 000, the cue's first sound → −500 ms.
    expect(result.metrics['cuespeak.delay.p50']).toEqual({ value: -500, n: 2 });
    expect(result.metrics['cuespeak.delay.max']).toEqual({ value: 550, n: 2 });
    expect(result.metrics['cuespeak.false_alarms']).toEqual({ value: 6 + 7 + 7, n: 3 });
    expect(result.metrics['cuespeak.control_false_alarm_rate']).toEqual({ value: 1, n: 1 });
    expect(result.distributions?.['cuespeak.delay']).toEqual([550, -500]);
  });

  it('an answer after the window is a false alarm, not a late hit', () => {
    const result = cuespeakSuite.score([fakeRun(samples[0].sample, { durationMs: 20_000, utterances: [{ atMs: 14_000, text: 'bingo' }] })]);
    expect(result.metrics['cuespeak.hit_rate']).toEqual({ value: 0, n: 1 });
    expect(result.metrics['cuespeak.false_alarms']).toEqual({ value: 1, n: 1 });
    expect(result.metrics['cuespeak.control_false_alarm_rate'].value).toBeNull();
  });
});
