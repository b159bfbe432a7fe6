// Measurement, not a check (skipped unless CODEWATCH_FULL=1 or CODEWATCH_SEEDS=first:count): the code watcher on the
// codewatch suite's screenshots, made by the suite's own generator and scored with the suite's matching rules.
// Prints precision, recall per bug kind and language, false alarms on clean files, and offer → reading times.
// CODEWATCH_COMPARE=1 also reads every screenshot with the first version's single OCR worker and prints new/old ratios.
//
//   CODEWATCH_FULL=1 npx vitest run tests/main/perception/code/codewatch_suite_measurement.test.ts
//   CODEWATCH_FULL=1 CODEWATCH_COMPARE=1 npx vitest run tests/main/perception/code/codewatch_suite_measurement.test.ts
//   CODEWATCH_SEEDS=50000000:60 npx vitest run tests/main/perception/code/codewatch_suite_measurement.test.ts   (tuning seeds, outside the suite)
// Samples are cached in CODEWATCH_WORK_DIR (default bench/tmp/codewatch-measure), the report is written there as JSON.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import type { CodeReading } from '../../../../common/perception';
import { makeCodewatchSample } from '../../../../main/bench/gen/codewatchSample';
import { prepareGeneratedSamples } from '../../../../main/bench/gen/generatedSamples';
import type { BenchSample, SampleRun } from '../../../../main/bench/suite';
import { CODEWATCH_GENERATOR_VERSION, CODEWATCH_SAMPLES, CODEWATCH_SEED_RANGE, matchFindings, scoreCodewatch } from '../../../../main/bench/suites/codewatch';
import { CodeWatcher, DEFAULT_OCR_WORKERS } from '../../../../main/perception/code';
import { ensureBuilt, REPO_ROOT } from '../../cli/cli.fixture';

const full = process.env.CODEWATCH_FULL === '1';
const tuning = process.env.CODEWATCH_SEEDS;
const compare = process.env.CODEWATCH_COMPARE === '1';
const workDir = process.env.CODEWATCH_WORK_DIR ?? nodePath.join(REPO_ROOT, 'bench/tmp/codewatch-measure');

function seeds(): { seeds: number[]; first: number; label: string } {
  if (tuning) {
    const [first, count] = tuning.split(':').map(Number);
    return { seeds: Array.from({ length: count }, (_, k) => first + k), first, label: `tuning seeds ${first}–${first + count - 1}` };
  }
  const first = CODEWATCH_SEED_RANGE.first;
  // CODEWATCH_LIMIT=n: the suite's first n samples only (a quick timing check while the machine is quiet).
  const count = Math.min(CODEWATCH_SAMPLES.full, Number(process.env.CODEWATCH_LIMIT) || CODEWATCH_SAMPLES.full);
  const what = count === CODEWATCH_SAMPLES.full ? 'codewatch full' : `codewatch first ${count}`;
  return { seeds: Array.from({ length: count }, (_, k) => first + k), first, label: `${what} (seeds ${first}–${first + count - 1})` };
}

function loadFrame(sample: BenchSample): RgbFrame {
  const png = PNG.sync.read(fs.readFileSync(nodePath.join(nodePath.dirname(sample.input), 'screen.png')));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, p = 0; i < png.width * png.height; i++, p += 4) {
    rgb[3 * i] = png.data[p];
    rgb[3 * i + 1] = png.data[p + 1];
    rgb[3 * i + 2] = png.data[p + 2];
  }
  return { rgb, width: png.width, height: png.height, atMs: 0, frameIndex: 0 };
}

/** Nearest-rank quantile, as the suites define it. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

interface ConfigResult {
  runs: SampleRun[];
  elapsed: number[];
  details: Array<{ seed: number | null; language: unknown; reading: CodeReading }>;
  heldBack: number;
}

/** The suite's metrics and the offer → reading times of one configuration. */
function reportOf({ runs, elapsed, details, heldBack }: ConfigResult) {
  const scored = scoreCodewatch(runs);
  const perLanguage: Record<string, { bugs: number; matched: number; findings: number }> = {};
  for (const run of runs) {
    const m = matchFindings(run)!;
    const entry = (perLanguage[m.language] ??= { bugs: 0, matched: 0, findings: 0 });
    entry.bugs += m.bugs;
    entry.matched += m.matched;
    entry.findings += m.findings;
  }
  return {
    metrics: scored.metrics,
    notes: scored.notes,
    perLanguage,
    heldBack,
    statuses: details.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.reading.status]: (acc[d.reading.status] ?? 0) + 1 }), {}),
    offerToReadingMs: { p50: quantile(elapsed, 0.5), p95: quantile(elapsed, 0.95), max: Math.max(...elapsed) },
    falseFindings: runs.flatMap((run) => {
      const truth = run.sample.truth as { bugs: Array<{ line: number }> };
      const lines = new Set(truth.bugs.map((b) => b.line));
      return (run.summary.codeFindings as Array<{ line: number; message: string }>).filter((f) => !lines.has(f.line)).map((f) => `${run.sample.seed}: ${f.message}`);
    }),
  };
}

/** new / old for each statistic (below 1: the new configuration is faster). */
function ratios(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(now).map((key) => [key, Math.round((now[key] / before[key]) * 100) / 100]));
}

describe.skipIf(!full && !tuning)('codewatch measurement of the code watcher', () => {
  it('reads every screenshot and reports the suite metrics', async () => {
    await ensureBuilt();
    const { seeds: list, first, label } = seeds();
    const prepared = await prepareGeneratedSamples({
      suite: tuning ? 'codewatch-tuning' : 'codewatch',
      workDir,
      seeds: list,
      generatorVersion: CODEWATCH_GENERATOR_VERSION,
      make: (seed, dir) => makeCodewatchSample(seed, seed - first, dir),
    });
    // One warm watcher per configuration (as in a session); each screenshot is its own session, so what was said for one
    // is forgotten. With CODEWATCH_COMPARE=1 the first version's configuration (one OCR worker) reads every screenshot
    // too, alternately first and second, so both see the same load on a shared machine.
    const configs: Array<{ name: string; ocrWorkers: number }> = [{ name: `ocrWorkers ${DEFAULT_OCR_WORKERS} (default)`, ocrWorkers: DEFAULT_OCR_WORKERS }];
    if (compare) configs.push({ name: 'ocrWorkers 1 (first version)', ocrWorkers: 1 });
    const watchers: CodeWatcher[] = [];
    const results = configs.map(() => ({ runs: [] as SampleRun[], elapsed: [] as number[], details: [] as Array<{ seed: number | null; language: unknown; reading: CodeReading }>, heldBack: 0 }));
    try {
      for (const config of configs) watchers.push(await CodeWatcher.start({ ocrWorkers: config.ocrWorkers }));
      for (const [k, sample] of prepared.samples.entries()) {
        const order = configs.map((_, c) => c);
        if (k % 2 === 1) order.reverse();
        for (const c of order) {
          const watcher = watchers[c];
          const result = results[c];
          watcher.forgetReported();
          watcher.offer(loadFrame(sample));
          await watcher.whenIdle();
          const readings = watcher.take();
          expect(readings).toHaveLength(1);
          const [reading] = readings;
          result.elapsed.push(reading.elapsedMs);
          result.heldBack += reading.heldBack;
          result.details.push({ seed: sample.seed, language: sample.truth.language, reading });
          result.runs.push({ sample, model: 'code-watcher', outDir: '', events: [], summary: { codeFindings: reading.findings.map((f) => ({ line: f.line, message: f.message })) } });
        }
      }
    } finally {
      for (const watcher of watchers) await watcher.dispose();
    }
    const reports = configs.map((config, c) => ({ configuration: config.name, ...reportOf(results[c]) }));
    const report = {
      label,
      samples: prepared.samples.length,
      loadAverage: os.loadavg(),
      cpus: os.cpus().length,
      ...(reports.length === 2 ? { offerToReadingRatio: ratios(reports[0].offerToReadingMs, reports[1].offerToReadingMs) } : {}),
      configurations: reports,
    };
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(nodePath.join(workDir, `report-${tuning ? 'tuning' : 'full'}.json`), JSON.stringify({ ...report, readings: results.map((r) => r.details) }, null, 1));
    console.log(JSON.stringify(report, null, 1));
    for (const result of results) expect(result.runs.length).toBe(list.length);
  }, 3_600_000);
});
