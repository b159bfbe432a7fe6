// The contract every benchmark suite implements: make or read samples, then score each model's run of them.

import type { TimelineEvent } from '../../common/timeline';

export type BenchSize = 'small' | 'full';

/** One input the models are run on: a scenario file or a Full-Duplex-Bench sample folder. */
export interface BenchSample {
  /** Unique within the suite, safe as a folder name. */
  id: string;
  /** The task inside the suite (e.g. fdbench: "pause_handling", "smooth_turn_taking"). */
  task: string;
  /** What `tandem run` takes: a *.scenario.json path or a sample folder with input.wav. */
  input: string;
  /** Anything the suite needs to score the sample (annotations, ground truth). */
  truth: Record<string, unknown>;
  /** Seed the sample was generated from, or null for external data. */
  seed: number | null;
}

/** What one model did on one sample, as the scorer sees it. */
export interface SampleRun {
  sample: BenchSample;
  model: string;
  /** Folder holding output.wav, timeline.jsonl and summary.json of the run. */
  outDir: string;
  events: TimelineEvent[];
  summary: Record<string, unknown>;
}

/** A number, or null with the reason it could not be computed (never 0 or a default in its place). */
export interface MetricValue {
  value: number | null;
  /** Samples the value is computed over. */
  n: number;
  missingReason?: string;
}

export interface MetricDefinition {
  /** Key in the report, e.g. "pause_handling.tor". */
  key: string;
  label: string;
  /** The exact definition, written out for the report. */
  definition: string;
  unit: string;
  /** Whether a lower value is better (for the side-by-side table's arrows). */
  lowerIsBetter: boolean;
  /** The task whose samples the metric is computed over, when that is not the key's prefix. */
  scoredOnTask?: string;
}

export interface SuiteResult {
  /** Metric key → value, for one model. */
  metrics: Record<string, MetricValue>;
  /** Per-sample values for distributions and plots (metric key → list of numbers). */
  distributions?: Record<string, number[]>;
  /** Free-form notes the report prints (e.g. "assistant word timings come from the timeline"). */
  notes?: string[];
}

export interface PrepareOptions {
  size: BenchSize;
  /** External data (e.g. a Full-Duplex-Bench download) instead of the generated suite. */
  dataDir?: string;
  /** Where generated samples are written (reused when already there for the same seeds). */
  workDir: string;
}

export interface BenchSuite {
  name: string;
  description: string;
  metrics: MetricDefinition[];
  /** Makes (generated suites, from fixed seeds) or reads (dataDir) the samples. */
  prepare(options: PrepareOptions): Promise<{ samples: BenchSample[]; seeds: number[]; notes: string[] }>;
  /** Scores every run of one model. */
  score(runs: SampleRun[]): SuiteResult;
}
