// A tiny benchmark suite for the runner's tests: two short demo scenarios that run, one sample whose input.wav is broken, and metrics that are missing on purpose.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchSample, BenchSuite, MetricValue, SampleRun, SuiteResult } from '../../../main/bench/suite';

const DEMO_WAV = resolve(import.meta.dirname, '../../../resources/demo/user.wav');
/** End of the demo's question (segment A2 in resources/demo/README.md): the harness answers after it. */
export const QUESTION_END_MS = 3814;

export const FAKE_METRIC_KEYS = {
  latency: 'answer.response_latency',
  unmeasurable: 'answer.words_heard',
  forgotten: 'answer.forgotten',
  zeroOverNothing: 'answer.zero_over_nothing',
  brokenLatency: 'broken.response_latency',
  utterances: 'utterances_per_sample',
} as const;

function firstResponseMs(run: SampleRun): number | null {
  const start = run.events.find((e) => e.kind === 'assistant_speech_started' && e.atMs >= QUESTION_END_MS);
  return start ? start.atMs - QUESTION_END_MS : null;
}

function latencyOf(runs: SampleRun[]): { metric: MetricValue; values: number[] } {
  const values = runs.map(firstResponseMs).filter((v): v is number => v !== null);
  if (values.length === 0) return { metric: { value: null, n: 0, missingReason: 'no run of this task answered' }, values };
  return { metric: { value: values.reduce((a, b) => a + b, 0) / values.length, n: values.length }, values };
}

export const fakeSuite: BenchSuite = {
  name: 'fake',
  description: 'A test double: the demo question cut to 6 and 7 s, and a sample whose input.wav is not a WAV file.',
  metrics: [
    { key: FAKE_METRIC_KEYS.latency, label: 'response latency', definition: 'First assistant audio at or after 3814 ms, minus 3814 ms; mean over samples.', unit: 'ms', lowerIsBetter: true },
    { key: FAKE_METRIC_KEYS.unmeasurable, label: 'words heard', definition: 'Words of the question the assistant heard (the fake cannot tell).', unit: 'words', lowerIsBetter: false },
    { key: FAKE_METRIC_KEYS.forgotten, label: 'forgotten', definition: 'Declared but never reported by score().', unit: 'ms', lowerIsBetter: true },
    { key: FAKE_METRIC_KEYS.zeroOverNothing, label: 'zero over nothing', definition: 'Reported as 0 over 0 samples, which the runner must not pass on as a value.', unit: 'ms', lowerIsBetter: true },
    { key: FAKE_METRIC_KEYS.brokenLatency, label: 'response latency', definition: 'As answer.response_latency, for the broken task.', unit: 'ms', lowerIsBetter: true },
    { key: FAKE_METRIC_KEYS.utterances, label: 'utterances per sample', definition: 'Assistant utterances started, per sample run.', unit: 'utterances', lowerIsBetter: false },
  ],
  async prepare({ workDir }) {
    const samples: BenchSample[] = [];
    for (const [seed, durationMs] of [[7, 6000], [8, 7000]]) {
      const input = join(workDir, `question-${seed}.scenario.json`);
      writeFileSync(input, JSON.stringify({ version: 1, name: `question-${seed}`, durationMs, mic: [{ file: DEMO_WAV, atMs: 0 }] }));
      samples.push({ id: `question-${seed}`, task: 'answer', input, truth: { questionEndMs: QUESTION_END_MS }, seed });
    }
    const broken = join(workDir, 'broken-sample');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'input.wav'), 'this is not a WAV file');
    samples.push({ id: 'not-a-wav', task: 'broken', input: broken, truth: {}, seed: null });
    return { samples, seeds: [7, 8], notes: ['fake data for the runner tests'] };
  },
  score(runs: SampleRun[]): SuiteResult {
    const answer = latencyOf(runs.filter((r) => r.sample.task === 'answer'));
    const broken = latencyOf(runs.filter((r) => r.sample.task === 'broken'));
    const utterances = runs.map((r) => r.events.filter((e) => e.kind === 'assistant_speech_started').length);
    return {
      metrics: {
        [FAKE_METRIC_KEYS.latency]: answer.metric,
        [FAKE_METRIC_KEYS.unmeasurable]: { value: null, n: 0, missingReason: 'the fake cannot hear words' },
        [FAKE_METRIC_KEYS.zeroOverNothing]: { value: 0, n: 0 },
        [FAKE_METRIC_KEYS.brokenLatency]: broken.metric,
        [FAKE_METRIC_KEYS.utterances]: { value: utterances.reduce((a, b) => a + b, 0) / runs.length, n: runs.length },
      },
      distributions: { [FAKE_METRIC_KEYS.latency]: answer.values },
      notes: [`scored ${runs.length} runs`],
    };
  },
};
