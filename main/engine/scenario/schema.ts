// The scenario file format (*.scenario.json): zod schemas, inferred types, and error messages that name the bad field.

import { z } from 'zod';
import { ACTIONS } from '../../../common/microturn';

export const SCENARIO_VERSION = 1;

/**
 * A strict object: unknown keys are rejected (typo protection), and the message lists the keys
 * that are allowed where the typo was made.
 */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}; allowed keys: ${allowed}`;
      }
      if (issue.code === 'invalid_type') return issue.input === undefined ? `required: an object with keys ${allowed}` : `expected an object with keys ${allowed}`;
      return undefined;
    },
  });
}

const msAt = z
  .number({ error: (issue) => (issue.input === undefined ? 'required: a number ≥ 0 (milliseconds)' : 'expected a number ≥ 0 (milliseconds)') })
  .min(0, { error: 'expected a number ≥ 0 (milliseconds)' });

const relativePath = z
  .string({ error: (issue) => (issue.input === undefined ? 'required: a file path (relative to the scenario file)' : 'expected a file path string (relative to the scenario file)') })
  .min(1, { error: 'expected a non-empty file path' });

export const MicClipSchema = strictObject({
  /** A WAV file; any PCM/float format, rate and channel count (converted to 16 kHz mono). */
  file: relativePath,
  /** Where the clip starts on the scenario's timeline. */
  atMs: msAt.default(0),
});

export const MsSpanSchema = strictObject({
  fromMs: msAt,
  toMs: msAt,
}).refine((span) => span.toMs > span.fromMs, { error: 'toMs must be greater than fromMs', path: ['toMs'] });

/**
 * A camera or screen stream: either a file (`.y4m` read directly, any other video converted with
 * ffmpeg at `fps`, default 5) or PNG frames (`frames`: a folder or a pattern like `frames/%04d.png`,
 * shown at `fps`, default 5).
 */
export const VisualInputSchema = strictObject({
  file: relativePath.optional(),
  frames: relativePath.optional(),
  fps: z
    .number({ error: 'expected a number of frames per second > 0' })
    .positive({ error: 'expected a number of frames per second > 0' })
    .max(120, { error: 'expected at most 120 frames per second' })
    .optional(),
  atMs: msAt.default(0),
}).superRefine((input, ctx) => {
  if ((input.file === undefined) === (input.frames === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'give exactly one of "file" (a .y4m or video file) or "frames" (a PNG folder or a pattern like frames/%04d.png)',
      path: [],
    });
  }
  if (input.file !== undefined && /\.y4m$/i.test(input.file) && input.fps !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'a .y4m file carries its own frame rate; remove "fps"', path: ['fps'] });
  }
});

export const TextEventSchema = strictObject({
  atMs: msAt,
  text: z.string({ error: 'expected the typed text as a string' }).min(1, { error: 'expected non-empty text' }),
});

export const ExpectedActionSchema = strictObject({
  action: z.enum(ACTIONS, { error: `expected one of ${ACTIONS.join(', ')}` }),
  fromMs: msAt,
  toMs: msAt,
}).refine((span) => span.toMs >= span.fromMs, { error: 'toMs must not be less than fromMs', path: ['toMs'] });

export const ExpectationsSchema = strictObject({
  /** The model should choose `action` at some point within [fromMs, toMs]. */
  actions: z.array(ExpectedActionSchema, { error: 'expected a list of { action, fromMs, toMs }' }).optional(),
  /** The run should last at least this many micro-turns. */
  minTurns: z.number({ error: 'expected a whole number ≥ 0' }).int({ error: 'expected a whole number ≥ 0' }).min(0, { error: 'expected a whole number ≥ 0' }).optional(),
});

export const ScenarioSchema = strictObject({
  version: z.literal(SCENARIO_VERSION, { error: `expected ${SCENARIO_VERSION} (the only scenario format version so far)` }),
  name: z.string({ error: 'required: a short name for the scenario' }).min(1, { error: 'expected a non-empty name' }),
  description: z.string({ error: 'expected a string' }).optional(),
  /** Length of the run; default: the end of the last input. Rounded up to a whole micro-turn. */
  durationMs: z.number({ error: 'expected a number > 0 (milliseconds)' }).positive({ error: 'expected a number > 0 (milliseconds)' }).optional(),
  mic: z.array(MicClipSchema, { error: 'expected a list of { file, atMs } clips' }).optional(),
  micGaps: z.array(MsSpanSchema, { error: 'expected a list of { fromMs, toMs } spans' }).optional(),
  camera: VisualInputSchema.optional(),
  screen: VisualInputSchema.optional(),
  text: z.array(TextEventSchema, { error: 'expected a list of { atMs, text } events' }).optional(),
  expect: ExpectationsSchema.optional(),
});

export type ScenarioFile = z.infer<typeof ScenarioSchema>;
export type MicClip = z.infer<typeof MicClipSchema>;
export type MsSpan = z.infer<typeof MsSpanSchema>;
export type VisualInput = z.infer<typeof VisualInputSchema>;
export type ExpectedAction = z.infer<typeof ExpectedActionSchema>;
export type ScenarioExpectations = z.infer<typeof ExpectationsSchema>;

/** The keys a scenario may have at the top level. */
export const SCENARIO_KEYS = Object.keys(ScenarioSchema.shape);

/** `['text', 2, 'atMs']` → `text[2].atMs`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out.length === 0 ? '(top level)' : out;
}

/**
 * One line per problem, each starting with the field it is about, ending with the offending value
 * when it is a plain value: `text[2].atMs: expected a number ≥ 0 (milliseconds), got -5`.
 * (Parse with `reportInput: true` so that issues carry the value.)
 */
export function describeScenarioIssues(issues: ReadonlyArray<z.core.$ZodIssue>, limit = 10): string[] {
  const lines = issues.slice(0, limit).map((issue) => {
    const input = (issue as { input?: unknown }).input;
    const shown = input === null || ['string', 'number', 'boolean'].includes(typeof input) ? `, got ${JSON.stringify(input).slice(0, 60)}` : '';
    return `${fieldPath(issue.path)}: ${issue.message}${shown}`;
  });
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines;
}
