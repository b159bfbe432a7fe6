// Benchmark plots as SVG (vega-lite → vega → toSVG, headless): per-model distributions and two-lane timelines of a few samples.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SAMPLE_RATE_HZ } from '../../common/microturn';
import type { TimelineEvent } from '../../common/timeline';
import { loadInput } from '../engine/scenario/load';
import type { PlotRecord, SuiteReport } from './report';
import type { BenchSample, SampleRun } from './suite';

/** Renders a vega-lite spec to an SVG document without a browser or a canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');

// ---- distributions ----

export interface DistributionSeries {
  label: string;
  values: number[];
  /** Why there are no values (shown in the plot when `values` is empty). */
  missingReason?: string;
}

/**
 * Box plot (min–max whiskers) per model with every value as a tick, models side by side on one axis.
 * Models without values are named in the subtitle with the reason, never drawn as a zero.
 */
export function distributionSpec(title: string, axisTitle: string, series: readonly DistributionSeries[]): TopLevelSpec {
  const values = series.flatMap((s) => s.values.map((value) => ({ model: s.label, value })));
  const missing = series.filter((s) => s.values.length === 0).map((s) => `${s.label}: no values (${s.missingReason ?? 'none reported'})`);
  const counts = series.filter((s) => s.values.length > 0).map((s) => `${s.label}: n=${s.values.length}`);
  const y = { field: 'model', type: 'nominal' as const, title: null, scale: { domain: series.map((s) => s.label) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: [counts.join(', '), ...missing].filter((line) => line.length > 0) },
    width: 640,
    height: { step: 42 },
    data: { values },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', size: 22, opacity: 0.55 }, encoding: { y, x: { field: 'value', type: 'quantitative', title: axisTitle } } },
      { mark: { type: 'tick', opacity: 0.7, thickness: 1, size: 14, color: '#333' }, encoding: { y, x: { field: 'value', type: 'quantitative' } } },
    ],
    config: { font: 'sans-serif', background: 'white' },
  } as TopLevelSpec;
}

// ---- timelines ----

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface AssistantInterval extends Interval {
  kind: string;
  cut: boolean;
}

/** The assistant's utterances as played, from the timeline: started → ended, or → cut at the cut. */
export function assistantIntervals(events: readonly TimelineEvent[], sessionEndMs: number): AssistantInterval[] {
  const open = new Map<string, { startMs: number; kind: string }>();
  const out: AssistantInterval[] = [];
  for (const e of events) {
    const id = String(e.payload.utteranceId ?? '');
    if (e.kind === 'assistant_speech_started') open.set(id, { startMs: e.atMs, kind: String(e.payload.utteranceKind ?? 'speech') });
    if (e.kind === 'assistant_speech_ended' || e.kind === 'assistant_speech_cut') {
      const started = open.get(id);
      if (!started) continue;
      open.delete(id);
      out.push({ startMs: started.startMs, endMs: e.atMs, kind: started.kind, cut: e.kind === 'assistant_speech_cut' });
    }
  }
  for (const started of open.values()) out.push({ startMs: started.startMs, endMs: sessionEndMs, kind: started.kind, cut: false });
  return out.sort((a, b) => a.startMs - b.startMs);
}

const ENERGY_WINDOW_MS = 20;

/**
 * Where the input is loud enough to be speech: 20 ms RMS above max(peak − 35 dB, −50 dBFS), gaps under
 * 150 ms bridged and blips under 60 ms dropped. Only for drawing the user's lane, not for scoring.
 */
export function speechFromEnergy(audio: Float32Array, sampleRateHz = SAMPLE_RATE_HZ): Interval[] {
  const window = Math.round((sampleRateHz * ENERGY_WINDOW_MS) / 1000);
  const db: number[] = [];
  for (let start = 0; start + window <= audio.length; start += window) {
    let sum = 0;
    for (let i = start; i < start + window; i++) sum += audio[i] * audio[i];
    db.push(10 * Math.log10(sum / window + 1e-12));
  }
  const peak = Math.max(-120, ...db);
  const threshold = Math.max(peak - 35, -50);
  const raw: Interval[] = [];
  db.forEach((value, i) => {
    if (value < threshold) return;
    const startMs = i * ENERGY_WINDOW_MS;
    const last = raw[raw.length - 1];
    if (last && startMs - last.endMs < 150) last.endMs = startMs + ENERGY_WINDOW_MS;
    else raw.push({ startMs, endMs: startMs + ENERGY_WINDOW_MS });
  });
  return raw.filter((s) => s.endMs - s.startMs >= 60);
}

export interface TimelineLaneInput {
  label: string;
  /** Null when this model's run of the sample failed. */
  intervals: AssistantInterval[] | null;
  failure?: string;
}

const USER_LANE = 'user (input energy)';

/** One row for the user (speech from the input's energy), one row per model (assistant speech from its timeline), on a ms axis. */
export function timelineSpec(title: string, windowMs: number, user: Interval[] | { unavailable: string }, models: readonly TimelineLaneInput[]): TopLevelSpec {
  const lanes = [USER_LANE, ...models.map((m) => m.label)];
  const clip = (i: Interval) => ({ startMs: Math.max(0, i.startMs), endMs: Math.min(windowMs, i.endMs) });
  const rows: Array<{ lane: string; startMs: number; endMs: number; what: string }> = [];
  const notes: Array<{ lane: string; text: string }> = [];
  if (Array.isArray(user)) for (const s of user) if (s.startMs < windowMs) rows.push({ lane: USER_LANE, ...clip(s), what: 'user speech' });
  if (!Array.isArray(user)) notes.push({ lane: USER_LANE, text: `input not readable: ${user.unavailable}` });
  const cuts: Array<{ lane: string; atMs: number }> = [];
  for (const m of models) {
    if (!m.intervals) {
      notes.push({ lane: m.label, text: `run failed: ${m.failure ?? 'no run'}`.slice(0, 120) });
      continue;
    }
    if (m.intervals.length === 0) notes.push({ lane: m.label, text: 'no assistant speech' });
    for (const i of m.intervals) {
      if (i.startMs >= windowMs) continue;
      rows.push({ lane: m.label, ...clip(i), what: `assistant ${i.kind}` });
      if (i.cut && i.endMs <= windowMs) cuts.push({ lane: m.label, atMs: i.endMs });
    }
  }
  // Fixed colours, so a kind of speech looks the same in every plot whatever appears first.
  const known: Array<[string, string]> = [
    ['user speech', '#7f7f7f'],
    ['assistant reply', '#1f77b4'],
    ['assistant backchannel', '#ff7f0e'],
    ['assistant interjection', '#9467bd'],
  ];
  const extra = [...new Set(rows.map((r) => r.what))].filter((w) => !known.some(([k]) => k === w));
  const colour = { domain: [...known.map(([k]) => k), ...extra], range: [...known.map(([, c]) => c), ...extra.map((_, i) => ['#2ca02c', '#8c564b', '#e377c2', '#bcbd22'][i % 4])] };
  const y = { field: 'lane', type: 'nominal' as const, title: null, scale: { domain: lanes }, sort: lanes };
  const x = { type: 'quantitative' as const, scale: { domain: [0, windowMs], nice: false }, title: 'ms since the start of the sample' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'user: where the input is loud enough to be speech; models: when the assistant\'s audio plays (red tick: cut)' },
    width: 900,
    height: { step: 36 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', height: 20, cornerRadius: 2 },
        encoding: { y, x: { field: 'startMs', ...x }, x2: { field: 'endMs' }, color: { field: 'what', type: 'nominal', title: null, scale: colour, legend: { orient: 'bottom', labelLimit: 300 } } },
      },
      { data: { values: cuts }, mark: { type: 'tick', color: '#d62728', thickness: 2, size: 26 }, encoding: { y, x: { field: 'atMs', ...x } } },
      { data: { values: notes }, mark: { type: 'text', align: 'left', dx: 4, color: '#666' }, encoding: { y, x: { datum: 0, ...x }, text: { field: 'text' } } },
    ],
    config: { font: 'sans-serif', background: 'white' },
  } as TopLevelSpec;
}

// ---- a suite's plots ----

/**
 * The label and unit of a distribution: its metric's when the keys match, else those of the metrics
 * summarizing it (`x.latency` → `x.latency_p50`, label without the ", p50").
 */
function describeDistribution(suite: SuiteReport, key: string): { label: string; unit: string } | undefined {
  const exact = suite.definitions.find((d) => d.key === key);
  if (exact) return exact;
  const summary = suite.definitions.find((d) => d.key.startsWith(`${key}_`) || d.key.startsWith(`${key}.`));
  if (!summary) return undefined;
  return { label: summary.label.replace(/,?\s*(p\d+|mean|median|max|min)$/i, ''), unit: summary.unit };
}

export interface SuitePlotsInput {
  suite: SuiteReport;
  samples: readonly BenchSample[];
  /** Model label → its successful runs. */
  runsByModel: ReadonlyMap<string, readonly SampleRun[]>;
  plotsDir: string;
  /** The report's folder: plot paths in the report are relative to it. */
  reportDir: string;
  /** How many samples get a timeline (the first sample of each task that some model ran). Default 8. */
  timelineSamples?: number;
  /** Longest stretch of a sample a timeline shows. Default 60 s. */
  timelineWindowMs?: number;
}

/** Draws every distribution the suite reported and timelines of a few samples; a plot that cannot be drawn is skipped with the reason. */
export async function writeSuitePlots(input: SuitePlotsInput): Promise<PlotRecord[]> {
  const { suite } = input;
  mkdirSync(input.plotsDir, { recursive: true });
  const records: PlotRecord[] = [];
  const labels = Object.keys(suite.models);
  const write = async (name: string, title: string, spec: TopLevelSpec) => {
    const path = join(input.plotsDir, `${fileSafe(suite.name)}-${fileSafe(name)}.svg`);
    try {
      writeFileSync(path, await renderSvg(spec));
      records.push({ title, file: relative(input.reportDir, path).split('\\').join('/') });
    } catch (error) {
      records.push({ title, file: null, skippedReason: `rendering failed: ${(error as Error).message}` });
    }
  };

  // Every declared metric that has per-sample values, then anything else the suite put in distributions.
  const distributionKeys = [...new Set(labels.flatMap((l) => Object.keys(suite.models[l].distributions)))];
  const ordered = [...suite.definitions.map((d) => d.key).filter((k) => distributionKeys.includes(k)), ...distributionKeys.filter((k) => !suite.definitions.some((d) => d.key === k))];
  for (const key of ordered) {
    const definition = describeDistribution(suite, key);
    const title = `${suite.name}: ${definition?.label ?? key}`;
    const series = labels.map((label) => ({
      label,
      values: suite.models[label].distributions[key] ?? [],
      missingReason:
        (suite.models[label].metrics[key] ?? Object.entries(suite.models[label].metrics).find(([k]) => k.startsWith(`${key}_`))?.[1])?.missingReason ??
        (suite.models[label].samples.ran === 0 ? 'no sample ran' : undefined),
    }));
    if (series.every((s) => s.values.length === 0)) {
      records.push({ title, file: null, skippedReason: `no model has values for ${key}` });
      continue;
    }
    await write(key, title, distributionSpec(title, definition ? `${definition.label}${definition.unit ? ` (${definition.unit})` : ''}` : key, series));
  }

  // Timelines: the first sample of each task that at least one model ran.
  const chosen: BenchSample[] = [];
  for (const task of suite.tasks) {
    const sample = input.samples.find((s) => s.task === task && labels.some((l) => input.runsByModel.get(l)?.some((r) => r.sample === s)));
    if (sample) chosen.push(sample);
    else records.push({ title: `${suite.name}: timeline of a ${task} sample`, file: null, skippedReason: `no model ran any ${task} sample` });
  }
  for (const sample of chosen.slice(0, input.timelineSamples ?? 8)) {
    const title = `${suite.name}: ${sample.task}/${sample.id}`;
    let user: Interval[] | { unavailable: string };
    let inputMs: number | null = null;
    try {
      const loaded = await loadInput(sample.input);
      try {
        user = speechFromEnergy(loaded.micAudio);
        inputMs = loaded.durationMs;
      } finally {
        loaded.close();
      }
    } catch (error) {
      user = { unavailable: (error as Error).message.slice(0, 120) };
    }
    const lanes: TimelineLaneInput[] = labels.map((label) => {
      const run = input.runsByModel.get(label)?.find((r) => r.sample === sample);
      if (!run) return { label, intervals: null, failure: suite.models[label].failures.find((f) => f.sampleId === sample.id && f.task === sample.task)?.error };
      const endMs = run.events.length > 0 ? run.events[run.events.length - 1].atMs : 0;
      return { label, intervals: assistantIntervals(run.events, endMs) };
    });
    const runEndMs = Math.max(0, ...labels.map((l) => input.runsByModel.get(l)?.find((r) => r.sample === sample)?.events.at(-1)?.atMs ?? 0));
    const windowMs = Math.min(input.timelineWindowMs ?? 60_000, inputMs ?? runEndMs) || runEndMs;
    if (!(windowMs > 0)) {
      records.push({ title, file: null, skippedReason: 'the sample has no length' });
      continue;
    }
    const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    const shown = inputMs !== null && inputMs > windowMs ? `first ${seconds(windowMs)} of ${seconds(inputMs)}` : seconds(windowMs);
    const name = sample.id.startsWith(sample.task) ? `timeline-${sample.id}` : `timeline-${sample.task}-${sample.id}`;
    await write(name, title, timelineSpec(`${title} (${shown})`, windowMs, user, lanes));
  }
  return records;
}
