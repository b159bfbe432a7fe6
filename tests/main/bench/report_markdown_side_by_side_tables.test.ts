// report.md and the README summary block: one column per model, arrows for the better direction, n per cell, "missing (reason)" for null, and a suite that could not run said so.

import { describe, expect, it } from 'vitest';
import { describeSeeds, formatNumber, renderReportMarkdown, renderSummaryTables, type BenchReport, type ModelSuiteReport, type SuiteReport } from '../../../main/bench/report';

const counts = { total: 4, ran: 3, failed: 1 };

function model(label: string, latency: number | null, reason?: string): ModelSuiteReport {
  return {
    label,
    model: 'harness',
    imConfigPath: null,
    samples: counts,
    samplesByTask: { smooth_turn_taking: counts },
    failures: [{ sampleId: 's-0004', task: 'smooth_turn_taking', error: 'input.wav is truncated' }],
    metrics: {
      'smooth_turn_taking.latency': { value: latency, n: latency === null ? 0 : 3, ...(reason ? { missingReason: reason } : {}), task: 'smooth_turn_taking', samples: counts },
      'smooth_turn_taking.tor': { value: 0.6667, n: 3, task: 'smooth_turn_taking', samples: counts },
      overall_score: { value: 1234.5, n: 3, task: null, samples: counts },
    },
    distributions: {},
    notes: [],
    wallSeconds: 1,
  };
}

const suite: SuiteReport = {
  name: 'fdbench',
  description: 'Full-Duplex-Bench v1 and v1.5, generated.',
  tasks: ['smooth_turn_taking'],
  data: { kind: 'generated', description: 'generated from seeds 1–4', seeds: [1, 2, 3, 4], path: '/out/fdbench/data', samples: 4 },
  definitions: [
    { key: 'overall_score', label: 'overall', definition: 'Sum of things.', unit: '', lowerIsBetter: false, task: null },
    { key: 'smooth_turn_taking.tor', label: 'TOR', definition: 'Share of samples where the model took the turn.', unit: 'ratio', lowerIsBetter: false, task: 'smooth_turn_taking' },
    { key: 'smooth_turn_taking.latency', label: 'latency', definition: 'Model speech start − user speech end.', unit: 'ms', lowerIsBetter: true, task: 'smooth_turn_taking' },
  ],
  models: { harness: model('harness', 412.25), native: model('native', null, 'never took | the turn') },
  notes: ['suite note'],
  plots: [{ title: 'latency', file: 'plots/fdbench-latency.svg' }, { title: 'timeline', file: null, skippedReason: 'no run' }],
  wallSeconds: 3,
};

const report: BenchReport = {
  format: 'tandem-bench-report/1',
  tandemVersion: '0.1.0',
  date: '2026-05-01T10:00:00.000Z',
  size: 'full',
  command: 'tandem bench all --out out/bench',
  machine: { os: 'Linux 6', cpu: 'Test CPU', cores: 2, memoryGb: 8, freeMemoryGb: 4, node: 'v20.19.0', tandemVersion: '0.1.0' },
  models: [
    { label: 'harness', model: 'harness' },
    { label: 'native', model: 'native' },
  ],
  suites: [suite, { ...suite, name: 'repcount', error: 'preparing the samples failed: espeak-ng not found', models: {}, tasks: [], data: null }],
  notes: ['run note'],
  complete: true,
  wallSeconds: 10,
};

describe('benchmark report markdown', () => {
  it('puts the models side by side with arrows, n per cell and the reason where a value is missing', () => {
    const md = renderSummaryTables(report);
    expect(md).toContain('### fdbench');
    expect(md).toContain('| metric | harness | native |');
    expect(md).toContain('| overall ↑ | 1235 (n=3) | 1235 (n=3) |');
    expect(md).toContain('| **smooth_turn_taking** | 3/4 ran, **1 failed** | 3/4 ran, **1 failed** |');
    expect(md).toContain('| TOR, ratio ↑ | 0.67 (n=3) | 0.67 (n=3) |');
    expect(md).toContain('| latency, ms ↓ | 412 (n=3) | missing (never took \\| the turn), n=0 |');
    expect(md).toContain('2026-05-01, size full, 2 cores Test CPU');
  });

  it('keeps the suite\'s order of metrics, grouped by task, with suite-wide metrics after a task under their own heading', () => {
    const reordered: SuiteReport = { ...suite, definitions: [suite.definitions[2], suite.definitions[0], suite.definitions[1]] };
    const md = renderSummaryTables({ ...report, suites: [reordered] });
    const rows = md.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| metric') && !line.startsWith('| ---')).map((line) => line.split(' | ')[0]);
    expect(rows).toEqual(['| **smooth_turn_taking**', '| latency, ms ↓', '| TOR, ratio ↑', '| **other metrics**', '| overall ↑', '| samples']);
  });

  it('says a suite was not run and why, instead of an empty table', () => {
    expect(renderSummaryTables(report)).toContain('### repcount\n\n_Not run: preparing the samples failed: espeak-ng not found_');
  });

  it('follows each table with the data source, plots, definitions, failures and notes', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('Data: generated from seeds 1–4, 4 samples (`/out/fdbench/data`).');
    expect(md).toContain('![latency](plots/fdbench-latency.svg)');
    expect(md).toContain('- **smooth_turn_taking.latency** — latency (ms, lower is better): Model speech start − user speech end.');
    expect(md).toContain('- harness: smooth_turn_taking/s-0004: input.wav is truncated');
    expect(md).toContain('- plot "timeline" skipped: no run');
    expect(md).toContain('- suite note');
    expect(md).toContain('- run note');
    expect(md.indexOf('| metric |')).toBeLessThan(md.indexOf('### Definitions'));
  });

  it('formats numbers to about three significant figures and seeds as ranges', () => {
    expect([formatNumber(412.25), formatNumber(12.345), formatNumber(1.2345), formatNumber(0.01234), formatNumber(0), formatNumber(7)]).toEqual(['412', '12.3', '1.23', '0.012', '0', '7']);
    expect(describeSeeds([5, 1, 2, 3, 9, 10])).toBe('1–3, 5, 9–10');
  });
});
