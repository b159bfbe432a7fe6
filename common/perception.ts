// What perception reports to the engine and the UI: repetitions counted on the camera, findings in code read
// off the screen, and the user's visual watches. Shared by main/perception (producers), the engine (which
// puts them into micro-turn inputs and the timeline) and the renderer (overlays on the previews).

import { z } from 'zod';
import type { VisualSource } from './microturn';

/** A rectangle in the pixels of the frame it was found in. */
export interface FrameBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

// ---- repetition counting (camera) ----

/** One completed repetition, as the counter reports it the moment it sees the repetition end. */
export interface RepetitionCount {
  /** 1 for the first repetition since counting started, then 2, 3, … */
  count: number;
  /** Media time at which the repetition started and ended (the pose left rest / came back to it). */
  repStartMs: number;
  repEndMs: number;
  /** Capture time of the frame on which the end was recognised (≥ repEndMs). */
  detectedAtMs: number;
  /** The period the counter estimated for this repetition. */
  periodMs: number;
  /** How periodic the recent motion looked, 0..1. */
  confidence: number;
}

// ---- code on the screen ----

export const CODE_LANGUAGES = ['typescript', 'javascript', 'python'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** One problem an analyzer found in code read off the screen, mapped back to where it is on screen. */
export interface CodeFinding {
  /** Stable across frames for the same problem on the same code line (rule + normalised line text), so it is said once. */
  id: string;
  /** The line number as the editor's gutter shows it (or counted from the top of the code when no gutter was read). */
  line: number;
  /** What to tell the user, short enough to say ("`=` in the condition, did you mean `===`?"). */
  message: string;
  /** Analyzer and rule, e.g. `ts:2304`, `ruff:F821`, `tandem:assignment-in-condition`. */
  rule: string;
  language: CodeLanguage;
  /** The code line as read (after OCR), for the UI and the background model. */
  lineText: string;
  /** Where the line is on the screen frame (pixels of that frame); null when it could not be placed. */
  box: FrameBox | null;
  frameWidth: number;
  frameHeight: number;
  /** OCR confidence of the line, 0..100. Findings on badly read lines are held back, not reported. */
  ocrConfidence: number;
}

/** What one reading of a changed screen frame gave. */
export interface CodeReading {
  frameIndex: number;
  /** Capture time of the frame that was read. */
  frameAtMs: number;
  status: 'code' | 'no_code' | 'unreadable' | 'error';
  /** Why there are no findings when status is not `code` (a clear sentence for the timeline). */
  message?: string;
  language: CodeLanguage | null;
  /** Findings that are new (not reported for an earlier frame). */
  findings: CodeFinding[];
  /** Every finding on this frame, new or said before, with this frame's boxes (so the UI keeps highlighting a bug still on screen). */
  present?: CodeFinding[];
  /** Findings the analyzers made on lines that read badly: held back, never said. */
  heldBack: number;
  /** Code lines read, and the first/last gutter line number seen. */
  linesRead: number;
  firstLine: number | null;
  lastLine: number | null;
  /** The code as rebuilt from OCR, one line per row prefixed with its gutter number (for the background model); absent when no code. */
  code?: string;
  /** Wall-clock time from the frame being offered to the findings being ready. */
  elapsedMs: number;
}

// ---- visual watches ("tell me when the build turns red") ----

export const WATCH_COLOURS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'white', 'black'] as const;
export type WatchColour = (typeof WATCH_COLOURS)[number];

/** A region in fractions of the frame (0..1), so it survives resolution changes of the capture. */
export const WatchRegionSchema = z
  .strictObject({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .refine((r) => r.x + r.width <= 1.000001 && r.y + r.height <= 1.000001, { error: 'the region must lie inside the frame (x + width ≤ 1, y + height ≤ 1)' });
export type WatchRegion = z.infer<typeof WatchRegionSchema>;

export const WatchConditionSchema = z.discriminatedUnion('kind', [
  /** The region turns mostly this colour (e.g. a CI badge turning red). */
  z.strictObject({ kind: z.literal('colour'), colour: z.enum(WATCH_COLOURS) }),
  /** The region gets clearly brighter (`on`: a light goes on) or darker (`off`). */
  z.strictObject({ kind: z.literal('brightness'), direction: z.enum(['on', 'off']) }),
  /** This text appears in the region (read by OCR; case and spacing ignored). */
  z.strictObject({ kind: z.literal('text'), text: z.string().trim().min(1).max(80) }),
]);
export type WatchCondition = z.infer<typeof WatchConditionSchema>;

/** What the user asked to be told about. */
export const WatchSpecSchema = z.strictObject({
  source: z.enum(['camera', 'screen']),
  /** null: the whole frame. */
  region: WatchRegionSchema.nullable(),
  condition: WatchConditionSchema,
  /** What to say when it happens ("the build turned red"). */
  label: z.string().trim().min(1).max(200),
  /** Fire once and end (default), or every time the condition becomes true again. */
  repeat: z.boolean().default(false),
});
export type WatchSpec = z.infer<typeof WatchSpecSchema>;
export type WatchSpecInput = z.input<typeof WatchSpecSchema>;

/** A registered watch as the engine holds it. */
export interface Watch extends WatchSpec {
  id: string;
  /** Media time at which it was registered. */
  addedAtMs: number;
  /** How many times it fired. */
  fired: number;
}

/** A watch fired: the condition became true on this frame. */
export interface WatchFiring {
  watchId: string;
  label: string;
  source: VisualSource;
  /** Capture time of the first frame on which the condition held. */
  frameAtMs: number;
  frameIndex: number;
  /** What was measured (e.g. share of red pixels, mean brightness before/after, the text read). */
  detail: Record<string, unknown>;
}
