// The `timespeak` suite: typed timed requests (say X in N seconds, reminders, repeating until "stop"), with and without the user talking at the due time; timing error and content correctness.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { prepareGeneratedSamples, seedsOf, type SeedRange } from '../gen/generatedSamples';
import { speechToolVersions } from '../gen/espeakSpeech';
import { containsKeywords, measured, missing, playedUtterances, quantileMetrics, roundMs, share, type PlayedUtterance } from '../gen/scoring';
import { EARLY_WINDOW_MS, LATE_WINDOW_MS, TIMED_REQUEST_KINDS, USER_CONDITIONS, makeTimespeakSample, type TimespeakTruth } from '../gen/timedRequests';
import type { BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Benchmark seeds of timespeak: sample k has seed 2 000 000 + k. Training data must not use this block. */
export const TIMESPEAK_SEED_RANGE: SeedRange = { first: 2_000_000, last: 2_999_999 };
export const TIMESPEAK_SAMPLES: Record<BenchSize, number> = { small: 6, full: 60 };
/** Bump when the generator's output for a seed changes (cached samples are then remade). */
export const TIMESPEAK_GENERATOR_VERSION = 'timespeak-1';

/** The user is talking at a due moment: a reply more than this late missed the "next natural pause, at most 2 s late" target. */
export const TALKING_LATE_LIMIT_MS = 2000;

const TruthSchema = z.object({
  kind: z.enum(TIMED_REQUEST_KINDS),
  condition: z.enum(USER_CONDITIONS),
  request: z.object({ atMs: z.number(), text: z.string() }),
  stop: z.object({ atMs: z.number(), text: z.string() }).nullable(),
  content: z.object({ text: z.string(), keywords: z.array(z.string()).min(1) }),
  periodMs: z.number().nullable(),
  due: z.array(z.object({ atMs: z.number(), userTalking: z.boolean(), talkingUntilMs: z.number().nullable() })).min(1),
  nextDueIfNotStoppedMs: z.number().nullable(),
});

const WINDOW = `An utterance counts for a due moment D when the words it actually played (assistant_speech_started words that finished before any cut or the end of the input) include every keyword of the request's content as whole words (case and punctuation ignored), and it starts within [D − ${EARLY_WINDOW_MS} ms, D + ${LATE_WINDOW_MS} ms], clipped so that windows of consecutive repetitions do not overlap (a window ends ${EARLY_WINDOW_MS} ms before the next due moment) and end at the typed "stop". Due moments are matched in time order, each to the earliest such utterance not yet matched.`;

const def = (key: string, label: string, unit: string, lowerIsBetter: boolean, definition: string): MetricDefinition => ({ key: `timespeak.${key}`, label, unit, lowerIsBetter, definition });

const TIMING = (condition: 'silent' | 'talking', name: string, q: string) =>
  def(
    `timing_error.${condition}.${name}`,
    `timing error, user ${condition}, ${name}`,
    'ms',
    true,
    `${q} (nearest rank) of |start of the matched utterance − due moment| over the due moments with the user ${condition === 'silent' ? 'silent (no user speech within 3 s)' : 'talking (speech from ≥ 500 ms before to 400–1800 ms after the due moment)'} that got a matching utterance. ${WINDOW} Utterance start = assistant_speech_started atMs, when its audio starts playing. Missing when no such due moment got one.`,
  );

export const TIMESPEAK_METRICS: MetricDefinition[] = [
  def('content_correct', 'content correct', 'share of requests', false, `Share of requests for which every due moment (one for "say X in N s" and reminders, each repetition before the stop for "say X every N s until I say stop") got an utterance with the expected content. ${WINDOW}`),
  def('due_delivered', 'due moments delivered', 'share of due moments', false, `Share of all due moments (repetitions counted one by one) that got an utterance with the expected content. ${WINDOW}`),
  TIMING('silent', 'p50', 'Median'),
  TIMING('silent', 'p95', '95th percentile'),
  TIMING('silent', 'max', 'Maximum'),
  TIMING('talking', 'p50', 'Median'),
  TIMING('talking', 'p95', '95th percentile'),
  TIMING('talking', 'max', 'Maximum'),
  def('late_over_2s.talking', 'late beyond 2 s, user talking', 'due moments', true, `Number of due moments with the user talking whose matching utterance started more than ${TALKING_LATE_LIMIT_MS} ms after the due moment; n = such due moments that got a matching utterance (undelivered ones are in due_delivered). Missing when none was delivered.`),
  def('unrequested', 'unrequested content utterances', 'utterances', true, 'Number of utterances with the request\'s content that no due moment matched (too early, extra repetitions, after the stop), summed over all samples; n = samples. Keeps a model from passing by saying the content all the time.'),
  def('after_stop', 'repetitions after "stop"', 'utterances', true, 'Number of utterances with the content that started after the typed "stop" of a repeating request, summed over those samples; n = repeating-request samples.'),
];

interface DueResult {
  condition: 'silent' | 'talking';
  /** Signed start − due of the matched utterance, or null when none matched. */
  errorMs: number | null;
}

interface RunResult {
  dues: DueResult[];
  unrequested: number;
  afterStop: number | null;
}

/** Matches one run's content utterances to its due moments (see WINDOW). Exported for tests and plots. */
export function matchDueMoments(truth: z.infer<typeof TruthSchema>, utterances: readonly PlayedUtterance[]): RunResult {
  const withContent = utterances.filter((u) => containsKeywords(u.words, truth.content.keywords)).sort((a, b) => a.startMs - b.startMs);
  const used = new Set<PlayedUtterance>();
  const dues = [...truth.due].sort((a, b) => a.atMs - b.atMs);
  const results: DueResult[] = dues.map((due, i) => {
    const next = i + 1 < dues.length ? dues[i + 1].atMs : truth.nextDueIfNotStoppedMs;
    let toMs = due.atMs + LATE_WINDOW_MS;
    if (next !== null) toMs = Math.min(toMs, next - EARLY_WINDOW_MS);
    if (truth.stop) toMs = Math.min(toMs, truth.stop.atMs);
    const fromMs = Math.max(due.atMs - EARLY_WINDOW_MS, truth.request.atMs);
    const match = withContent.find((u) => !used.has(u) && u.startMs >= fromMs && u.startMs <= toMs);
    if (match) used.add(match);
    return { condition: due.userTalking ? 'talking' : 'silent', errorMs: match ? match.startMs - due.atMs : null };
  });
  const stopAtMs = truth.stop?.atMs;
  return {
    dues: results,
    unrequested: withContent.filter((u) => !used.has(u)).length,
    afterStop: stopAtMs === undefined ? null : withContent.filter((u) => u.startMs > stopAtMs).length,
  };
}

export function scoreTimespeak(runs: readonly SampleRun[]): SuiteResult {
  const perRun = runs.map((run) => matchDueMoments(parseTruth(run), playedUtterances(run)));
  const dues = perRun.flatMap((r) => r.dues);
  const delivered = (condition: 'silent' | 'talking') => dues.filter((d) => d.condition === condition && d.errorMs !== null).map((d) => d.errorMs as number);
  const silent = delivered('silent');
  const talking = delivered('talking');
  const noTiming = (condition: 'silent' | 'talking') => {
    const total = dues.filter((d) => d.condition === condition).length;
    return total === 0
      ? `no due moment with the user ${condition} in these samples`
      : `none of the ${total} due moments with the user ${condition} got an utterance with the expected content, so there is no timing to measure`;
  };
  const repeating = perRun.filter((r) => r.afterStop !== null);
  const metrics: Record<string, MetricValue> = {
    'timespeak.content_correct': share(perRun.filter((r) => r.dues.every((d) => d.errorMs !== null)).length, perRun.length, 'no sample was run'),
    'timespeak.due_delivered': share(dues.filter((d) => d.errorMs !== null).length, dues.length, 'no sample was run'),
    ...quantileMetrics('timespeak.timing_error.silent', silent.map(Math.abs), noTiming('silent')),
    ...quantileMetrics('timespeak.timing_error.talking', talking.map(Math.abs), noTiming('talking')),
    'timespeak.late_over_2s.talking': talking.length === 0 ? missing(noTiming('talking')) : measured(talking.filter((e) => e > TALKING_LATE_LIMIT_MS).length, talking.length),
    'timespeak.unrequested': perRun.length === 0 ? missing('no sample was run') : measured(perRun.reduce((sum, r) => sum + r.unrequested, 0), perRun.length),
    'timespeak.after_stop': repeating.length === 0 ? missing('no repeating request in these samples') : measured(repeating.reduce((sum, r) => sum + (r.afterStop ?? 0), 0), repeating.length),
  };
  const undelivered = dues.filter((d) => d.errorMs === null).length;
  return {
    metrics,
    distributions: {
      'timespeak.timing_error.silent': silent.map(roundMs),
      'timespeak.timing_error.talking': talking.map(roundMs),
    },
    notes: [
      `${dues.length} due moments in ${perRun.length} requests; ${undelivered} got no utterance with the expected content. Distributions are signed (start − due; negative = early); the p50/p95/max metrics use the absolute error.`,
      'Content is judged on the words the assistant actually played (from the timeline), never on text it planned but did not say. Word timings come from the voice itself (espeak-ng word events).',
    ],
  };
}

function parseTruth(run: SampleRun): z.infer<typeof TruthSchema> {
  const parsed = TruthSchema.safeParse(run.sample.truth);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('SCENARIO_INVALID', `timespeak ground truth is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`, `sample ${run.sample.id}`, 'Delete the sample\'s folder in the work directory so that it is generated again.');
  }
  return parsed.data;
}

export const timespeakSuite: BenchSuite = {
  name: 'timespeak',
  description:
    'Typed timed requests ("in 20 seconds say switch", "remind me in 1 minute to check the oven", "say go every 30 seconds until I say stop" then "stop") with the user silent or talking (espeak-ng speech in the mic) at the due time. Ground truth: due times and the content to say.',
  metrics: TIMESPEAK_METRICS,
  async prepare(options) {
    if (options.dataDir) {
      throw new TandemError('USAGE', 'timespeak has no external data set; it is generated from seeds', options.dataDir, 'Run it without --data.');
    }
    const seeds = seedsOf(TIMESPEAK_SEED_RANGE, TIMESPEAK_SAMPLES[options.size]);
    const prepared = await prepareGeneratedSamples({
      suite: 'timespeak',
      workDir: options.workDir,
      seeds,
      generatorVersion: TIMESPEAK_GENERATOR_VERSION,
      make: (seed, dir) => makeTimespeakSample(seed, seed - TIMESPEAK_SEED_RANGE.first, dir),
    });
    return {
      samples: prepared.samples,
      seeds,
      notes: [
        `Seeds ${seeds[0]}–${seeds[seeds.length - 1]} (sample k = ${TIMESPEAK_SEED_RANGE.first} + k; k mod 6 cycles through say-once/remind-once/repeat-until-stop × user silent/talking). ${prepared.made} generated in ${(prepared.generationMs / 1000).toFixed(1)} s, ${prepared.reused} reused from the work folder.`,
        `User speech: ${speechToolVersions()}; 7 English accents × 13 voice variants, 140–190 words/min, over a −60 dBFS noise floor.`,
      ],
    };
  },
  score: scoreTimespeak,
};
