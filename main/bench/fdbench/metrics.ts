// Full-Duplex-Bench v1 and v1.5 metrics, computed as FD-bench's evaluation scripts define them, over the assistant's speech from the timeline.
//
// Sources, read in full (DanielLin94144/Full-Duplex-Bench; the scripts were read from copies in its
// forks, listed in docs/fdbench-metrics.md): v1_v1.5/evaluation/ eval_pause_handling.py,
// eval_smooth_turn_taking.py, eval_user_interruption.py (+ get_transcript/asr.py's crop),
// eval_backchannel.py (+ icc_gt_distribution.json, scipy's jensenshannon), get_timing.py (v1.5 stop and
// response latency), eval_behavior.py + instruction/behavior.txt (v1.5 behaviour, an LLM judge that
// Tandem replaces with the deterministic rule in judgeOverlapBehaviour). docs/fdbench-metrics.md
// states every definition and each place Tandem differs.
//
// All times here are ms on output.wav's time base. Annotation times (seconds) are snapped to the 16 kHz
// sample grid, so boundaries such as "gap ≤ 600 ms" are decided exactly as written (FD-bench compares
// float seconds, where 1.6 − 1.0 > 0.6).

import { join } from 'node:path';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';
import { assistantSpeechFromTimeline, clipSpeechToDuration, type AssistantSpeech, type AssistantWord } from '../assistantSpeech';
import type { MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';
import {
  BACKCHANNEL_WINDOW_S,
  FD_OVERLAP_TASKS,
  FD_TASKS,
  canonicalFdTask,
  readFdSampleAnnotations,
  type FdOverlapTask,
  type FdSampleAnnotations,
  type FdTask,
  type InterruptAnnotation,
  type OverlapMetadata,
  type ReadAnnotationsOptions,
  type TurnTakingAnnotation,
  type UserSpeechAnnotation,
} from './annotations';

// ---- FD-bench's constants ----

/** `turn_duration_threshold = 1` (s): output spanning at least this long took the turn. */
export const TURN_DURATION_THRESHOLD_MS = 1000;
/** `turn_num_words_threshold = 3`: shorter output took the turn only with more words than this. */
export const TURN_NUM_WORDS_THRESHOLD = 3;
/** eval_backchannel.py `time_threshold = 3` (s): a speech segment longer than this is a turn. */
export const BACKCHANNEL_TURN_SEGMENT_MS = 3000;
/** eval_backchannel.py: a segment under 1 s is a backchannel with at most this many words. */
export const BACKCHANNEL_MAX_WORDS = 2;
/** eval_backchannel.py `epsilon = 1e-10`, added to every bin before normalising. */
export const BACKCHANNEL_EPSILON = 1e-10;
/** eval_backchannel.py: the JSD of a sample with no backchannel at all. */
export const JSD_WITHOUT_BACKCHANNEL = 1;
/** get_timing.py `USER_MERGE_GAP = 0.6` (s): user speech segments this close are one. */
export const USER_MERGE_GAP_MS = 600;
/** get_timing.py `MODEL_MERGE_GAP = 0.5` (s): model speech segments this close are one. */
export const MODEL_MERGE_GAP_MS = 500;
const BACKCHANNEL_WINDOW_MS = BACKCHANNEL_WINDOW_S * 1000;

/** A span [startMs, endMs]. */
export type SpanMs = [number, number];

/** Annotation seconds → ms on the 16 kHz sample grid (input.wav's resolution; exact in binary). */
export function secondsToSampleGridMs(seconds: number): number {
  return (Math.round(seconds * SAMPLE_RATE_HZ) * 1000) / SAMPLE_RATE_HZ;
}

// ---- v1: "did the model take the turn" ----

/**
 * FD-bench's turn-taking test on a list of words in time order: no words → no; the span from the first
 * word's start to the last word's end ≥ 1 s → yes; shorter → yes only with more than 3 words.
 */
export function tookTurn(words: ReadonlyArray<{ startMs: number; endMs: number }>): boolean {
  if (words.length === 0) return false;
  const spanMs = words[words.length - 1].endMs - words[0].startMs;
  if (spanMs < TURN_DURATION_THRESHOLD_MS) return words.length > TURN_NUM_WORDS_THRESHOLD;
  return true;
}

export interface TurnSampleResult {
  tookTurn: boolean;
  /** First counted word − the reference time, negatives clipped to 0; null when the turn was not taken. */
  latencyMs: number | null;
  /** The words the decision was made on. */
  words: number;
}

/** Pause handling: took the turn anywhere in the whole output (eval_pause_handling.py reads all of output.json). */
export function pauseHandlingSample(speech: AssistantSpeech, durationMs: number): TurnSampleResult {
  const { words } = clipSpeechToDuration(speech, durationMs);
  return { tookTurn: tookTurn(words), latencyMs: null, words: words.length };
}

export interface SmoothTurnTakingSampleResult extends TurnSampleResult {
  /**
   * Tandem's stricter latency: the turn test and the first word taken only from what plays after the
   * turn end (cropped there like user interruption), so an early "mm-hmm" cannot make it 0.
   */
  latencyAfterTurnEndMs: number | null;
}

/**
 * Smooth turn-taking: the turn test on the whole output; latency = first output word's start −
 * turn_taking.json[0].timestamp[0] (the end of the user's turn), clipped at 0.
 */
export function smoothTurnTakingSample(turnTaking: TurnTakingAnnotation, speech: AssistantSpeech, durationMs: number): SmoothTurnTakingSampleResult {
  const { words } = clipSpeechToDuration(speech, durationMs);
  const took = tookTurn(words);
  const turnEndMs = secondsToSampleGridMs(turnTaking[0].timestamp[0]);
  const after = wordsAfter(words, turnEndMs);
  return {
    tookTurn: took,
    latencyMs: took ? Math.max(0, words[0].startMs - turnEndMs) : null,
    words: words.length,
    latencyAfterTurnEndMs: tookTurn(after) ? after[0].startMs - turnEndMs : null,
  };
}

/**
 * User interruption: only the output after the interruption ends counts (asr.py crops output.wav at
 * interrupt.json[0].timestamp[1] before transcribing). A word playing across that point is counted
 * from it (the cropped audio starts inside it). Latency = first counted word − the interruption's end,
 * clipped at 0.
 */
export function userInterruptionSample(interrupt: InterruptAnnotation, speech: AssistantSpeech, durationMs: number): TurnSampleResult {
  const endMs = secondsToSampleGridMs(interrupt[0].timestamp[1]);
  const words = wordsAfter(clipSpeechToDuration(speech, durationMs).words, endMs);
  const took = tookTurn(words);
  return { tookTurn: took, latencyMs: took ? Math.max(0, words[0].startMs - endMs) : null, words: words.length };
}

/** The words that end after `cropMs`, each starting no earlier than it. */
export function wordsAfter(words: readonly AssistantWord[], cropMs: number): AssistantWord[] {
  return words.filter((w) => w.endMs > cropMs).map((w) => (w.startMs >= cropMs ? w : { ...w, startMs: cropMs }));
}

// ---- v1: backchannel ----

export interface BackchannelSampleResult {
  /** eval_backchannel.py's TOR: decided by the last speech stretch examined (see the doc). */
  tor: 0 | 1;
  /** Tandem's stricter TOR: 1 when any speech stretch is a turn. */
  torAnySegment: 0 | 1;
  /** What eval_backchannel.py counts as backchannels: every stretch ≤ 3 s before the first longer one. */
  backchannels: SpanMs[];
  /** Those per second of sample. */
  frequencyPerS: number;
  /** Jensen–Shannon distance of their timing to the human distribution; null only when that distribution is missing. */
  jsd: number | null;
  /** Tandem's stricter list: only the stretches that pass the backchannel test (< 1 s, ≤ 2 words), all stretches walked. */
  strictBackchannels: SpanMs[];
  strictFrequencyPerS: number;
  strictJsd: number | null;
  missingReason?: string;
}

/**
 * eval_backchannel.py (v1_v1.5/evaluation, current version) step for step, on the assistant's speech
 * stretches (FD-bench: Silero VAD on output.wav) and words (FD-bench: ASR). For each stretch in time
 * order: longer than 3 s → TOR 1 and stop looking; else count the words overlapping it: more than 3 →
 * TOR 1; under 1 s → TOR 0 with at most 2 words, else 1; 1–3 s → TOR 1; and the stretch is appended to
 * the backchannel list whatever its TOR. Frequency = list length / sample seconds; JSD of the list's
 * timing against `groundTruth` over 0.2 s bins (1 when the list is empty). The strict values keep only
 * stretches that pass the test, over all stretches.
 */
export function backchannelSample(groundTruth: readonly number[] | undefined, speech: AssistantSpeech, durationMs: number): BackchannelSampleResult {
  const clipped = clipSpeechToDuration(speech, durationMs);
  const stretches = mergeSpans(clipped.segments.map((s) => [s.startMs, s.endMs] as SpanMs), 0);
  const isTurn = ([startMs, endMs]: SpanMs): boolean => {
    const lengthMs = endMs - startMs;
    if (lengthMs > BACKCHANNEL_TURN_SEGMENT_MS) return true;
    const words = clipped.words.filter((w) => fdSegmentHasWord(startMs, endMs, w)).length;
    if (words > TURN_NUM_WORDS_THRESHOLD) return true;
    if (lengthMs < TURN_DURATION_THRESHOLD_MS) return words > BACKCHANNEL_MAX_WORDS;
    return true;
  };
  let tor: 0 | 1 = 0;
  const backchannels: SpanMs[] = [];
  for (const stretch of stretches) {
    if (stretch[1] - stretch[0] > BACKCHANNEL_TURN_SEGMENT_MS) {
      tor = 1;
      break;
    }
    tor = isTurn(stretch) ? 1 : 0;
    backchannels.push(stretch);
  }
  const strictBackchannels = stretches.filter((stretch) => !isTurn(stretch));
  const torAnySegment: 0 | 1 = strictBackchannels.length < stretches.length ? 1 : 0;
  const seconds = durationMs / 1000;
  const jsdOf = (kept: SpanMs[]): number | null => {
    if (kept.length === 0) return JSD_WITHOUT_BACKCHANNEL;
    if (!groundTruth || groundTruth.length === 0) return null;
    return backchannelTimingJsd(kept, durationMs, groundTruth);
  };
  const jsd = jsdOf(backchannels);
  const strictJsd = jsdOf(strictBackchannels);
  return {
    tor,
    torAnySegment,
    backchannels,
    frequencyPerS: backchannels.length / seconds,
    jsd,
    strictBackchannels,
    strictFrequencyPerS: strictBackchannels.length / seconds,
    strictJsd,
    ...(jsd === null || strictJsd === null ? { missingReason: 'no human backchannel-timing distribution (backchannel_gt.json or icc_gt_distribution.json)' } : {}),
  };
}

/** eval_backchannel.py's word-in-segment test, conditions exactly as written there. */
function fdSegmentHasWord(startMs: number, endMs: number, word: { startMs: number; endMs: number }): boolean {
  return (
    (word.startMs >= startMs && word.endMs <= endMs) ||
    (word.startMs <= endMs && word.endMs > endMs) ||
    (word.startMs <= startMs && word.endMs > startMs)
  );
}

/**
 * The backchannel-timing histogram against the human one: bins of 0.2 s over the sample
 * (⌊duration / 0.2 s⌋ + 1 of them); each backchannel adds 1 to every bin from ⌊start/0.2⌋ to ⌊end/0.2⌋;
 * + 1e-10, normalised; the human distribution resampled to the same number of bins by linear
 * interpolation over [0, 1]; then scipy's jensenshannon (natural log, which returns the distance).
 */
export function backchannelTimingJsd(backchannels: readonly SpanMs[], durationMs: number, groundTruth: readonly number[]): number {
  const bins = new Array<number>(Math.floor(durationMs / BACKCHANNEL_WINDOW_MS) + 1).fill(0);
  for (const [startMs, endMs] of backchannels) {
    const last = Math.min(bins.length - 1, Math.floor(endMs / BACKCHANNEL_WINDOW_MS));
    for (let i = Math.floor(startMs / BACKCHANNEL_WINDOW_MS); i <= last; i++) bins[i] += 1;
  }
  const withEpsilon = bins.map((count) => count + BACKCHANNEL_EPSILON);
  return jensenShannonDistance(normalise(withEpsilon), resampleLinear(groundTruth, bins.length));
}

/**
 * scipy.spatial.distance.jensenshannon(p, q) with its default base (natural log): both normalised to sum
 * 1, m = (p + q) / 2, √((KL(p‖m) + KL(q‖m)) / 2). 0 for identical inputs, √(ln 2) ≈ 0.8326 for
 * disjoint ones. (FD-bench calls this value "JSD".)
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error(`jensenShannonDistance: lengths differ (${p.length} vs ${q.length})`);
  const pn = normalise(p);
  const qn = normalise(q);
  let sum = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i] + qn[i]) / 2;
    sum += relativeEntropy(pn[i], m) + relativeEntropy(qn[i], m);
  }
  return Math.sqrt(sum / 2);
}

/** scipy.special.rel_entr: x·ln(x/y), 0 when x = 0. */
function relativeEntropy(x: number, y: number): number {
  if (x === 0 && y >= 0) return 0;
  if (x > 0 && y > 0) return x * Math.log(x / y);
  return Infinity;
}

function normalise(values: readonly number[]): number[] {
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.map((v) => v / total);
}

/**
 * scipy's interp1d(linspace(0, 1, len(values)), values, kind="linear") evaluated at linspace(0, 1, n):
 * how eval_backchannel.py makes the human distribution as long as the model's histogram.
 */
export function resampleLinear(values: readonly number[], n: number): number[] {
  if (values.length === 1) return new Array<number>(n).fill(values[0]);
  const xs = linspace(values.length);
  return linspace(n).map((x) => {
    // searchsorted(xs, x, side='left'), clipped to [1, len − 1], as interp1d does.
    let hi = xs.findIndex((xi) => xi >= x);
    if (hi === -1) hi = xs.length - 1;
    if (hi < 1) hi = 1;
    const lo = hi - 1;
    const slope = (values[hi] - values[lo]) / (xs[hi] - xs[lo]);
    // Rounding can leave −1e-18 where a distribution falls to exactly 0; rel_entr would make that an
    // infinite divergence (scipy too), so a probability below 0 is clamped to the 0 it stands for.
    return Math.max(0, slope * (x - xs[lo]) + values[lo]);
  });
}

/** numpy.linspace(0, 1, n). */
function linspace(n: number): number[] {
  if (n === 1) return [0];
  const step = 1 / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : i * step));
}

// ---- v1.5: stop and response latency ----

/** get_timing.py's _merge: sort, then join a span to the previous one when the gap is ≤ `maxGapMs`. */
export function mergeSpans(spans: readonly SpanMs[], maxGapMs: number): SpanMs[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: SpanMs[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start - last[1] <= maxGapMs) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * get_timing.py's overlaps(): every stretch where user and model speak at once (a two-pointer walk over
 * both merged lists); when several end at the same ms the shortest is kept; ordered by end. Each one's
 * length is a stop latency.
 */
export function stopIntervals(user: readonly SpanMs[], model: readonly SpanMs[]): SpanMs[] {
  const raw: SpanMs[] = [];
  let i = 0;
  let j = 0;
  while (i < user.length && j < model.length) {
    const start = Math.max(user[i][0], model[j][0]);
    const end = Math.min(user[i][1], model[j][1]);
    if (end > start) raw.push([start, end]);
    if (user[i][1] < model[j][1]) i++;
    else j++;
  }
  const byEnd = new Map<number, SpanMs>();
  for (const span of raw) {
    const key = roundHalfEven(span[1]);
    const kept = byEnd.get(key);
    if (!kept || span[1] - span[0] < kept[1] - kept[0]) byEnd.set(key, span);
  }
  return [...byEnd.values()].sort((a, b) => a[1] - b[1]);
}

/**
 * get_timing.py's response_gaps(): for each user segment, the gap from its end to the first model
 * segment that starts strictly after it; when several user segments lead to the same model start, the
 * shortest gap (latest user end) is kept; ordered by the model start. Each one's length is a response
 * latency.
 */
export function responseIntervals(user: readonly SpanMs[], model: readonly SpanMs[]): SpanMs[] {
  const byStart = new Map<number, SpanMs>();
  for (const [, userEnd] of user) {
    const next = model.find(([modelStart]) => modelStart > userEnd);
    if (!next) continue;
    const key = roundHalfEven(next[0]);
    const kept = byStart.get(key);
    if (!kept || userEnd > kept[0]) byStart.set(key, [userEnd, next[0]]);
  }
  return [...byStart.values()].sort((a, b) => a[1] - b[1]);
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction === 0.5) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}

export interface OverlapTimingSampleResult {
  /** Merged user speech (user_speech.json, gaps ≤ 600 ms joined). */
  userSpans: SpanMs[];
  /** Merged assistant speech (played stretches, gaps ≤ 500 ms joined). */
  modelSpans: SpanMs[];
  stopIntervals: SpanMs[];
  responseIntervals: SpanMs[];
}

/** get_timing.py for one sample: user speech from user_speech.json (FD-bench: Silero VAD on input.wav). */
export function overlapTimingSample(userSpeech: UserSpeechAnnotation, speech: AssistantSpeech, durationMs: number): OverlapTimingSampleResult {
  const userSpans = mergeSpans(
    userSpeech.map((s) => [secondsToSampleGridMs(s.timestamp[0]), secondsToSampleGridMs(s.timestamp[1])] as SpanMs),
    USER_MERGE_GAP_MS,
  );
  const modelSpans = mergeSpans(
    clipSpeechToDuration(speech, durationMs).segments.map((s) => [s.startMs, s.endMs] as SpanMs),
    MODEL_MERGE_GAP_MS,
  );
  return { userSpans, modelSpans, stopIntervals: stopIntervals(userSpans, modelSpans), responseIntervals: responseIntervals(userSpans, modelSpans) };
}

// ---- v1.5: behaviour after an overlap (deterministic judge) ----

export type OverlapBehaviour = 'respond' | 'resume' | 'unknown';

export interface OverlapBehaviourResult {
  behaviour: OverlapBehaviour;
  /** Which rule decided, in words (for the report and for debugging a sample). */
  rule: string;
}

/**
 * Tandem's replacement for FD-bench v1.5's GPT-4o behaviour judge (eval_behavior.py with
 * instruction/behavior.txt), decided from the timeline alone. Backchannel utterances are never a
 * segment. With the overlap [start, end] from metadata.json `timestamps`:
 * - the first utterance that starts at or after the overlap start is the first post-overlap segment;
 *   it is RESUME when it re-starts the utterance that was playing at the overlap start (same utterance
 *   id) or says exactly that utterance's unspoken remainder; otherwise RESPOND;
 * - with no such utterance: RESUME when the utterance playing at the overlap start went on until the
 *   overlap's end or to its own last word (the assistant carried on); otherwise UNKNOWN (silence after
 *   the overlap).
 * FD-bench's C_UNCERTAIN_HANDLING ("could you repeat?") has no timeline counterpart: such a reply is RESPOND.
 */
export function judgeOverlapBehaviour(metadata: OverlapMetadata, speech: AssistantSpeech, durationMs: number): OverlapBehaviourResult {
  const overlapStartMs = secondsToSampleGridMs(metadata.timestamps[0]);
  const overlapEndMs = secondsToSampleGridMs(metadata.timestamps[1]);
  const utterances = clipSpeechToDuration(speech, durationMs).segments.filter((s) => !s.backchannel);
  const playing = utterances.find((s) => s.startMs < overlapStartMs && s.endMs > overlapStartMs);
  const next = utterances.find((s) => s.startMs >= overlapStartMs);
  if (next) {
    if (playing && next.utteranceId === playing.utteranceId) return { behaviour: 'resume', rule: `utterance ${next.utteranceId} was started again after the overlap` };
    if (playing && playing.endedBy === 'cut' && playing.unspokenText !== '' && next.text === playing.unspokenText) {
      return { behaviour: 'resume', rule: `utterance ${next.utteranceId} says the rest of the cut utterance ${playing.utteranceId}` };
    }
    return { behaviour: 'respond', rule: `utterance ${next.utteranceId} (${next.kind}) is new after the overlap` };
  }
  if (playing && (playing.endMs >= overlapEndMs || playing.endedBy === 'ended')) {
    return { behaviour: 'resume', rule: `utterance ${playing.utteranceId} carried on through the overlap` };
  }
  return { behaviour: 'unknown', rule: playing ? `utterance ${playing.utteranceId} stopped during the overlap and nothing followed` : 'no assistant speech after the overlap' };
}

// ---- aggregation ----

/** Mean of the numbers, or null with the reason when there are none (never 0 in their place). */
export function meanMetric(values: ReadonlyArray<number | null>, emptyReason: string): MetricValue {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { value: null, n: 0, missingReason: emptyReason };
  return { value: present.reduce((sum, v) => sum + v, 0) / present.length, n: present.length };
}

/** Share of samples where `flags` is true. */
export function shareMetric(flags: readonly boolean[], emptyReason: string): MetricValue {
  return meanMetric(flags.map((f) => (f ? 1 : 0)), emptyReason);
}

// ---- the metric list ----

const TOR_RULE =
  'the output "took the turn" when its words, in time order, span ≥ 1 s from the first word\'s start to the last word\'s end, or span < 1 s with more than 3 words; no words means it did not';

const OVERLAP_TASK_LABEL: Record<FdOverlapTask, string> = {
  overlap_user_interruption: 'v1.5 user interruption',
  overlap_user_backchannel: 'v1.5 user backchannel',
  overlap_talking_to_other: 'v1.5 talking to another person',
  overlap_background_speech: 'v1.5 background speech',
  overlap_background_noise: 'background noise (Tandem, v1.5 format)',
};

function overlapMetrics(task: FdOverlapTask): MetricDefinition[] {
  const label = OVERLAP_TASK_LABEL[task];
  const respondWanted = task === 'overlap_user_interruption';
  // v1.5 user interruption is scored on the user_interruption samples (they carry metadata.json too).
  const scoredOn = task === 'overlap_user_interruption' ? { scoredOnTask: 'user_interruption' } : {};
  return ([
    {
      key: `${task}.stop_latency_ms`,
      label: `${label}: stop latency`,
      definition:
        'Mean length of every stretch where the user (user_speech.json, gaps ≤ 600 ms merged) and the assistant (played audio, gaps ≤ 500 ms merged) speak at once, pooled over all samples (get_timing.py latency_stop_list; when several end at the same ms the shortest counts).',
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      key: `${task}.response_latency_ms`,
      label: `${label}: response latency`,
      definition:
        'Mean gap from the end of each merged user speech segment to the start of the first merged assistant segment that starts strictly after it, pooled over all samples (get_timing.py latency_resp_list; when several user ends lead to one assistant start the shortest gap counts).',
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      key: `${task}.respond_share`,
      label: `${label}: respond`,
      definition:
        "Share of samples whose first non-backchannel utterance starting at or after the overlap start is a new utterance (not a restart of the utterance playing at the overlap start, not its exact unspoken remainder). Tandem's deterministic stand-in for FD-bench's GPT-4o C_RESPOND (and C_UNCERTAIN_HANDLING) label.",
      unit: 'share of samples',
      lowerIsBetter: !respondWanted,
    },
    {
      key: `${task}.resume_share`,
      label: `${label}: resume`,
      definition:
        "Share of samples where the assistant went back to what it was saying: the first utterance after the overlap start restarts the utterance playing at the overlap start or says its exact unspoken remainder, or, with no new utterance, the playing utterance carried on to the overlap's end or its own last word. Stand-in for FD-bench's C_RESUME.",
      unit: 'share of samples',
      lowerIsBetter: respondWanted,
    },
    {
      key: `${task}.unknown_share`,
      label: `${label}: no reaction`,
      definition: 'Share of samples with no new utterance after the overlap start and no utterance carried through it (stand-in for C_UNKNOWN).',
      unit: 'share of samples',
      lowerIsBetter: true,
    },
  ] satisfies MetricDefinition[]).map((definition) => ({ ...definition, ...scoredOn }));
}

export const FDBENCH_METRICS: MetricDefinition[] = [
  {
    key: 'pause_handling.tor',
    label: 'Pause handling: takeover rate',
    definition: `Share of pause-handling samples where the assistant took the turn, judged on every word it played in the whole sample (eval_pause_handling.py reads the whole output transcript): ${TOR_RULE}.`,
    unit: 'share of samples',
    lowerIsBetter: true,
  },
  {
    key: 'smooth_turn_taking.tor',
    label: 'Smooth turn-taking: takeover rate',
    definition: `Share of turn-taking samples where the assistant took the turn, judged on every word it played in the whole sample: ${TOR_RULE}.`,
    unit: 'share of samples',
    lowerIsBetter: false,
  },
  {
    key: 'smooth_turn_taking.latency_ms',
    label: 'Smooth turn-taking: latency',
    definition:
      'Mean, over samples where the assistant took the turn, of max(0, start of its first played word − turn_taking.json[0].timestamp[0]) (the annotated end of the user\'s turn; eval_smooth_turn_taking.py). The first word of the whole output counts, even one said before the turn ended (then 0).',
    unit: 'ms',
    lowerIsBetter: true,
  },
  {
    key: 'smooth_turn_taking.latency_after_turn_end_ms',
    label: 'Smooth turn-taking: latency after the turn end',
    definition:
      'Tandem\'s stricter latency: mean, over samples where the words playing after turn_taking.json[0].timestamp[0] take the turn (same rule, a word across that point counted from it), of (start of the first such word − that time). Unlike smooth_turn_taking.latency_ms, a backchannel or any word said during the user\'s turn cannot make it 0.',
    unit: 'ms',
    lowerIsBetter: true,
  },
  {
    key: 'user_interruption.tor',
    label: 'User interruption: takeover rate',
    definition: `Share of user-interruption samples where the assistant took the turn after the interruption, judged only on words playing after interrupt.json[0].timestamp[1] (asr.py crops output.wav there; a word across that point counts from it): ${TOR_RULE}.`,
    unit: 'share of samples',
    lowerIsBetter: false,
  },
  {
    key: 'user_interruption.latency_ms',
    label: 'User interruption: latency',
    definition:
      'Mean, over samples where the assistant took the turn after the interruption, of max(0, start of its first word after the interruption − interrupt.json[0].timestamp[1]) (eval_user_interruption.py). FD-bench\'s GPT relevance rating is not computed.',
    unit: 'ms',
    lowerIsBetter: true,
  },
  {
    key: 'backchannel.tor',
    label: 'Backchannel: takeover rate',
    definition:
      'Mean over samples of eval_backchannel.py\'s TOR: walking the assistant\'s continuous speech stretches in time order, a stretch > 3 s sets 1 and ends the walk; otherwise a stretch with > 3 overlapping words, or ≥ 1 s long, or < 1 s with 3 words sets 1, and one < 1 s with ≤ 2 words sets 0. The last stretch examined decides (so a backchannel after a turn sets it back to 0, as in FD-bench).',
    unit: 'share of samples',
    lowerIsBetter: true,
  },
  {
    key: 'backchannel.tor_any_segment',
    label: 'Backchannel: takeover rate (any stretch)',
    definition: 'Tandem\'s stricter takeover rate: share of backchannel samples where any speech stretch is a turn under the rule of backchannel.tor (FD-bench\'s value is decided by the last stretch only).',
    unit: 'share of samples',
    lowerIsBetter: true,
  },
  {
    key: 'backchannel.frequency_per_s',
    label: 'Backchannel: frequency',
    definition:
      'Mean over samples of (backchannels ÷ sample length in seconds), where, as in eval_backchannel.py, every speech stretch of ≤ 3 s before the first longer one counts as a backchannel whatever its word count (read it with backchannel.tor_any_segment).',
    unit: '1/s',
    lowerIsBetter: false,
  },
  {
    key: 'backchannel.jsd',
    label: 'Backchannel: timing divergence (JSD)',
    definition:
      'Mean over samples of the Jensen–Shannon distance (scipy jensenshannon, natural log: 0 … √ln2 ≈ 0.833) between the backchannels\' timing histogram (0.2 s bins; each backchannel counts in every bin from ⌊start/0.2 s⌋ to ⌊end/0.2 s⌋; + 1e-10; normalised) and the human distribution resampled linearly to as many bins. A sample without any backchannel scores 1 (eval_backchannel.py).',
    unit: 'JS distance',
    lowerIsBetter: true,
  },
  {
    key: 'backchannel.frequency_strict_per_s',
    label: 'Backchannel: frequency (real backchannels only)',
    definition: 'Tandem\'s stricter frequency: mean over samples of (stretches that pass the backchannel test — < 1 s with ≤ 2 overlapping words — ÷ sample seconds), all stretches walked; a turn-like stretch never counts.',
    unit: '1/s',
    lowerIsBetter: false,
  },
  {
    key: 'backchannel.jsd_strict',
    label: 'Backchannel: timing divergence (real backchannels only)',
    definition: 'backchannel.jsd computed over the stretches of backchannel.frequency_strict_per_s only (1 for a sample without any).',
    unit: 'JS distance',
    lowerIsBetter: true,
  },
  ...FD_OVERLAP_TASKS.flatMap(overlapMetrics),
];

// ---- scoring a suite run ----

/** One sample as the scorer sees it. */
export interface FdScoredSample {
  id: string;
  task: FdTask;
  annotations: FdSampleAnnotations;
  speech: AssistantSpeech;
  /** Length of input.wav (= output.wav). */
  durationMs: number;
}

/** Builds the scorer's view of a run: the sample folder's annotations and the timeline's speech. */
export function fdScoredSampleFromRun(run: SampleRun, options: ReadAnnotationsOptions = {}): FdScoredSample {
  const task = canonicalFdTask(run.sample.task);
  if (!task) {
    throw new TandemError('SCENARIO_INVALID', `Unknown Full-Duplex-Bench task "${run.sample.task}"`, `sample ${run.sample.id}`, `Use one of: ${FD_TASKS.join(', ')}.`);
  }
  const input = (run.summary as { input?: { samples?: unknown } }).input;
  const summaryMs = typeof input?.samples === 'number' ? (input.samples * 1000) / SAMPLE_RATE_HZ : undefined;
  const speech = assistantSpeechFromTimeline(run.events, summaryMs === undefined ? {} : { durationMs: summaryMs });
  if (speech.durationMs === null) {
    throw new TandemError('TIMELINE_INVALID', 'The sample\'s length is unknown', join(run.outDir, 'summary.json'), 'Score a run written by `tandem run` (its summary.json has input.samples).');
  }
  return { id: run.sample.id, task, annotations: readFdSampleAnnotations(run.sample.input, options), speech, durationMs: speech.durationMs };
}

/** Every FD-bench metric over the samples of one model, with per-sample distributions and notes. */
export function scoreFdBench(samples: readonly FdScoredSample[]): SuiteResult {
  const metrics: Record<string, MetricValue> = {};
  const distributions: Record<string, number[]> = {};
  const notes: string[] = [
    'Assistant words and speech stretches come from the timeline (what was played, to the sample), not from ASR and VAD on output.wav as in FD-bench.',
    'v1 user interruption: the GPT relevance rating is not computed. v1.5: behaviour is Tandem\'s deterministic judge, not GPT-4o; speech-quality (UTMOS, pitch, intensity) is not computed.',
  ];
  if (samples.some((s) => s.speech.placeholderVoice)) notes.push('The assistant spoke with the placeholder tone voice: timings are real, the audio is not speech.');
  const of = (task: FdTask) => samples.filter((s) => s.task === task);
  const put = (key: string, value: MetricValue, perSample?: ReadonlyArray<number | null>) => {
    metrics[key] = value;
    if (perSample) distributions[key] = perSample.filter((v): v is number => v !== null);
  };
  const none = (task: string) => `no ${task} samples`;

  const pause = of('pause_handling').map((s) => pauseHandlingSample(s.speech, s.durationMs));
  put('pause_handling.tor', shareMetric(pause.map((r) => r.tookTurn), none('pause-handling')));

  const turnSamples = of('smooth_turn_taking');
  const turns = turnSamples.filter((s) => s.annotations.turnTaking).map((s) => smoothTurnTakingSample(s.annotations.turnTaking!, s.speech, s.durationMs));
  const turnsMissing = turnSamples.length - turns.length;
  putTurnMetrics('smooth_turn_taking', turns, turnsMissing, 'turn_taking.json', turnSamples.length === 0 ? none('smooth turn-taking') : null);

  // A v1.5 user-interruption sample that also has interrupt.json counts for v1 too (and the reverse below).
  const interruptSamples = [...of('user_interruption'), ...of('overlap_user_interruption').filter((s) => s.annotations.interrupt)];
  const interrupts = interruptSamples.filter((s) => s.annotations.interrupt).map((s) => userInterruptionSample(s.annotations.interrupt!, s.speech, s.durationMs));
  putTurnMetrics('user_interruption', interrupts, interruptSamples.length - interrupts.length, 'interrupt.json', interruptSamples.length === 0 ? none('user-interruption') : null);

  const backchannelSamples = of('backchannel');
  const backchannels = backchannelSamples.map((s) => backchannelSample(s.annotations.backchannelGt?.distribution, s.speech, s.durationMs));
  put('backchannel.tor', meanMetric(backchannels.map((r) => r.tor), none('backchannel')), backchannels.map((r) => r.tor));
  put('backchannel.tor_any_segment', meanMetric(backchannels.map((r) => r.torAnySegment), none('backchannel')));
  put('backchannel.frequency_per_s', meanMetric(backchannels.map((r) => r.frequencyPerS), none('backchannel')), backchannels.map((r) => r.frequencyPerS));
  put('backchannel.frequency_strict_per_s', meanMetric(backchannels.map((r) => r.strictFrequencyPerS), none('backchannel')), backchannels.map((r) => r.strictFrequencyPerS));
  const jsdMetric = (values: Array<number | null>): MetricValue => {
    const missing = values.filter((v) => v === null).length;
    if (missing === 0) return meanMetric(values, none('backchannel'));
    return { value: null, n: values.length - missing, missingReason: `${missing} backchannel sample(s) have no human backchannel-timing distribution (backchannel_gt.json or icc_gt_distribution.json)` };
  };
  put('backchannel.jsd', jsdMetric(backchannels.map((r) => r.jsd)), backchannels.map((r) => r.jsd));
  put('backchannel.jsd_strict', jsdMetric(backchannels.map((r) => r.strictJsd)), backchannels.map((r) => r.strictJsd));

  for (const task of FD_OVERLAP_TASKS) {
    const taskSamples = task === 'overlap_user_interruption' ? [...of(task), ...of('user_interruption').filter((s) => s.annotations.metadata)] : of(task);
    const label = OVERLAP_TASK_LABEL[task];
    const withSpeech = taskSamples.filter((s) => s.annotations.userSpeech);
    const timing = withSpeech.map((s) => overlapTimingSample(s.annotations.userSpeech!, s.speech, s.durationMs));
    const noUserSpeech = taskSamples.length - withSpeech.length;
    const pooled = (pick: (r: OverlapTimingSampleResult) => SpanMs[], what: string): MetricValue => {
      if (taskSamples.length === 0) return { value: null, n: 0, missingReason: none(label) };
      if (noUserSpeech > 0) return { value: null, n: withSpeech.length, missingReason: `${noUserSpeech} sample(s) have no user_speech.json (FD-bench finds user speech with a VAD on input.wav)` };
      const lengths = timing.flatMap((r) => pick(r).map(([start, end]) => end - start));
      const value = meanMetric(lengths, `no ${what} in any sample`);
      return value.value === null ? { ...value, n: withSpeech.length } : { value: value.value, n: withSpeech.length };
    };
    put(`${task}.stop_latency_ms`, pooled((r) => r.stopIntervals, 'stretch where user and assistant speak at once'), timing.flatMap((r) => r.stopIntervals.map(([s, e]) => e - s)));
    put(`${task}.response_latency_ms`, pooled((r) => r.responseIntervals, 'assistant speech starting after user speech'), timing.flatMap((r) => r.responseIntervals.map(([s, e]) => e - s)));

    const withMetadata = taskSamples.filter((s) => s.annotations.metadata);
    const judged = withMetadata.map((s) => judgeOverlapBehaviour(s.annotations.metadata!, s.speech, s.durationMs).behaviour);
    const noMetadata = taskSamples.length - withMetadata.length;
    for (const behaviour of ['respond', 'resume', 'unknown'] as const) {
      put(
        `${task}.${behaviour}_share`,
        noMetadata > 0
          ? { value: null, n: withMetadata.length, missingReason: `${noMetadata} sample(s) have no metadata.json` }
          : shareMetric(judged.map((b) => b === behaviour), none(label)),
      );
    }
  }
  return { metrics, distributions, notes };

  function putTurnMetrics(task: 'smooth_turn_taking' | 'user_interruption', results: TurnSampleResult[], missing: number, file: string, emptyReason: string | null) {
    const keys = task === 'smooth_turn_taking' ? ['tor', 'latency_ms', 'latency_after_turn_end_ms'] : ['tor', 'latency_ms'];
    if (emptyReason !== null) {
      for (const key of keys) put(`${task}.${key}`, { value: null, n: 0, missingReason: emptyReason });
      return;
    }
    if (missing > 0) {
      for (const key of keys) put(`${task}.${key}`, { value: null, n: results.length, missingReason: `${missing} sample(s) have no ${file}` });
      return;
    }
    put(`${task}.tor`, shareMetric(results.map((r) => r.tookTurn), emptyReason ?? ''));
    put(`${task}.latency_ms`, meanMetric(results.map((r) => r.latencyMs), 'no sample had the turn taken, so there is no latency'), results.map((r) => r.latencyMs));
    if (task === 'smooth_turn_taking') {
      const strict = results.map((r) => (r as SmoothTurnTakingSampleResult).latencyAfterTurnEndMs);
      put(`${task}.latency_after_turn_end_ms`, meanMetric(strict, 'no sample had the turn taken after the turn end, so there is no latency'), strict);
    }
  }
}
