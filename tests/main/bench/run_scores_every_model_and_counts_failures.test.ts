// The bench runner over a fake suite and two model labels: run folders, report.json with every metric, missing metrics as null + reason, failed samples counted, plots as SVG.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench, type RunBenchResult } from '../../../main/bench/runBench';
import type { BenchReport } from '../../../main/bench/report';
import { FAKE_METRIC_KEYS, fakeSuite } from './suite.fake';

const MODELS = [
  { label: 'harness', model: 'harness' },
  { label: 'harness-b', model: 'harness' },
];

describe('tandem bench over a fake suite with two model labels', () => {
  let outDir: string;
  let result: RunBenchResult;
  let report: BenchReport;
  const progress: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tandem-bench-run-'));
    result = await runBench({ suites: [fakeSuite], models: MODELS, outDir, size: 'small', log: (line) => progress.push(line) });
    report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every model on every sample into DIR/<suite>/<model>/<task>/<sampleId>/, with a time-synchronous output.wav', () => {
    for (const { label } of MODELS) {
      for (const [id, durationMs] of [['question-7', 6000], ['question-8', 7000]] as const) {
        const dir = join(outDir, 'fake', label, 'answer', id);
        expect(readdirSync(dir).sort()).toEqual(['output.wav', 'summary.json', 'timeline.jsonl']);
        // 16 kHz mono 16-bit after a 44-byte header, exactly as long as the input.
        expect(statSync(join(dir, 'output.wav')).size).toBe(44 + (durationMs * 16 * 2));
      }
    }
    expect(existsSync(join(outDir, 'fake', 'data', 'question-7.scenario.json'))).toBe(true);
  });

  it('counts the sample that cannot run as failed, with its error, and keeps it out of the metrics', () => {
    expect(result.failedSamples).toBe(2); // one per model
    for (const { label } of MODELS) {
      const model = report.suites[0].models[label];
      expect(model.samples).toEqual({ total: 3, ran: 2, failed: 1 });
      expect(model.samplesByTask).toEqual({ answer: { total: 2, ran: 2, failed: 0 }, broken: { total: 1, ran: 0, failed: 1 } });
      expect(model.failures).toHaveLength(1);
      expect(model.failures[0]).toMatchObject({ sampleId: 'not-a-wav', task: 'broken' });
      expect(model.failures[0].error).toMatch(/input\.wav/);
      expect(model.metrics[FAKE_METRIC_KEYS.brokenLatency]).toMatchObject({ value: null, n: 0, task: 'broken', samples: { total: 1, ran: 0, failed: 1 } });
      expect(model.metrics[FAKE_METRIC_KEYS.utterances].n).toBe(2);
    }
    expect(progress.filter((line) => /not-a-wav FAILED: /.test(line))).toHaveLength(2);
  });

  it('reports every declared metric for every model with n, sample counts and its task', () => {
    const suite = report.suites[0];
    expect(suite.tasks).toEqual(['answer', 'broken']);
    for (const { label } of MODELS) {
      const metrics = suite.models[label].metrics;
      expect(Object.keys(metrics).sort()).toEqual(Object.values(FAKE_METRIC_KEYS).sort());
      for (const metric of Object.values(metrics)) {
        expect(typeof metric.n).toBe('number');
        expect(metric.samples.total).toBeGreaterThan(0);
        if (metric.value === null) expect(metric.missingReason).toMatch(/\w/);
      }
      const latency = metrics[FAKE_METRIC_KEYS.latency];
      expect(latency).toMatchObject({ task: 'answer', n: 2, samples: { total: 2, ran: 2, failed: 0 } });
      expect(latency.value).toBeGreaterThan(0);
      expect(latency.value).toBeLessThan(1500);
      expect(metrics[FAKE_METRIC_KEYS.utterances].task).toBeNull();
      expect(suite.models[label].distributions[FAKE_METRIC_KEYS.latency]).toHaveLength(2);
    }
    // Two labels of the same model on the same input decide the same: the comparison is fair.
    expect(suite.models.harness.metrics[FAKE_METRIC_KEYS.latency].value).toBe(suite.models['harness-b'].metrics[FAKE_METRIC_KEYS.latency].value);
  });

  it('writes a missing metric as null with the reason, never as 0', () => {
    const metrics = report.suites[0].models.harness.metrics;
    expect(metrics[FAKE_METRIC_KEYS.unmeasurable]).toMatchObject({ value: null, n: 0, missingReason: 'the fake cannot hear words' });
    expect(metrics[FAKE_METRIC_KEYS.forgotten]).toMatchObject({ value: null, n: 0, missingReason: 'the suite reported no value for this metric' });
    expect(metrics[FAKE_METRIC_KEYS.zeroOverNothing].value).toBeNull();
    expect(metrics[FAKE_METRIC_KEYS.zeroOverNothing].missingReason).toMatch(/0 samples/);
  });

  it('records definitions, seeds, data source, machine, date, size and notes', () => {
    const suite = report.suites[0];
    expect(report.format).toBe('tandem-bench-report/1');
    expect(report.size).toBe('small');
    expect(Number.isNaN(Date.parse(report.date))).toBe(false);
    expect(report.machine).toMatchObject({ tandemVersion: '0.1.0', node: process.version });
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.os).toMatch(/\w/);
    expect(report.machine.cpu).toMatch(/\w/);
    expect(report.models).toEqual(MODELS);
    expect(suite.data).toMatchObject({ kind: 'generated', seeds: [7, 8], description: 'generated from seeds 7–8', samples: 3, path: join(outDir, 'fake', 'data') });
    for (const d of fakeSuite.metrics) expect(suite.definitions.find((x) => x.key === d.key)).toMatchObject({ definition: d.definition, unit: d.unit, lowerIsBetter: d.lowerIsBetter });
    expect(suite.notes).toContain('fake data for the runner tests');
    expect(suite.models.harness.notes).toContain('scored 2 runs');
    expect(suite.models.harness.notes.some((n) => /1 of 3 sample\(s\) failed/.test(n))).toBe(true);
  });

  it('writes report.md with a column per model, direction arrows, n and missing reasons', () => {
    const md = readFileSync(join(outDir, 'report.md'), 'utf8');
    expect(md).toContain('| metric | harness | harness-b |');
    expect(md).toMatch(/\| response latency, ms ↓ \| \d+ \(n=2\) \| \d+ \(n=2\) \|/);
    expect(md).toMatch(/\| words heard, words ↑ \| missing \(the fake cannot hear words\), n=0 \|/);
    expect(md).toContain('| **broken** | 0/1 ran, **1 failed** | 0/1 ran, **1 failed** |');
    expect(md).toContain('### Definitions');
    expect(md).toContain('First assistant audio at or after 3814 ms');
    expect(md).toContain('### Failed samples');
    expect(md).toContain('generated from seeds 7–8');
  });

  it('draws the latency distribution and a two-lane timeline as SVG, and notes the plot it had to skip', () => {
    const plots = report.suites[0].plots;
    const drawn = plots.filter((p) => p.file !== null);
    expect(drawn.map((p) => p.file)).toEqual(['plots/fake-answer.response_latency.svg', 'plots/fake-timeline-answer-question-7.svg']);
    for (const plot of drawn) {
      const svg = readFileSync(join(outDir, plot.file!), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
    const timeline = readFileSync(join(outDir, 'plots/fake-timeline-answer-question-7.svg'), 'utf8');
    for (const lane of ['user (input energy)', 'harness', 'harness-b']) expect(timeline).toContain(lane);
    expect(plots.find((p) => p.file === null)).toMatchObject({ skippedReason: 'no model ran any broken sample' });
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain('skipped: no model ran any broken sample');
  });
});
