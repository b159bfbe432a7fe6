// `tandem bench perf --size small` as a user runs it (node bin/tandem.js): five virtual minutes and ten real-time seconds, report.json, report.md and plots.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../../main/bench/report';
import { TempDirs, ensureBuilt, runTandem, type TandemResult } from '../cli/cli.fixture';

const temp = new TempDirs();

describe('tandem bench perf --size small', () => {
  let outDir: string;
  let run: TandemResult;
  let report: BenchReport;

  beforeAll(async () => {
    await ensureBuilt();
    outDir = temp.make('bench-perf');
    run = await runTandem(['bench', 'perf', '--size', 'small', '--im', 'harness', '--out', outDir], { timeoutMs: 60_000 });
    if (run.code === 0) report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  }, 120_000);
  afterAll(() => temp.removeAll());

  it('exits 0 and prints progress and the summary table', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[perf] harness: virtual clock, 1500 ticks (300 s of looped demo speech)…');
    expect(run.stdout).toContain('[perf] harness: realtime clock, 50 ticks (10 s of looped demo speech)…');
    expect(run.stdout).toContain('| metric | harness |');
  });

  it('keeps each session\'s timeline and summary under DIR/perf/<model>/<task>/<sample>/', () => {
    for (const dir of ['virtual/looped-5min', 'realtime/looped-10s']) {
      expect(existsSync(join(outDir, 'perf/harness', dir, 'timeline.jsonl'))).toBe(true);
      expect(existsSync(join(outDir, 'perf/harness', dir, 'summary.json'))).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(outDir, 'perf/harness/virtual/looped-5min/summary.json'), 'utf8'));
    expect(summary).toMatchObject({ clock: 'virtual', ticks: 1500, virtualMs: 300_000, complete: true });
  });

  it('measures step time, response latency, CPU and memory on the virtual clock, and reports its tick lateness as missing', () => {
    const m = report.suites[0].models.harness.metrics;
    expect(m['virtual.tick_lateness_p99']).toMatchObject({ value: null, n: 0 });
    expect(m['virtual.tick_lateness_p99'].missingReason).toMatch(/virtual clock/);
    expect(m['virtual.step_p50']).toMatchObject({ n: 1500 });
    expect(m['virtual.step_p50'].value).toBeGreaterThan(0);
    expect(m['virtual.step_p99'].value).toBeGreaterThanOrEqual(m['virtual.step_p50'].value!);
    // The harness backchannels 386 ms after the question ends (turn end A2 at 3814 ms, audio at 4200 ms), every loop.
    expect(m['virtual.eos_to_first_audio_p50']).toMatchObject({ value: 386 });
    expect(m['virtual.eos_to_first_audio_p50'].n).toBeGreaterThanOrEqual(14);
    for (const key of ['virtual.cpu_share', 'virtual.cpu_per_realtime', 'virtual.rss_start', 'virtual.rss_warm', 'virtual.rss_end']) {
      expect(m[key].value, key).toBeGreaterThan(0);
    }
    expect(typeof m['virtual.rss_growth'].value).toBe('number');
  });

  it('reports tick lateness from the real-time run', () => {
    const m = report.suites[0].models.harness.metrics;
    expect(m['realtime.tick_lateness_p50']).toMatchObject({ n: 50 });
    expect(m['realtime.tick_lateness_p99'].value).toBeGreaterThanOrEqual(0);
    expect(m['realtime.cpu_share'].value).toBeGreaterThan(0);
    expect(m['realtime.cpu_share'].value).toBeLessThan(100);
  });

  it('writes report.md and valid SVG plots', () => {
    const md = readFileSync(join(outDir, 'report.md'), 'utf8');
    expect(md).toContain('| tick lateness p99, ms ↓ | missing (virtual clock: ticks are never late; see realtime), n=0 |');
    const plots = report.suites[0].plots.filter((p) => p.file);
    expect(plots.map((p) => p.file)).toEqual([
      'plots/perf-virtual.eos_to_first_audio.svg',
      'plots/perf-realtime.eos_to_first_audio.svg',
      'plots/perf-timeline-virtual-looped-5min.svg',
      'plots/perf-timeline-realtime-looped-10s.svg',
    ]);
    for (const plot of plots) expect(readFileSync(join(outDir, plot.file!), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
