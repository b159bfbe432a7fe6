// `tandem bench` on every data suite at --size small, as CI runs it: all samples run, every metric is a number or missing with a reason.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../../main/bench/report';
import { TempDirs, ensureBuilt, runTandem, type TandemResult } from '../cli/cli.fixture';

const temp = new TempDirs();
const SUITES = ['fdbench', 'timespeak', 'cuespeak', 'repcount', 'codewatch'];

function wavSamples(path: string): number {
  // 16-bit mono with a 44-byte header (what Tandem and the generator write).
  return (statSync(path).size - 44) / 2;
}

describe(`tandem bench ${SUITES.join(',')} --size small`, () => {
  let outDir: string;
  let run: TandemResult;
  let report: BenchReport;

  beforeAll(async () => {
    await ensureBuilt();
    outDir = temp.make('bench-small');
    run = await runTandem(['bench', SUITES.join(','), '--size', 'small', '--im', 'harness', '--out', outDir], { timeoutMs: 240_000 });
    if (run.code === 0) report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  }, 300_000);
  afterAll(() => temp.removeAll());

  it('runs every sample of every suite and writes the report', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(report.complete).toBe(true);
    expect(report.suites.map((s) => s.name)).toEqual(SUITES);
    for (const suite of report.suites) {
      const harness = suite.models.harness;
      expect(harness.samples.failed, suite.name).toBe(0);
      expect(harness.samples.ran, suite.name).toBeGreaterThan(0);
      expect(suite.data?.seeds.length, suite.name).toBeGreaterThan(0);
    }
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain('| metric | harness |');
  });

  it('reports each metric as a number or as missing with its reason, never a silent default', () => {
    for (const suite of report.suites) {
      for (const [key, metric] of Object.entries(suite.models.harness.metrics)) {
        if (metric.value === null) expect(metric.missingReason, `${suite.name} ${key}`).toMatch(/\w/);
        else expect(Number.isFinite(metric.value), `${suite.name} ${key}`).toBe(true);
        expect(suite.definitions.some((d) => d.key === key), `${suite.name} ${key} has a definition`).toBe(true);
      }
    }
  });

  it('writes each model\'s time-synchronous output.wav next to its run of a Full-Duplex-Bench sample', () => {
    const task = 'smooth_turn_taking';
    const dataDir = join(outDir, 'fdbench', 'data', task);
    const sample = readdirSync(dataDir).find((name) => existsSync(join(dataDir, name, 'input.wav')))!;
    const runDir = join(outDir, 'fdbench', 'harness', task, sample);
    expect(wavSamples(join(runDir, 'output.wav'))).toBe(wavSamples(join(dataDir, sample, 'input.wav')));
    expect(existsSync(join(runDir, 'timeline.jsonl'))).toBe(true);
  });

  it('draws plots as SVG files', () => {
    const plots = readdirSync(join(outDir, 'plots')).filter((f) => f.endsWith('.svg'));
    expect(plots.length).toBeGreaterThan(0);
    expect(readFileSync(join(outDir, 'plots', plots[0]), 'utf8')).toMatch(/^<svg/);
  });
});
