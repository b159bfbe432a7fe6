// The benchmark report: what report.json holds, and the markdown (side-by-side tables, definitions, notes) rendered from it.

import type { BenchSize, MetricDefinition, MetricValue } from './suite';
import type { MachineDescription } from './loopedSession';

export const REPORT_FORMAT = 'tandem-bench-report/1';

/** An interaction model as the benchmark ran it: `label` names its column and its folder. */
export interface BenchModelChoice {
  label: string;
  /** Name in main/models/registry.ts. */
  model: string;
  imConfigPath?: string;
}

export interface SampleCounts {
  total: number;
  /** Ran to the end and were scored. */
  ran: number;
  /** Failed to run: excluded from every metric, listed in `failures`. */
  failed: number;
}

/** One metric of one model: the suite's value (or null with the reason), plus how many samples could feed it. */
export interface ReportMetric extends MetricValue {
  /** The task the metric belongs to, or null for a suite-wide metric. */
  task: string | null;
  /** Samples of that task (or of the suite) this model ran and failed. */
  samples: SampleCounts;
}

export interface SampleFailure {
  sampleId: string;
  task: string;
  error: string;
}

export interface ModelSuiteReport {
  label: string;
  model: string;
  imConfigPath: string | null;
  samples: SampleCounts;
  samplesByTask: Record<string, SampleCounts>;
  failures: SampleFailure[];
  metrics: Record<string, ReportMetric>;
  /** Per-sample values behind the metrics (for distributions and plots). */
  distributions: Record<string, number[]>;
  notes: string[];
  wallSeconds: number;
}

export interface SuiteDataSource {
  kind: 'generated' | 'external';
  /** "generated from seeds 1–40" or "external: /data/fdb". */
  description: string;
  seeds: number[];
  /** The folder the samples were written to or read from. */
  path: string;
  samples: number;
}

export interface PlotRecord {
  title: string;
  /** Path relative to the report's folder, or null when the plot was skipped. */
  file: string | null;
  skippedReason?: string;
}

export interface ReportDefinition extends MetricDefinition {
  task: string | null;
}

export interface SuiteReport {
  name: string;
  description: string;
  tasks: string[];
  data: SuiteDataSource | null;
  definitions: ReportDefinition[];
  /** Model label → results, in the order the models were given. */
  models: Record<string, ModelSuiteReport>;
  notes: string[];
  plots: PlotRecord[];
  /** Set when the suite could not run at all (its samples could not be prepared). */
  error?: string;
  wallSeconds: number;
}

export interface BenchReport {
  format: typeof REPORT_FORMAT;
  tandemVersion: string;
  date: string;
  size: BenchSize;
  command: string;
  machine: MachineDescription & { tandemVersion: string };
  models: BenchModelChoice[];
  suites: SuiteReport[];
  notes: string[];
  /** False when the run was stopped before every suite, model and sample was done. */
  complete: boolean;
  wallSeconds: number;
}

// ---- markdown ----

/** A cell's number: 3 significant figures, no exponent, integers for large values. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

/** Markdown table cells cannot hold a pipe or a line break. */
function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function formatMetricCell(metric: ReportMetric | undefined): string {
  if (!metric) return 'missing (not run)';
  if (metric.value === null) return `missing (${cellText(metric.missingReason ?? 'no reason given')}), n=${metric.n}`;
  return `${formatNumber(metric.value)} (n=${metric.n})`;
}

const arrow = (definition: MetricDefinition) => (definition.lowerIsBetter ? '↓' : '↑');

function countsCell(counts: SampleCounts | undefined): string {
  if (!counts) return '—';
  return counts.failed > 0 ? `${counts.ran}/${counts.total} ran, **${counts.failed} failed**` : `${counts.ran}/${counts.total} ran`;
}

/** The side-by-side table of one suite: a row per metric (grouped by task), a column per model. */
export function renderSuiteTable(suite: SuiteReport): string {
  const labels = Object.keys(suite.models);
  if (suite.error) return `_Not run: ${cellText(suite.error)}_\n`;
  const lines = [`| metric | ${labels.map(cellText).join(' | ')} |`, `| --- | ${labels.map(() => '---:').join(' | ')} |`];
  // Rows keep the suite's order of definitions, gathered by task in the order each task first appears.
  const groups = [...new Set(suite.definitions.map((d) => d.task))];
  groups.forEach((task, index) => {
    if (task !== null) {
      lines.push(`| **${cellText(task)}** | ${labels.map((l) => countsCell(suite.models[l].samplesByTask[task])).join(' | ')} |`);
    } else if (index > 0) {
      // Metrics that belong to no single task, after task groups: give them their own heading row.
      lines.push(`| **other metrics** | ${labels.map((l) => countsCell(suite.models[l].samples)).join(' | ')} |`);
    }
    for (const d of suite.definitions.filter((x) => x.task === task)) {
      const unit = d.unit ? `, ${d.unit}` : '';
      lines.push(`| ${cellText(d.label)}${cellText(unit)} ${arrow(d)} | ${labels.map((l) => formatMetricCell(suite.models[l].metrics[d.key])).join(' | ')} |`);
    }
  });
  lines.push(`| samples | ${labels.map((l) => countsCell(suite.models[l].samples)).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

function dataLine(suite: SuiteReport): string {
  if (!suite.data) return 'Data: none (the suite was not prepared).';
  return `Data: ${suite.data.description}, ${suite.data.samples} samples (\`${suite.data.path}\`).`;
}

/**
 * The summary block for a README: one heading and side-by-side table per suite, with the run's date,
 * size and machine. ↓ marks metrics where lower is better, ↑ where higher is better; n is the number
 * of samples (or ticks, for perf) each value is computed over.
 */
export function renderSummaryTables(report: BenchReport, headingLevel = 3): string {
  const h = '#'.repeat(headingLevel);
  const m = report.machine;
  const out = [
    `_${report.date.slice(0, 10)}, size ${report.size}, ${m.cores} cores ${m.cpu}, ${m.os}, Node ${m.node}, Tandem ${m.tandemVersion}. ` +
      `↓ lower is better, ↑ higher is better; n = samples each value is computed over._`,
    '',
  ];
  for (const suite of report.suites) {
    out.push(`${h} ${suite.name}`, '', renderSuiteTable(suite));
  }
  return out.join('\n');
}

/** The whole report.md: per suite its table, data source, plots, definitions, failures and notes. */
export function renderReportMarkdown(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [
    '# Tandem interaction benchmark',
    '',
    `- date: ${report.date}`,
    `- size: ${report.size}${report.complete ? '' : ' (**stopped early: some samples were not run**)'}`,
    `- machine: ${m.os}, ${m.cores} × ${m.cpu}, ${m.memoryGb} GB RAM, Node ${m.node}, Tandem ${m.tandemVersion}`,
    `- models: ${report.models.map((x) => (x.label === x.model ? x.model : `${x.label} (${x.model})`) + (x.imConfigPath ? ` with ${x.imConfigPath}` : '')).join(', ')}`,
    `- command: \`${report.command}\``,
    `- wall time: ${Math.round(report.wallSeconds)} s`,
    '',
    '↓ lower is better, ↑ higher is better. Each cell is the value and n, the number of samples (or ticks, for perf) it is computed over; "missing (reason)" where a value could not be computed. Samples that failed to run are excluded from every metric and counted in the task and samples rows.',
    '',
  ];
  for (const suite of report.suites) {
    out.push(`## ${suite.name}`, '', suite.description, '', dataLine(suite), '', renderSuiteTable(suite));
    const shownPlots = suite.plots.filter((p) => p.file);
    if (shownPlots.length > 0) {
      out.push('### Plots', '');
      for (const plot of shownPlots) out.push(`![${plot.title}](${plot.file})`, '');
    }
    if (suite.definitions.length > 0) {
      out.push('### Definitions', '');
      for (const d of suite.definitions) {
        out.push(`- **${d.key}** — ${d.label} (${d.unit || 'no unit'}, ${d.lowerIsBetter ? 'lower' : 'higher'} is better): ${d.definition}`);
      }
      out.push('');
    }
    const failures = Object.values(suite.models).flatMap((model) => model.failures.map((f) => `- ${model.label}: ${f.task}/${f.sampleId}: ${f.error}`));
    if (failures.length > 0) out.push('### Failed samples', '', ...failures, '');
    const notes = [
      ...suite.notes,
      ...Object.values(suite.models).flatMap((model) => model.notes.map((n) => `${model.label}: ${n}`)),
      ...suite.plots.filter((p) => !p.file).map((p) => `plot "${p.title}" skipped: ${p.skippedReason ?? 'no reason given'}`),
    ];
    if (notes.length > 0) out.push('### Notes', '', ...notes.map((n) => `- ${n}`), '');
  }
  if (report.notes.length > 0) out.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** "1–20, 40, 50–51": seeds as compact ranges. */
export function describeSeeds(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
