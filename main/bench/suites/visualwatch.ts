// The `visualwatch` suite: the user types "tell me when the build turns red" (or the kettle's light goes on, a text appears…); the screen or camera shows it happen at a known time; hit rate, delay from the event to speech, and false alarms.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { prepareGeneratedSamples, seedsOf, type SeedRange } from '../gen/generatedSamples';
import { containsKeywords, measured, missing, playedUtterances, quantileMetrics, roundMs, share } from '../gen/scoring';
import { VISUALWATCH_KINDS, VISUALWATCH_RESPONSE_WINDOW_MS, makeVisualwatchSample } from '../gen/visualWatchSample';
import type { BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Benchmark seeds of visualwatch: sample k has seed 7 000 000 + k. Training data must not use this block. */
export const VISUALWATCH_SEED_RANGE: SeedRange = { first: 7_000_000, last: 7_999_999 };
export const VISUALWATCH_SAMPLES: Record<BenchSize, number> = { small: 6, full: 60 };
export const VISUALWATCH_GENERATOR_VERSION = 'visualwatch-1';

const TruthSchema = z.object({
  kind: z.enum(VISUALWATCH_KINDS),
  source: z.enum(['screen', 'camera']),
  control: z.boolean(),
  request: z.object({ atMs: z.number(), text: z.string().min(1) }),
  eventAtMs: z.number().nullable(),
  content: z.object({ text: z.string(), keywords: z.array(z.string().min(1)).min(1) }),
  durationMs: z.number().positive(),
});

const CONTENT = `A content utterance is one whose actually played words (from the timeline; words cut off or past the end of the input do not count) include every keyword of the expected sentence (e.g. \`build\`, \`red\`) as whole words, case and punctuation ignored.`;
const HIT = `An event sample is hit when a content utterance starts within [T, T + ${VISUALWATCH_RESPONSE_WINDOW_MS} ms], T being the capture time of the first frame that shows the event.`;

const def = (key: string, label: string, unit: string, lowerIsBetter: boolean, definition: string): MetricDefinition => ({ key: `visualwatch.${key}`, label, unit, lowerIsBetter, definition });

export const VISUALWATCH_METRICS: MetricDefinition[] = [
  def('hit_rate', 'hit rate', 'share of event samples', false, `Share of samples in which the watched event happens that were hit. ${HIT} ${CONTENT}`),
  def('delay.p50', 'delay from event, p50', 'ms', true, `Median (nearest rank) of (assistant_speech_started atMs of the first content utterance in the hit window − T) over hit samples. Missing when nothing was hit. ${CONTENT}`),
  def('delay.p95', 'delay from event, p95', 'ms', true, '95th percentile (nearest rank) of the same delays. Missing when nothing was hit.'),
  def('delay.max', 'delay from event, max', 'ms', true, 'Largest of the same delays. Missing when nothing was hit.'),
  def('false_alarms', 'false alarms', 'utterances', true, `Number of content utterances that are not the first one in a hit window (before the event, after the window, repeats, any in a control sample), summed over all samples; n = samples. ${CONTENT}`),
  def('control_false_alarm_rate', 'control samples with a false alarm', 'share of control samples', true, 'Share of control samples (the watched event never happens; the distractors do) with at least one content utterance.'),
];

interface WatchResult {
  control: boolean;
  /** Start of the first content utterance in the hit window − T; null when missed (or a control). */
  delayMs: number | null;
  falseAlarms: number;
}

/** Scores one run. Exported for tests. */
export function scoreVisualwatchRun(run: SampleRun): WatchResult {
  const truth = parseTruth(run);
  const said = playedUtterances(run)
    .filter((u) => containsKeywords(u.words, truth.content.keywords))
    .sort((a, b) => a.startMs - b.startMs);
  if (truth.eventAtMs === null) return { control: true, delayMs: null, falseAlarms: said.length };
  const eventAtMs = truth.eventAtMs;
  const hit = said.find((u) => u.startMs >= eventAtMs && u.startMs <= eventAtMs + VISUALWATCH_RESPONSE_WINDOW_MS);
  return { control: false, delayMs: hit ? hit.startMs - eventAtMs : null, falseAlarms: said.length - (hit ? 1 : 0) };
}

export function scoreVisualwatch(runs: readonly SampleRun[]): SuiteResult {
  const results = runs.map(scoreVisualwatchRun);
  const events = results.filter((r) => !r.control);
  const controls = results.filter((r) => r.control);
  const delays = events.filter((r) => r.delayMs !== null).map((r) => r.delayMs as number);
  const noEvents = 'no sample in which the watched event happens';
  const noDelay = events.length === 0 ? noEvents : `none of the ${events.length} events got an utterance with the expected content in its window, so there is no delay to measure`;
  const metrics: Record<string, MetricValue> = {
    'visualwatch.hit_rate': share(delays.length, events.length, noEvents),
    ...quantileMetrics('visualwatch.delay', delays, noDelay),
    'visualwatch.false_alarms': results.length === 0 ? missing('no sample was run') : measured(results.reduce((sum, r) => sum + r.falseAlarms, 0), results.length),
    'visualwatch.control_false_alarm_rate': share(controls.filter((r) => r.falseAlarms > 0).length, controls.length, 'no control sample in these samples'),
  };
  return {
    metrics,
    distributions: { 'visualwatch.delay': delays.map(roundMs) },
    notes: [`${events.length} samples in which the watched event happens, ${controls.length} controls in which only the distractors do. The request is typed; the event reaches the model only through the screen or camera frames.`],
  };
}

function parseTruth(run: SampleRun): z.infer<typeof TruthSchema> {
  const parsed = TruthSchema.safeParse(run.sample.truth);
  if (!parsed.success || parsed.data.control !== (parsed.data.eventAtMs === null)) {
    const where = parsed.success ? 'eventAtMs (null exactly in controls)' : `${parsed.error.issues[0].path.join('.') || '(root)'}: ${parsed.error.issues[0].message}`;
    throw new TandemError('SCENARIO_INVALID', `visualwatch ground truth is malformed at ${where}`, `sample ${run.sample.id}`, 'Delete the sample\'s folder in the work directory so that it is generated again.');
  }
  return parsed.data;
}

export const visualwatchSuite: BenchSuite = {
  name: 'visualwatch',
  description:
    'The user types "tell me when the build turns red" (a CI badge on the screen), "…when \'Deploy complete\' appears" (a terminal), "…when the kettle\'s light goes on" / "…the lamp goes off" (a camera), "…when the light turns green" (a status light); the event happens at a known time among distractors (other colours changing, scrolling, lighting ramps, noise, moving objects). One sample in five is a control in which it never happens.',
  metrics: VISUALWATCH_METRICS,
  async prepare(options) {
    if (options.dataDir) {
      throw new TandemError('USAGE', 'visualwatch has no external data set; it is generated from seeds', options.dataDir, 'Run it without --data.');
    }
    const seeds = seedsOf(VISUALWATCH_SEED_RANGE, VISUALWATCH_SAMPLES[options.size]);
    const prepared = await prepareGeneratedSamples({
      suite: 'visualwatch',
      workDir: options.workDir,
      seeds,
      generatorVersion: VISUALWATCH_GENERATOR_VERSION,
      make: (seed, dir) => makeVisualwatchSample(seed, seed - VISUALWATCH_SEED_RANGE.first, dir),
    });
    return {
      samples: prepared.samples,
      seeds,
      notes: [
        `Seeds ${seeds[0]}–${seeds[seeds.length - 1]} (sample k = ${VISUALWATCH_SEED_RANGE.first} + k; the kind is k mod 4, k mod 5 = 4 are controls). ${prepared.made} generated in ${(prepared.generationMs / 1000).toFixed(1)} s, ${prepared.reused} reused from the work folder.`,
        'Clips are drawn by the generator (terminal text with FreeType glyphs through ffmpeg, as in codewatch) and written as 4:2:0 full-range y4m.',
      ],
    };
  },
  score: scoreVisualwatch,
};
