// Full-Duplex-Bench's per-sample annotation files as zod schemas, exactly as FD-bench's data and evaluation scripts read them, and their reader.
//
// Where each format comes from (DanielLin94144/Full-Duplex-Bench, v1_v1.5/, and its forks that hold copies):
// - pause.json        `[{ text: "[PAUSE]", timestamp: [startS, endS] }, …]` — Candor and synthetic pause
//                     handling. evaluation/eval_pause_handling.py never opens it: the task is scored on the
//                     whole output transcript. It is read here so a sample can be told apart and checked.
// - turn_taking.json  `[{ text: "[TURN-TAKING]", timestamp: [startS, endS] }]` — Candor smooth turn-taking.
//                     eval_smooth_turn_taking.py reads `[0].timestamp[0]` (it calls it `input_end_time`).
// - interrupt.json    `[{ context, interrupt, timestamp: [startS, endS] }]` — synthetic user interruption.
//                     eval_user_interruption.py reads `[0].interrupt`, `[0].context`, `[0].timestamp[1]`, and
//                     get_transcript/asr.py --task user_interruption crops output.wav at `[0].timestamp[1]`.
// - metadata.json     v1.5 overlap samples: `{ context_text?, current_turn_text? | backchannel_text? |
//                     background_text?, timestamps: [startS, endS] }` next to input.wav and clean_input.wav;
//                     eval_general_before_after.py reads `timestamps[1]` (the end of the overlap).
// - icc_gt_distribution.json (one per data set, not per sample) `{ "<sample folder>": number[] }` — the
//                     human backchannel-timing distribution over 0.2 s bins; eval_backchannel.py looks a
//                     sample up by its folder name (the ICC backchannel folders are digits and carry no
//                     annotation file of their own).
// Tandem adds two per-sample files that FD-bench does not have, for the generated suite:
// - backchannel_gt.json `{ window_s: 0.2, distribution: number[] }` — the sample's own human-like
//                     backchannel-timing distribution (what icc_gt_distribution.json holds for ICC data).
// - user_speech.json  `[{ text: "[SPEECH]", timestamp: [startS, endS] }, …]` — where the user (and any
//                     overlapping speaker) really speaks in input.wav. FD-bench v1.5's get_timing.py finds
//                     this with Silero VAD on input.wav; a generated sample knows it exactly.
// Times in every one of these files are seconds (FD-bench's unit); Tandem converts to ms when scoring.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { describeScenarioIssues } from '../../engine/scenario/schema';

/** The file names, as FD-bench (and Tandem's two additions) spell them. */
export const FD_ANNOTATION_FILES = {
  pause: 'pause.json',
  turnTaking: 'turn_taking.json',
  interrupt: 'interrupt.json',
  metadata: 'metadata.json',
  backchannelGt: 'backchannel_gt.json',
  userSpeech: 'user_speech.json',
  iccGtDistribution: 'icc_gt_distribution.json',
  cleanInput: 'clean_input.wav',
} as const;

/**
 * The tasks of the fdbench suite (BenchSample.task). v1: pause handling (Candor and synthetic), smooth
 * turn-taking (Candor), user interruption (synthetic), backchannel (ICC). v1.5: the four overlap
 * scenarios, named after FD-bench v1.5's data folders with an `overlap_` prefix, plus Tandem's own
 * background-noise scenario in the v1.5 format.
 */
export const FD_TASKS = [
  'pause_handling',
  'smooth_turn_taking',
  'user_interruption',
  'backchannel',
  'overlap_user_interruption',
  'overlap_user_backchannel',
  'overlap_talking_to_other',
  'overlap_background_speech',
  'overlap_background_noise',
] as const;
export type FdTask = (typeof FD_TASKS)[number];
export const FD_OVERLAP_TASKS = [
  'overlap_user_interruption',
  'overlap_user_backchannel',
  'overlap_talking_to_other',
  'overlap_background_speech',
  'overlap_background_noise',
] as const satisfies readonly FdTask[];
export type FdOverlapTask = (typeof FD_OVERLAP_TASKS)[number];

/** FD-bench v1.5's own folder names (used by the generator as task names) → the task here. */
export const FD_TASK_ALIASES: Readonly<Record<string, FdTask>> = {
  user_backchannel: 'overlap_user_backchannel',
  talking_to_other: 'overlap_talking_to_other',
  background_speech: 'overlap_background_speech',
  background_noise: 'overlap_background_noise',
};

/** The task a BenchSample.task names (its own name or an FD-bench v1.5 folder name), or null. */
export function canonicalFdTask(task: string): FdTask | null {
  if ((FD_TASKS as readonly string[]).includes(task)) return task as FdTask;
  return Object.hasOwn(FD_TASK_ALIASES, task) ? FD_TASK_ALIASES[task] : null;
}

/**
 * The annotation each task is scored from (a sample of the task must have it). pause.json is listed
 * although FD-bench's pause-handling score never reads it: it is what makes a folder a pause sample.
 * Backchannel samples need a ground-truth distribution: their own backchannel_gt.json or an entry in
 * the data set's icc_gt_distribution.json. Overlap samples need user_speech.json for the timing
 * metrics (their behaviour is scored from metadata.json alone). A user_interruption sample that also
 * has metadata.json (the generated ones do) is scored as a v1.5 user interruption too.
 */
export const FD_TASK_ANNOTATIONS: Record<FdTask, readonly string[]> = {
  pause_handling: ['pause.json'],
  smooth_turn_taking: ['turn_taking.json'],
  user_interruption: ['interrupt.json'],
  backchannel: ['backchannel_gt.json | icc_gt_distribution.json'],
  overlap_user_interruption: ['metadata.json', 'user_speech.json'],
  overlap_user_backchannel: ['metadata.json', 'user_speech.json'],
  overlap_talking_to_other: ['metadata.json', 'user_speech.json'],
  overlap_background_speech: ['metadata.json', 'user_speech.json'],
  overlap_background_noise: ['metadata.json', 'user_speech.json'],
};

/** The backchannel-timing bin width eval_backchannel.py uses (`window_size = 0.2`). */
export const BACKCHANNEL_WINDOW_S = 0.2;

const seconds = z
  .number({ error: (issue) => (issue.input === undefined ? 'required: a time in seconds ≥ 0' : 'expected a time in seconds ≥ 0') })
  .finite({ error: 'expected a finite time in seconds' })
  .min(0, { error: 'expected a time in seconds ≥ 0' });

/** `[startS, endS]`, the `timestamp` / `timestamps` pair every FD-bench annotation uses. */
const SecondsSpanSchema = z
  .tuple([seconds, seconds], { error: 'expected [start, end] in seconds' })
  .refine(([start, end]) => end >= start, { error: 'expected [start, end] with end ≥ start (seconds)' });

const text = z.string({ error: (issue) => (issue.input === undefined ? 'required: a string' : 'expected a string') });

// FD-bench's own files are read loosely (extra keys allowed): external data must not be rejected for a
// field the scripts never read. Tandem's own additions are strict.
const TimestampedEventSchema = z.looseObject({ text, timestamp: SecondsSpanSchema });

/** pause.json: the pauses inside the user's turn. */
export const PauseAnnotationSchema = z.array(TimestampedEventSchema, { error: 'expected a list of { text, timestamp: [start, end] }' }).min(1, { error: 'expected at least one pause' });
export type PauseAnnotation = z.infer<typeof PauseAnnotationSchema>;

/** turn_taking.json: `[0].timestamp[0]` is where the user's turn ends and the model may take it. */
export const TurnTakingAnnotationSchema = z
  .array(TimestampedEventSchema, { error: 'expected a list of { text, timestamp: [start, end] }' })
  .min(1, { error: 'expected one turn-taking event' });
export type TurnTakingAnnotation = z.infer<typeof TurnTakingAnnotationSchema>;

/** interrupt.json: what the user said before and during the interruption, and when the interruption ran. */
export const InterruptAnnotationSchema = z
  .array(z.looseObject({ context: text, interrupt: text, timestamp: SecondsSpanSchema }), { error: 'expected a list of { context, interrupt, timestamp: [start, end] }' })
  .min(1, { error: 'expected one interruption' });
export type InterruptAnnotation = z.infer<typeof InterruptAnnotationSchema>;

/** metadata.json (v1.5): the overlap event — its text (key depends on the task) and `timestamps: [start, end]`. */
export const OverlapMetadataSchema = z.looseObject({
  context_text: text.optional(),
  /** user_interruption and talking_to_other. */
  current_turn_text: text.optional(),
  /** user_backchannel. */
  backchannel_text: text.optional(),
  /** background_speech. */
  background_text: text.optional(),
  timestamps: SecondsSpanSchema,
});
export type OverlapMetadata = z.infer<typeof OverlapMetadataSchema>;

const distribution = z
  .array(z.number().finite().min(0, { error: 'expected a probability ≥ 0' }), { error: 'expected a list of numbers (one per 0.2 s bin)' })
  .min(1, { error: 'expected at least one bin' })
  .refine((bins) => bins.reduce((sum, p) => sum + p, 0) > 0, { error: 'expected at least one bin > 0' });

/** icc_gt_distribution.json: sample folder name → human backchannel-timing distribution over 0.2 s bins. */
export const IccGtDistributionSchema = z.record(z.string(), distribution);
export type IccGtDistribution = z.infer<typeof IccGtDistributionSchema>;

/** backchannel_gt.json (Tandem): the same distribution, for one generated sample. */
export const BackchannelGroundTruthSchema = z.strictObject({
  /** Bin width; only FD-bench's 0.2 s is accepted so the scorer and the data cannot disagree. */
  window_s: z.literal(BACKCHANNEL_WINDOW_S, { error: `expected ${BACKCHANNEL_WINDOW_S} (FD-bench's bin width, seconds)` }),
  /** Bin i covers [0.2·i, 0.2·(i+1)) s of the sample; any length (it is resampled like FD-bench does). */
  distribution,
});
export type BackchannelGroundTruth = z.infer<typeof BackchannelGroundTruthSchema>;

/** user_speech.json (Tandem): every stretch of speech in input.wav, in time order, not overlapping. */
export const UserSpeechAnnotationSchema = z
  .array(z.strictObject({ text, timestamp: SecondsSpanSchema }), { error: 'expected a list of { text, timestamp: [start, end] }' })
  .superRefine((segments, ctx) => {
    for (let i = 1; i < segments.length; i++) {
      if (segments[i].timestamp[0] < segments[i - 1].timestamp[1]) {
        ctx.addIssue({ code: 'custom', path: [i, 'timestamp', 0], message: `expected segments in time order, not overlapping (segment ${i - 1} ends at ${segments[i - 1].timestamp[1]} s)`, input: segments[i].timestamp[0] });
      }
    }
  });
export type UserSpeechAnnotation = z.infer<typeof UserSpeechAnnotationSchema>;

/** Every annotation a sample folder has; a file that is absent is undefined. */
export interface FdSampleAnnotations {
  dir: string;
  pause?: PauseAnnotation;
  turnTaking?: TurnTakingAnnotation;
  interrupt?: InterruptAnnotation;
  metadata?: OverlapMetadata;
  /** From the sample's backchannel_gt.json, or else from the data set's icc_gt_distribution.json. */
  backchannelGt?: { distribution: number[]; source: 'backchannel_gt.json' | 'icc_gt_distribution.json' };
  userSpeech?: UserSpeechAnnotation;
  /** clean_input.wav (v1.5's overlap-free control input), when the folder has one. */
  cleanInputWav?: string;
  /** The annotation files that were read, in the order above. */
  files: string[];
}

export interface ReadAnnotationsOptions {
  /** The data set's icc_gt_distribution.json, already read (see readIccGtDistribution). */
  iccGtDistribution?: IccGtDistribution;
}

/**
 * Reads whichever annotation files the sample folder has. A file that exists but does not match its
 * format throws SCENARIO_INVALID naming the file and the field.
 */
export function readFdSampleAnnotations(dir: string, options: ReadAnnotationsOptions = {}): FdSampleAnnotations {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TandemError('INPUT_NOT_FOUND', 'Full-Duplex-Bench sample folder not found', dir, 'Pass a sample folder (one that holds input.wav and its annotation files).');
  }
  const out: FdSampleAnnotations = { dir, files: [] };
  const read = <T>(file: string, schema: z.ZodType<T>, format: string): T | undefined => {
    const path = join(dir, file);
    if (!existsSync(path)) return undefined;
    out.files.push(file);
    return parseAnnotationFile(path, schema, format);
  };
  out.pause = read(FD_ANNOTATION_FILES.pause, PauseAnnotationSchema, '[{ "text": "[PAUSE]", "timestamp": [startS, endS] }, …]');
  out.turnTaking = read(FD_ANNOTATION_FILES.turnTaking, TurnTakingAnnotationSchema, '[{ "text": "[TURN-TAKING]", "timestamp": [startS, endS] }]');
  out.interrupt = read(FD_ANNOTATION_FILES.interrupt, InterruptAnnotationSchema, '[{ "context": "…", "interrupt": "…", "timestamp": [startS, endS] }]');
  out.metadata = read(FD_ANNOTATION_FILES.metadata, OverlapMetadataSchema, '{ "context_text": "…", "current_turn_text": "…", "timestamps": [startS, endS] }');
  const gt = read(FD_ANNOTATION_FILES.backchannelGt, BackchannelGroundTruthSchema, '{ "window_s": 0.2, "distribution": [p0, p1, …] }');
  if (gt) {
    out.backchannelGt = { distribution: gt.distribution, source: 'backchannel_gt.json' };
  } else {
    const fromDataSet = options.iccGtDistribution ? Object.hasOwn(options.iccGtDistribution, basename(dir)) ? options.iccGtDistribution[basename(dir)] : undefined : undefined;
    if (fromDataSet) out.backchannelGt = { distribution: fromDataSet, source: 'icc_gt_distribution.json' };
  }
  out.userSpeech = read(FD_ANNOTATION_FILES.userSpeech, UserSpeechAnnotationSchema, '[{ "text": "[SPEECH]", "timestamp": [startS, endS] }, …]');
  const clean = join(dir, FD_ANNOTATION_FILES.cleanInput);
  if (existsSync(clean)) out.cleanInputWav = clean;
  return out;
}

/** Reads a data set's icc_gt_distribution.json (FD-bench keeps it next to its evaluation scripts). */
export function readIccGtDistribution(path: string): IccGtDistribution {
  if (!existsSync(path)) {
    throw new TandemError('INPUT_NOT_FOUND', 'Backchannel ground-truth distribution not found', path, 'Copy icc_gt_distribution.json from Full-Duplex-Bench (v1_v1.5/evaluation/) into the data folder.');
  }
  return parseAnnotationFile(path, IccGtDistributionSchema, '{ "<sample folder>": [p0, p1, …], … }');
}

function parseAnnotationFile<T>(path: string, schema: z.ZodType<T>, format: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new TandemError('SCENARIO_INVALID', `Annotation file is not valid JSON: ${(cause as Error).message}`, path, `Fix the JSON; the expected format is ${format}.`, { cause });
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const lines = describeScenarioIssues(parsed.error.issues);
    throw new TandemError('SCENARIO_INVALID', `Annotation file is invalid: ${lines.join('; ')}`, path, `Fix the field(s) named above; the expected format is ${format}.`);
  }
  return parsed.data;
}
