// The `codewatch` suite: generated editor screenshots with planted bugs (and clean files) on the screen stream; precision and recall of summary.json's codeFindings, false alarms on clean files.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { BUG_KINDS, CODE_LANGUAGES } from '../gen/codeFiles';
import { EDITOR_THEMES } from '../gen/codeScreenshot';
import { CODEWATCH_FONT_SIZES_PX, CODEWATCH_RUN_MS, makeCodewatchSample } from '../gen/codewatchSample';
import { prepareGeneratedSamples, seedsOf, type SeedRange } from '../gen/generatedSamples';
import { CODE_FONTS, ffmpegVersion } from '../gen/glyphAtlas';
import { measured, missing, share } from '../gen/scoring';
import type { BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Benchmark seeds of codewatch: sample k has seed 5 000 000 + k. Training data must not use this block. */
export const CODEWATCH_SEED_RANGE: SeedRange = { first: 5_000_000, last: 5_999_999 };
export const CODEWATCH_SAMPLES: Record<BenchSize, number> = { small: 6, full: 120 };
export const CODEWATCH_GENERATOR_VERSION = 'codewatch-1';

const TruthSchema = z.object({
  clean: z.boolean(),
  language: z.enum(CODE_LANGUAGES),
  bugs: z.array(z.object({ line: z.number().int(), kind: z.string() })),
});

const NO_FINDINGS_FIELD = 'the model reports no code findings (summary.json has no codeFindings)';

const MATCH = 'A finding ({line, message} in summary.json codeFindings) matches a planted bug of the same sample when its line equals the bug\'s line exactly (±0; the line a fix changes, as the editor\'s gutter numbers it); each bug matches at most one finding and each finding at most one bug, so a repeated finding counts as a false one. A finding whose line is not a whole number matches nothing.';

const def = (key: string, label: string, unit: string, lowerIsBetter: boolean, definition: string): MetricDefinition => ({ key: `codewatch.${key}`, label, unit, lowerIsBetter, definition });

export const CODEWATCH_METRICS: MetricDefinition[] = [
  def('precision', 'precision', 'share of findings', false, `Matched findings / all findings, over every sample (clean files included). ${MATCH} Missing when no finding was reported at all (0/0), or when a run's summary.json has no codeFindings field ("${NO_FINDINGS_FIELD}"; an absent list is not an empty one).`),
  def('recall', 'recall', 'share of planted bugs', false, `Matched planted bugs / all planted bugs, over every sample. ${MATCH} Missing when a run's summary.json has no codeFindings field.`),
  def('false_alarms_clean', 'findings on clean files', 'findings', true, 'Number of findings reported on clean files (files with no planted bug), summed; n = clean files. Missing when a run has no codeFindings field.'),
  def('clean_files_flagged', 'clean files flagged', 'share of clean files', true, 'Share of clean files with at least one finding. Missing when a run has no codeFindings field.'),
];

interface FileResult {
  clean: boolean;
  language: string;
  bugs: number;
  findings: number;
  matched: number;
  matchedKinds: string[];
  bugKinds: string[];
}

/** Matches one run's findings to its planted bugs; null when the run reported no codeFindings field. Exported for tests. */
export function matchFindings(run: SampleRun): FileResult | null {
  const truth = parseTruth(run);
  const reported = run.summary.codeFindings;
  if (!Array.isArray(reported)) return null;
  const open = new Map<number, string>();
  for (const bug of truth.bugs) open.set(bug.line, bug.kind);
  const matchedKinds: string[] = [];
  for (const finding of reported) {
    const line = (finding as { line?: unknown } | null)?.line;
    if (typeof line !== 'number' || !Number.isInteger(line)) continue;
    const kind = open.get(line);
    if (kind !== undefined) {
      matchedKinds.push(kind);
      open.delete(line);
    }
  }
  return {
    clean: truth.clean,
    language: truth.language,
    bugs: truth.bugs.length,
    findings: reported.length,
    matched: matchedKinds.length,
    matchedKinds,
    bugKinds: truth.bugs.map((b) => b.kind),
  };
}

export function scoreCodewatch(runs: readonly SampleRun[]): SuiteResult {
  const results = runs.map(matchFindings);
  const absent = results.filter((r) => r === null).length;
  const keys = CODEWATCH_METRICS.map((d) => d.key);
  if (runs.length === 0) return { metrics: Object.fromEntries(keys.map((k) => [k, missing('no sample was run')])) };
  if (absent > 0) {
    const reason = absent === runs.length ? NO_FINDINGS_FIELD : `${absent} of ${runs.length} runs have no codeFindings field in summary.json; findings that are only sometimes reported are not scored`;
    return { metrics: Object.fromEntries(keys.map((k) => [k, missing(reason)])), notes: [reason] };
  }
  const files = results as FileResult[];
  const findings = files.reduce((sum, f) => sum + f.findings, 0);
  const matched = files.reduce((sum, f) => sum + f.matched, 0);
  const bugs = files.reduce((sum, f) => sum + f.bugs, 0);
  const cleanFiles = files.filter((f) => f.clean);
  const metrics: Record<string, MetricValue> = {
    'codewatch.precision': share(matched, findings, 'no finding was reported, so precision (matched / reported) is 0/0'),
    'codewatch.recall': share(matched, bugs, 'no planted bug in these samples'),
    'codewatch.false_alarms_clean': cleanFiles.length === 0 ? missing('no clean file in these samples') : measured(cleanFiles.reduce((sum, f) => sum + f.findings, 0), cleanFiles.length),
    'codewatch.clean_files_flagged': share(cleanFiles.filter((f) => f.findings > 0).length, cleanFiles.length, 'no clean file in these samples'),
  };
  const byKind = Object.keys(BUG_KINDS)
    .map((kind) => {
      const planted = files.reduce((sum, f) => sum + f.bugKinds.filter((k) => k === kind).length, 0);
      const found = files.reduce((sum, f) => sum + f.matchedKinds.filter((k) => k === kind).length, 0);
      return planted > 0 ? `${kind} ${found}/${planted}` : null;
    })
    .filter((s) => s !== null);
  return {
    metrics,
    distributions: { 'codewatch.findings_per_file': files.map((f) => f.findings) },
    notes: [`${files.length} files (${cleanFiles.length} clean), ${bugs} planted bugs, ${findings} findings, ${matched} matched. Recall by kind: ${byKind.join(', ')}.`],
  };
}

function parseTruth(run: SampleRun): z.infer<typeof TruthSchema> {
  const parsed = TruthSchema.safeParse(run.sample.truth);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('SCENARIO_INVALID', `codewatch ground truth is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`, `sample ${run.sample.id}`, 'Delete the sample\'s folder in the work directory so that it is generated again.');
  }
  return parsed.data;
}

export const codewatchSuite: BenchSuite = {
  name: 'codewatch',
  description: `Generated editor screenshots (${EDITOR_THEMES.length} themes, light and dark; ${Object.keys(CODE_FONTS).join(' and ')} at ${CODEWATCH_FONT_SIZES_PX.join('/')} px; TypeScript, JavaScript and Python) with planted bugs on known lines, and clean files, shown on the screen stream for ${CODEWATCH_RUN_MS / 1000} s.`,
  metrics: CODEWATCH_METRICS,
  async prepare(options) {
    if (options.dataDir) {
      throw new TandemError('USAGE', 'codewatch has no external data set; it is generated from seeds', options.dataDir, 'Run it without --data.');
    }
    const seeds = seedsOf(CODEWATCH_SEED_RANGE, CODEWATCH_SAMPLES[options.size]);
    const prepared = await prepareGeneratedSamples({
      suite: 'codewatch',
      workDir: options.workDir,
      seeds,
      generatorVersion: CODEWATCH_GENERATOR_VERSION,
      make: (seed, dir) => makeCodewatchSample(seed, seed - CODEWATCH_SEED_RANGE.first, dir),
    });
    return {
      samples: prepared.samples,
      seeds,
      notes: [
        `Seeds ${seeds[0]}–${seeds[seeds.length - 1]} (sample k = ${CODEWATCH_SEED_RANGE.first} + k; language k mod 3, clean when k mod 4 = 3). ${prepared.made} generated in ${(prepared.generationMs / 1000).toFixed(1)} s, ${prepared.reused} reused from the work folder.`,
        `Glyphs rasterized by FreeType through ${ffmpegVersion()} (drawtext), composed into the screenshot by the generator.`,
      ],
    };
  },
  score: scoreCodewatch,
};
