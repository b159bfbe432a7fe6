// `tandem bench SUITE`: prepares each suite's samples, runs every model on every sample headlessly, scores, and writes report.json, report.md and plots.

import type { SharedPerceptionSignals } from '../engine/session';
import { createPerceptionSignals } from '../perception/signals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TandemError } from '../../common/errors';
import { readTimeline } from '../engine/timelineReader';
import { prepareOutDir, runInput, TANDEM_VERSION, type RunSummary } from '../cli/runInput';
import type { Voice } from '../../common/interaction';
import { createVoice, DEFAULT_VOICE_CHOICE } from '../models/speech/voiceChoice';
import { describeMachine } from './loopedSession';
import { writeSuitePlots } from './plots';
import {
  REPORT_FORMAT,
  describeSeeds,
  renderReportMarkdown,
  type BenchModelChoice,
  type BenchReport,
  type ModelSuiteReport,
  type ReportDefinition,
  type ReportMetric,
  type SampleCounts,
  type SampleFailure,
  type SuiteReport,
} from './report';
import type { BenchSample, BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from './suite';

export interface SampleRunContext {
  size: BenchSize;
  /** Set when the user asked to stop (Ctrl-C): a long run should end as soon as it can. */
  signal?: AbortSignal;
  log: (line: string) => void;
}

/**
 * A suite that runs a sample itself instead of through `tandem run`: perf measures the process around a
 * long looped session (CPU, memory, a real-time pass), which a run of a scenario file cannot. It must
 * still write timeline.jsonl and summary.json into outDir.
 */
export interface SelfRunningSuite extends BenchSuite {
  runSample(sample: BenchSample, model: BenchModelChoice, outDir: string, context: SampleRunContext): Promise<SampleRun>;
}

function runsItself(suite: BenchSuite): suite is SelfRunningSuite {
  return typeof (suite as Partial<SelfRunningSuite>).runSample === 'function';
}

export interface RunBenchOptions {
  suites: BenchSuite[];
  models: BenchModelChoice[];
  outDir: string;
  size: BenchSize;
  /** External data for the suite (only meaningful with one suite). */
  dataDir?: string;
  /** The command line, recorded in the report. */
  command?: string;
  /** Progress lines (default: stdout). */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunBenchResult {
  report: BenchReport;
  reportJsonPath: string;
  reportMarkdownPath: string;
  failedSamples: number;
  /** Suites that could not be prepared. */
  failedSuites: number;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks model labels before any work: they name report columns and folders. */
export function checkModelChoices(models: readonly BenchModelChoice[]): void {
  if (models.length === 0) throw new TandemError('USAGE', 'No interaction model to benchmark', '--im', 'Give at least one model: --im harness');
  const seen = new Set<string>();
  for (const m of models) {
    if (!SAFE_ID.test(m.label) || m.label === 'data' || m.label === 'plots') {
      throw new TandemError('USAGE', `"${m.label}" cannot name a model's results`, '--im', 'Use letters, digits, ".", "_" or "-" (and not "data" or "plots"), e.g. --im harness,harness=harness-b.');
    }
    if (seen.has(m.label)) throw new TandemError('USAGE', `Model label "${m.label}" is given twice`, '--im', 'Give each run its own label: --im harness,harness=harness-b.');
    seen.add(m.label);
  }
}

export async function runBench(options: RunBenchOptions): Promise<RunBenchResult> {
  checkModelChoices(options.models);
  const outDir = prepareOutDir(options.outDir);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  const report: BenchReport = {
    format: REPORT_FORMAT,
    tandemVersion: TANDEM_VERSION,
    date: new Date().toISOString(),
    size: options.size,
    command: options.command ?? `tandem bench ${options.suites.map((s) => s.name).join(',')}`,
    machine: { ...describeMachine(), tandemVersion: TANDEM_VERSION },
    models: options.models.map((m) => ({ ...m })),
    suites: [],
    notes: [
      'Runs are headless on the virtual clock (the perf suite adds a short real-time pass), so every model sees exactly the same input, micro-turn by micro-turn.',
      `Assistant speech is the embedded espeak-ng voice (wasm, streamed in 200 ms chunks, word timings from espeak-ng's own word events; on the virtual clock each utterance is fully synthesized before it starts, so runs are identical).`,
    ],
    complete: true,
    wallSeconds: 0,
  };
  const paths = { json: join(outDir, 'report.json'), markdown: join(outDir, 'report.md') };
  const save = () => {
    report.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
    writeFileSync(paths.json, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(paths.markdown, renderReportMarkdown(report));
  };
  let failedSamples = 0;
  let failedSuites = 0;
  try {
    for (const suite of options.suites) {
      if (options.signal?.aborted) {
        report.complete = false;
        break;
      }
      const suiteReport = await runSuite(suite, options, outDir, log);
      report.suites.push(suiteReport);
      if (suiteReport.error) failedSuites++;
      failedSamples += Object.values(suiteReport.models).reduce((sum, m) => sum + m.samples.failed, 0);
      if (options.signal?.aborted) report.complete = false;
      // Written after every suite, so a long `all` run that is stopped keeps what it finished.
      save();
    }
  } finally {
    await disposeBenchShared();
  }
  if (!report.complete) report.notes.push('Stopped early by the user: suites, models or samples after the stop were not run.');
  save();
  log(`wrote ${paths.json} and ${paths.markdown}`);
  return { report, reportJsonPath: paths.json, reportMarkdownPath: paths.markdown, failedSamples, failedSuites };
}

/**
 * The task a metric belongs to: the one its definition names, else its key's prefix before the first
 * ".", when that is one of the suite's tasks.
 */
function taskOfKey(key: string, tasks: readonly string[], definitions: readonly MetricDefinition[] = []): string | null {
  const named = definitions.find((d) => d.key === key)?.scoredOnTask;
  if (named && tasks.includes(named)) return named;
  const dot = key.indexOf('.');
  if (dot <= 0) return null;
  const prefix = key.slice(0, dot);
  return tasks.includes(prefix) ? prefix : null;
}

async function runSuite(suite: BenchSuite, options: RunBenchOptions, outDir: string, log: (line: string) => void): Promise<SuiteReport> {
  const started = performance.now();
  const suiteDir = join(outDir, suite.name);
  const workDir = join(suiteDir, 'data');
  const suiteReport: SuiteReport = { name: suite.name, description: suite.description, tasks: [], data: null, definitions: [], models: {}, notes: [], plots: [], wallSeconds: 0 };
  const finish = () => {
    suiteReport.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
    return suiteReport;
  };

  log(`[${suite.name}] preparing samples (size ${options.size}${options.dataDir ? `, data ${options.dataDir}` : ''})…`);
  let prepared: Awaited<ReturnType<BenchSuite['prepare']>>;
  try {
    mkdirSync(workDir, { recursive: true });
    prepared = await suite.prepare({ size: options.size, dataDir: options.dataDir, workDir });
    checkSamples(suite.name, prepared.samples);
  } catch (error) {
    suiteReport.error = `preparing the samples failed: ${messageOf(error)}`;
    suiteReport.definitions = suite.metrics.map((d) => ({ ...d, task: null }));
    log(`[${suite.name}] FAILED to prepare: ${messageOf(error)}`);
    return finish();
  }
  const { samples } = prepared;
  const tasks = [...new Set(samples.map((s) => s.task))];
  suiteReport.tasks = tasks;
  suiteReport.notes.push(...prepared.notes);
  suiteReport.data = {
    kind: options.dataDir ? 'external' : 'generated',
    description: options.dataDir
      ? `external: ${resolve(options.dataDir)}`
      : prepared.seeds.length > 0
        ? `generated from seeds ${describeSeeds(prepared.seeds)}`
        : 'generated without random seeds',
    seeds: [...prepared.seeds],
    path: options.dataDir ? resolve(options.dataDir) : workDir,
    samples: samples.length,
  };
  suiteReport.definitions = suite.metrics.map((d) => ({ ...d, task: taskOfKey(d.key, tasks, suite.metrics) }));
  log(`[${suite.name}] ${samples.length} samples in ${tasks.length} task(s): ${suiteReport.data.description}`);

  const runsByModel = new Map<string, SampleRun[]>();
  for (const model of options.models) {
    const modelStarted = performance.now();
    const runs: SampleRun[] = [];
    const failures: SampleFailure[] = [];
    let modelErrorRuns = 0;
    for (const [index, sample] of samples.entries()) {
      if (options.signal?.aborted) break;
      const runDir = join(suiteDir, model.label, sample.task, sample.id);
      const sampleStarted = performance.now();
      try {
        rmSync(runDir, { recursive: true, force: true });
        mkdirSync(runDir, { recursive: true });
        const run = runsItself(suite)
          ? await suite.runSample(sample, model, runDir, { size: options.size, signal: options.signal, log })
          : await runThroughTandem(sample, model, runDir, options.signal, await sharedVoice(), sharedSignals());
        runs.push(run);
        if (typeof run.summary.modelErrors === 'number' && run.summary.modelErrors > 0) modelErrorRuns++;
        log(`[${suite.name}] ${model.label} ${index + 1}/${samples.length} ${sample.task}/${sample.id} ok (${((performance.now() - sampleStarted) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failures.push({ sampleId: sample.id, task: sample.task, error: messageOf(error) });
        log(`[${suite.name}] ${model.label} ${index + 1}/${samples.length} ${sample.task}/${sample.id} FAILED: ${messageOf(error)}`);
      }
    }
    const notRun = samples.filter((s) => !runs.some((r) => r.sample === s) && !failures.some((f) => f.sampleId === s.id));
    const modelReport = scoreModel(suite, model, samples, tasks, runs, failures, notRun, suiteReport.definitions);
    if (modelErrorRuns > 0) modelReport.notes.push(`${modelErrorRuns} run(s) had interaction-model step errors (the session went on silent for those micro-turns; see each run's summary.json).`);
    modelReport.wallSeconds = Math.round((performance.now() - modelStarted) / 100) / 10;
    suiteReport.models[model.label] = modelReport;
    runsByModel.set(model.label, runs);
    const failedNote = failures.length > 0 ? `, ${failures.length} failed (excluded from the metrics)` : '';
    log(`[${suite.name}] ${model.label}: ${runs.length}/${samples.length} samples scored${failedNote}`);
  }
  // Metrics a suite reports without declaring them still go in the report, flagged, rather than vanishing.
  for (const key of new Set(Object.values(suiteReport.models).flatMap((m) => Object.keys(m.metrics)))) {
    if (suiteReport.definitions.some((d) => d.key === key)) continue;
    suiteReport.definitions.push({ key, label: key, definition: 'Reported by the suite without a definition.', unit: '', lowerIsBetter: true, task: taskOfKey(key, tasks) });
    suiteReport.notes.push(`metric ${key} was reported without a definition in the suite`);
  }

  try {
    suiteReport.plots = await writeSuitePlots({ suite: suiteReport, samples, runsByModel, plotsDir: join(outDir, 'plots'), reportDir: outDir });
    for (const plot of suiteReport.plots) if (plot.file) log(`[${suite.name}] plot ${plot.file}`);
  } catch (error) {
    suiteReport.notes.push(`plots could not be drawn: ${messageOf(error)}`);
  }
  return finish();
}

// One embedded voice for every sample of a process: starting espeak-ng's thread and wasm for each of the
// thousand samples cost about half a second apiece (it tripled the full benchmark's wall time).
let benchVoice: Promise<Voice> | undefined;
function sharedVoice(): Promise<Voice> {
  benchVoice ??= createVoice(DEFAULT_VOICE_CHOICE);
  return benchVoice;
}

// One set of perception signals too: the code watcher's thread loads OCR and the analyzers once, not per sample
// (each run resets the signals, so no sample sees another's counts, findings or watches).
let benchSignals: SharedPerceptionSignals | undefined;
function sharedSignals(): SharedPerceptionSignals {
  benchSignals ??= createPerceptionSignals();
  return benchSignals;
}

/** Releases the shared voice's and perception's threads when a benchmark run ends. */
async function disposeBenchShared(): Promise<void> {
  const voice = benchVoice;
  const signals = benchSignals;
  benchVoice = undefined;
  benchSignals = undefined;
  if (voice) await (await voice).dispose();
  await signals?.dispose();
}

function checkSamples(suiteName: string, samples: readonly BenchSample[]): void {
  const seen = new Set<string>();
  for (const s of samples) {
    if (!SAFE_ID.test(s.id) || !SAFE_ID.test(s.task)) throw new Error(`sample "${s.task}/${s.id}" of ${suiteName} is not safe as a folder name`);
    if (seen.has(`${s.task}/${s.id}`)) throw new Error(`sample "${s.task}/${s.id}" of ${suiteName} appears twice`);
    seen.add(`${s.task}/${s.id}`);
  }
}

/** One sample through `tandem run`: output.wav, timeline.jsonl and summary.json land in runDir. */
async function runThroughTandem(sample: BenchSample, model: BenchModelChoice, runDir: string, signal: AbortSignal | undefined, voice: Voice, signals: SharedPerceptionSignals): Promise<SampleRun> {
  let stop: (() => void) | undefined;
  const onAbort = () => stop?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  let summary: RunSummary;
  try {
    summary = await runInput({
      input: sample.input,
      outDir: runDir,
      im: model.model,
      imConfigPath: model.imConfigPath,
      realtime: false,
      voice: DEFAULT_VOICE_CHOICE,
      sharedVoice: voice,
      sharedSignals: signals,
      onSession: (session) => {
        stop = () => session.stop();
        if (signal?.aborted) session.stop();
      },
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (!summary.complete) throw new Error(`the run stopped after ${summary.ticks} micro-turns, before the end of the input`);
  const timeline = readTimeline(summary.outputs.timeline);
  return { sample, model: model.label, outDir: runDir, events: timeline.events, summary: summary as unknown as Record<string, unknown> };
}

function counts(samples: readonly BenchSample[], runs: readonly SampleRun[], failures: readonly SampleFailure[], task?: string): SampleCounts {
  const inTask = <T extends { task: string }>(x: T) => task === undefined || x.task === task;
  return {
    total: samples.filter(inTask).length,
    ran: runs.filter((r) => inTask(r.sample)).length,
    failed: failures.filter(inTask).length,
  };
}

function scoreModel(
  suite: BenchSuite,
  model: BenchModelChoice,
  samples: readonly BenchSample[],
  tasks: readonly string[],
  runs: SampleRun[],
  failures: SampleFailure[],
  notRun: readonly BenchSample[],
  definitions: readonly ReportDefinition[],
): ModelSuiteReport {
  const report: ModelSuiteReport = {
    label: model.label,
    model: model.model,
    imConfigPath: model.imConfigPath ?? null,
    samples: counts(samples, runs, failures),
    samplesByTask: Object.fromEntries(tasks.map((t) => [t, counts(samples, runs, failures, t)])),
    failures,
    metrics: {},
    distributions: {},
    notes: [],
    wallSeconds: 0,
  };
  if (notRun.length > 0) report.notes.push(`${notRun.length} sample(s) not run: the benchmark was stopped first.`);
  if (failures.length > 0) report.notes.push(`${failures.length} of ${samples.length} sample(s) failed to run and are excluded from every metric.`);

  let result: SuiteResult | null = null;
  let missingAll: string | null = null;
  if (runs.length === 0) {
    missingAll = failures.length > 0 ? `all ${failures.length} samples failed to run` : 'no sample was run';
  } else {
    try {
      result = suite.score(runs);
    } catch (error) {
      missingAll = `scoring failed: ${messageOf(error)}`;
      report.notes.push(missingAll);
    }
  }
  const keys = [...definitions.map((d) => d.key), ...Object.keys(result?.metrics ?? {}).filter((k) => !definitions.some((d) => d.key === k))];
  for (const key of keys) {
    const task = taskOfKey(key, tasks, suite.metrics);
    const sampleCounts = task === null ? report.samples : report.samplesByTask[task];
    report.metrics[key] = checkedMetric(result ? result.metrics[key] : undefined, missingAll, sampleCounts, task);
  }
  for (const [key, values] of Object.entries(result?.distributions ?? {})) {
    report.distributions[key] = values.filter((v) => Number.isFinite(v));
  }
  report.notes.push(...(result?.notes ?? []));
  return report;
}

/** A suite's value as the report shows it: never a number standing in for "could not compute". */
function checkedMetric(value: MetricValue | undefined, missingAll: string | null, samples: SampleCounts, task: string | null): ReportMetric {
  const base = { task, samples };
  if (missingAll !== null) return { ...base, value: null, n: 0, missingReason: missingAll };
  if (!value) return { ...base, value: null, n: 0, missingReason: 'the suite reported no value for this metric' };
  if (value.value === null) return { ...base, value: null, n: value.n, missingReason: value.missingReason ?? 'the suite gave no reason' };
  if (!Number.isFinite(value.value)) return { ...base, value: null, n: value.n, missingReason: `not a finite number (${value.value})` };
  if (value.n === 0) return { ...base, value: null, n: 0, missingReason: `computed over 0 samples (the suite returned ${value.value})` };
  return { ...base, value: value.value, n: value.n };
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error).replace(/\s*\n\s*/g, ' ');
}
