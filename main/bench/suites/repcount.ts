// The `repcount` suite: generated exercise-like camera clips with known counts; RepCount-A's OBO and MAE on summary.json's `reps`, and the delay of counted-repetition announcements.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { prepareGeneratedSamples, seedsOf, type SeedRange } from '../gen/generatedSamples';
import { MOTION_KINDS, makeRepcountSample } from '../gen/repetitionVideo';
import { measured, missing, quantileMetrics, roundMs, share } from '../gen/scoring';
import type { BenchSize, BenchSuite, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Benchmark seeds of repcount: sample k has seed 4 000 000 + k. Training data must not use this block. */
export const REPCOUNT_SEED_RANGE: SeedRange = { first: 4_000_000, last: 4_999_999 };
export const REPCOUNT_SAMPLES: Record<BenchSize, number> = { small: 5, full: 100 };
export const REPCOUNT_GENERATOR_VERSION = 'repcount-1';

/** "Says the number within 400 ms of the repetition's end" (the seeing-and-timing issue). */
export const ANNOUNCE_ON_TIME_MS = 400;

const TruthSchema = z.object({
  count: z.number().int().nonnegative(),
  repEndMs: z.array(z.number()),
});

const NO_REPS = 'the model reports no repetition count';
const NO_ANNOUNCE = 'the model emits no announce events with a count';

const def = (key: string, label: string, unit: string, lowerIsBetter: boolean, definition: string): MetricDefinition => ({ key: `repcount.${key}`, label, unit, lowerIsBetter, definition });
const ANNOUNCE = `For each clip, the first model_event with event "announce" and a whole-number count c (1 ≤ c ≤ true count) is matched to the end of repetition c; delay = event atMs − end of repetition c (the event's time is the end of the micro-turn that emitted it). Missing when no run has such an event ("${NO_ANNOUNCE}").`;

export const REPCOUNT_METRICS: MetricDefinition[] = [
  def('obo', 'OBO', 'share of clips', false, `RepCount-A's off-by-one accuracy: share of clips with |predicted − true| ≤ 1, where predicted is the \`reps\` field of the run's summary.json. Missing ("${NO_REPS}") when a run's summary has no numeric \`reps\`: a count that is not reported is not counted as 0.`),
  def('mae', 'MAE', 'relative error', true, `RepCount-A's mean absolute error normalized by the count: mean over clips of |predicted − true| / (true + 0.1), predicted = summary.json \`reps\`. Missing under the same condition as OBO.`),
  def('announce_delay.p50', 'announcement delay p50', 'ms', true, `Median (nearest rank) of |announcement delay| (the distribution in the report keeps the sign). ${ANNOUNCE}`),
  def('announce_delay.p95', 'announcement delay p95', 'ms', true, `95th percentile (nearest rank) of |announcement delay|. ${ANNOUNCE}`),
  def('announce_delay.max', 'announcement delay max', 'ms', true, `Largest |announcement delay|. ${ANNOUNCE}`),
  def('announce_on_time', 'repetitions announced on time', 'share of repetitions', false, `Share of all true repetitions (over all clips) whose count was announced with |delay| ≤ ${ANNOUNCE_ON_TIME_MS} ms. ${ANNOUNCE}`),
];

interface ClipResult {
  trueCount: number;
  /** summary.json `reps`, or null when the run did not report one. */
  predicted: number | null;
  /** Signed delays of the matched announcements; null when the run emitted no counted announcement at all. */
  announceDelaysMs: number[] | null;
  extraAnnouncements: number;
}

/** Reads one run. Exported for tests. */
export function readRepcountRun(run: SampleRun): ClipResult {
  const truth = parseTruth(run);
  const reps = run.summary.reps;
  const predicted = typeof reps === 'number' && Number.isFinite(reps) ? reps : null;
  const announcements = run.events
    .filter((e) => e.kind === 'model_event' && e.payload.event === 'announce' && typeof e.payload.count === 'number' && Number.isInteger(e.payload.count))
    .sort((a, b) => a.seq - b.seq);
  if (announcements.length === 0) return { trueCount: truth.count, predicted, announceDelaysMs: null, extraAnnouncements: 0 };
  const firstByCount = new Map<number, number>();
  let extra = 0;
  for (const event of announcements) {
    const count = event.payload.count as number;
    if (count < 1 || count > truth.count || firstByCount.has(count)) extra++;
    else firstByCount.set(count, event.atMs);
  }
  const delays = [...firstByCount.entries()].sort((a, b) => a[0] - b[0]).map(([count, atMs]) => atMs - truth.repEndMs[count - 1]);
  return { trueCount: truth.count, predicted, announceDelaysMs: delays, extraAnnouncements: extra };
}

export function scoreRepcount(runs: readonly SampleRun[]): SuiteResult {
  const clips = runs.map(readRepcountRun);
  const notes: string[] = [];
  const metrics: Record<string, MetricValue> = {};
  const unreported = clips.filter((c) => c.predicted === null).length;
  if (clips.length === 0) {
    metrics['repcount.obo'] = missing('no sample was run');
    metrics['repcount.mae'] = missing('no sample was run');
  } else if (unreported > 0) {
    const reason = unreported === clips.length ? NO_REPS : `${unreported} of ${clips.length} runs report no repetition count (summary.json has no numeric reps); a partial count is not scored`;
    metrics['repcount.obo'] = missing(reason);
    metrics['repcount.mae'] = missing(reason);
  } else {
    const errors = clips.map((c) => Math.abs((c.predicted as number) - c.trueCount));
    metrics['repcount.obo'] = measured(errors.filter((e) => e <= 1).length / clips.length, clips.length);
    metrics['repcount.mae'] = measured(clips.reduce((sum, c, i) => sum + errors[i] / (c.trueCount + 0.1), 0) / clips.length, clips.length);
  }

  const announcing = clips.filter((c) => c.announceDelaysMs !== null);
  const delays = announcing.flatMap((c) => c.announceDelaysMs as number[]);
  const trueReps = clips.reduce((sum, c) => sum + c.trueCount, 0);
  if (announcing.length === 0) {
    Object.assign(metrics, quantileMetrics('repcount.announce_delay', [], clips.length === 0 ? 'no sample was run' : NO_ANNOUNCE));
    metrics['repcount.announce_on_time'] = missing(clips.length === 0 ? 'no sample was run' : NO_ANNOUNCE);
  } else {
    const noDelay = 'no announcement matched a repetition (every announced count was 0, above the true count, or a repeat)';
    Object.assign(metrics, quantileMetrics('repcount.announce_delay', delays.map(Math.abs), noDelay));
    metrics['repcount.announce_on_time'] = share(delays.filter((d) => Math.abs(d) <= ANNOUNCE_ON_TIME_MS).length, trueReps, 'the clips have no repetitions');
    const extra = clips.reduce((sum, c) => sum + c.extraAnnouncements, 0);
    notes.push(`${delays.length} of ${trueReps} repetitions were announced; ${extra} announcements matched no repetition (count 0, above the true count, or repeated).`);
  }
  notes.push(`${clips.length} clips, ${trueReps} repetitions in all. Predicted counts come from summary.json \`reps\`; announcements from model_event "announce" events.`);
  return {
    metrics,
    distributions: {
      'repcount.count_error': clips.filter((c) => c.predicted !== null).map((c) => (c.predicted as number) - c.trueCount),
      'repcount.announce_delay': delays.map(roundMs),
    },
    notes,
  };
}

function parseTruth(run: SampleRun): z.infer<typeof TruthSchema> {
  const parsed = TruthSchema.safeParse(run.sample.truth);
  if (!parsed.success || parsed.data.repEndMs.length !== parsed.data.count) {
    const where = parsed.success ? 'repEndMs (length differs from count)' : `${parsed.error.issues[0].path.join('.') || '(root)'}: ${parsed.error.issues[0].message}`;
    throw new TandemError('SCENARIO_INVALID', `repcount ground truth is malformed at ${where}`, `sample ${run.sample.id}`, 'Delete the sample\'s folder in the work directory so that it is generated again.');
  }
  return parsed.data;
}

export const repcountSuite: BenchSuite = {
  name: 'repcount',
  description: `Generated exercise-like camera clips (${MOTION_KINDS.join(', ')}; 96–160 px wide, 5–10 fps, periods 0.5–4 s with speed changes, rests, jitter, noise, lighting changes and moving distractors) with "count my …" typed at the start. Ground truth: the count and each repetition's end time.`,
  metrics: REPCOUNT_METRICS,
  async prepare(options) {
    if (options.dataDir) {
      throw new TandemError('USAGE', 'repcount has no external data set; it is generated from seeds', options.dataDir, 'Run it without --data.');
    }
    const seeds = seedsOf(REPCOUNT_SEED_RANGE, REPCOUNT_SAMPLES[options.size]);
    const prepared = await prepareGeneratedSamples({
      suite: 'repcount',
      workDir: options.workDir,
      seeds,
      generatorVersion: REPCOUNT_GENERATOR_VERSION,
      make: (seed, dir) => makeRepcountSample(seed, seed - REPCOUNT_SEED_RANGE.first, dir),
    });
    return {
      samples: prepared.samples,
      seeds,
      notes: [
        `Seeds ${seeds[0]}–${seeds[seeds.length - 1]} (sample k = ${REPCOUNT_SEED_RANGE.first} + k; the motion is kind k mod ${MOTION_KINDS.length}). ${prepared.made} generated in ${(prepared.generationMs / 1000).toFixed(1)} s, ${prepared.reused} reused from the work folder.`,
        'Clips are drawn by the generator (anti-aliased shapes, no external tools) and written as 4:2:0 full-range y4m.',
      ],
    };
  },
  score: scoreRepcount,
};
