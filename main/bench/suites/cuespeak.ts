// The `cuespeak` suite: the user types "when I say X, say Y", later says X mid-sentence; hit rate, delay from the cue word's end, and false alarms.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { CUE_RESPONSE_WINDOW_MS, makeCuespeakSample } from '../gen/cueSentences';
import { speechToolVersions } from '../gen/espeakSpeech';
import { prepareGeneratedSamples, seedsOf, type SeedRange } from '../gen/generatedSamples';
import { containsKeywords, measured, missing, playedUtterances, quantileMetrics, roundMs, share } from '../gen/scoring';
import type { BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Benchmark seeds of cuespeak: sample k has seed 3 000 000 + k. Training data must not use this block. */
export const CUESPEAK_SEED_RANGE: SeedRange = { first: 3_000_000, last: 3_999_999 };
export const CUESPEAK_SAMPLES: Record<BenchSize, number> = { small: 5, full: 60 };
export const CUESPEAK_GENERATOR_VERSION = 'cuespeak-1';

const TruthSchema = z.object({
  request: z.object({ atMs: z.number(), text: z.string() }),
  cueWord: z.string(),
  cue: z.object({ fromMs: z.number(), toMs: z.number() }).nullable(),
  response: z.object({ text: z.string(), keywords: z.array(z.string()).min(1) }),
});

const RESPONSE = `A response is an utterance whose actually played words (from the timeline; words cut off or past the end of the input do not count) include every keyword of the requested reply as whole words (case and punctuation ignored).`;
const HIT = `A cue sample is hit when a response starts within [cue word start, cue word end + ${CUE_RESPONSE_WINDOW_MS} ms] (the word's edges are known to 10 ms from how the audio was made).`;

const def = (key: string, label: string, unit: string, lowerIsBetter: boolean, definition: string): MetricDefinition => ({ key: `cuespeak.${key}`, label, unit, lowerIsBetter, definition });

export const CUESPEAK_METRICS: MetricDefinition[] = [
  def('hit_rate', 'hit rate', 'share of cue samples', false, `Share of samples in which the cue word is said that were hit. ${HIT} ${RESPONSE}`),
  def('delay.p50', 'delay from cue end, p50', 'ms', true, `Median (nearest rank) of (start of the first response in the hit window − end of the cue word) over hit samples; negative if the reply started before the word ended. Missing when nothing was hit. ${RESPONSE}`),
  def('delay.p95', 'delay from cue end, p95', 'ms', true, '95th percentile (nearest rank) of the same delays. Missing when nothing was hit.'),
  def('delay.max', 'delay from cue end, max', 'ms', true, 'Largest of the same delays. Missing when nothing was hit.'),
  def('false_alarms', 'false alarms', 'responses', true, `Number of responses that are not the first response in a hit window (before the cue, after the window, repeats, or in control samples where the cue is never said), summed over all samples; n = samples. ${RESPONSE}`),
  def('control_false_alarm_rate', 'control samples answered', 'share of control samples', true, 'Share of control samples (the user never says the cue word; a different word is said in its place) with at least one response.'),
];

interface CueResult {
  control: boolean;
  /** Start − cue end of the first response in the window, or null when missed (or a control sample). */
  delayMs: number | null;
  falseAlarms: number;
}

/** Scores one run. Exported for tests. */
export function scoreCueRun(run: SampleRun): CueResult {
  const truth = parseTruth(run);
  const responses = playedUtterances(run)
    .filter((u) => containsKeywords(u.words, truth.response.keywords))
    .sort((a, b) => a.startMs - b.startMs);
  if (!truth.cue) return { control: true, delayMs: null, falseAlarms: responses.length };
  const cue = truth.cue;
  const hit = responses.find((u) => u.startMs >= cue.fromMs && u.startMs <= cue.toMs + CUE_RESPONSE_WINDOW_MS);
  return { control: false, delayMs: hit ? hit.startMs - cue.toMs : null, falseAlarms: responses.length - (hit ? 1 : 0) };
}

export function scoreCuespeak(runs: readonly SampleRun[]): SuiteResult {
  const results = runs.map(scoreCueRun);
  const cued = results.filter((r) => !r.control);
  const controls = results.filter((r) => r.control);
  const delays = cued.filter((r) => r.delayMs !== null).map((r) => r.delayMs as number);
  const noDelay = cued.length === 0 ? 'no sample in which the cue word is said' : `none of the ${cued.length} cues got a response in its window, so there is no delay to measure`;
  const metrics: Record<string, MetricValue> = {
    'cuespeak.hit_rate': share(delays.length, cued.length, 'no sample in which the cue word is said'),
    ...quantileMetrics('cuespeak.delay', delays, noDelay),
    'cuespeak.false_alarms': results.length === 0 ? missing('no sample was run') : measured(results.reduce((sum, r) => sum + r.falseAlarms, 0), results.length),
    'cuespeak.control_false_alarm_rate': share(controls.filter((r) => r.falseAlarms > 0).length, controls.length, 'no control sample in these samples'),
  };
  return {
    metrics,
    distributions: { 'cuespeak.delay': delays.map(roundMs) },
    notes: [
      `${cued.length} samples with the cue said mid-sentence, ${controls.length} controls without it. The cue reaches the model only as audio: without speech recognition a model cannot hear it, and the hit rate says so.`,
    ],
  };
}

function parseTruth(run: SampleRun): z.infer<typeof TruthSchema> {
  const parsed = TruthSchema.safeParse(run.sample.truth);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('SCENARIO_INVALID', `cuespeak ground truth is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`, `sample ${run.sample.id}`, 'Delete the sample\'s folder in the work directory so that it is generated again.');
  }
  return parsed.data;
}

export const cuespeakSuite: BenchSuite = {
  name: 'cuespeak',
  description:
    'The user types "when I say banana, say bingo" (or asks for a reminder on a cue word), then talks; the cue word comes mid-sentence in the mic (espeak-ng) at a known time. One sample in five is a control in which the cue is never said.',
  metrics: CUESPEAK_METRICS,
  async prepare(options) {
    if (options.dataDir) {
      throw new TandemError('USAGE', 'cuespeak has no external data set; it is generated from seeds', options.dataDir, 'Run it without --data.');
    }
    const seeds = seedsOf(CUESPEAK_SEED_RANGE, CUESPEAK_SAMPLES[options.size]);
    const prepared = await prepareGeneratedSamples({
      suite: 'cuespeak',
      workDir: options.workDir,
      seeds,
      generatorVersion: CUESPEAK_GENERATOR_VERSION,
      make: (seed, dir) => makeCuespeakSample(seed, seed - CUESPEAK_SEED_RANGE.first, dir),
    });
    return {
      samples: prepared.samples,
      seeds,
      notes: [
        `Seeds ${seeds[0]}–${seeds[seeds.length - 1]} (sample k = ${CUESPEAK_SEED_RANGE.first} + k; k mod 5 = 4 are controls). ${prepared.made} generated in ${(prepared.generationMs / 1000).toFixed(1)} s, ${prepared.reused} reused from the work folder.`,
        `User speech: ${speechToolVersions()}. Each cue sentence is synthesized whole with 400 ms SSML breaks around the cue word, which are then shortened to 30–90 ms; the cue's edges are the edges of those breaks.`,
      ],
    };
  },
  score: scoreCuespeak,
};
