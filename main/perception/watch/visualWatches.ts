// The user's visual watches ("tell me when the build turns red"): colour and brightness judged on each frame against the frame the watch started from; text read by tesseract off the thread, only when its region changed.

import { PNG } from 'pngjs';
import { TandemError } from '../../../common/errors';
import type { RgbFrame, WatchSignal } from '../../../common/interaction';
import type { VisualSource } from '../../../common/microturn';
import { WatchSpecSchema, type Watch, type WatchColour, type WatchFiring, type WatchRegion, type WatchSpec } from '../../../common/perception';
import { TesseractScreenReader } from '../ocr';
import { cellBounds, cellLayout, groupBox, largestGroup, measureCells, sceneGain, type CellLayout, type CellMeasure } from './cells';
import { verticalShift, type PixelBox } from './motion';
import { textAppears } from './textMatch';

/** Reads the text of a PNG (tesseract through main/perception/ocr.ts in production). */
export interface WatchTextReader {
  read(png: Buffer): Promise<string>;
  close(): Promise<void>;
}

export interface VisualWatchesOptions {
  /** The OCR used by text watches; default one offline tesseract worker, started when the first text watch needs it. */
  ocr?: WatchTextReader;
}

// Thresholds, in 8-bit levels and shares of a cell. Why these values: see docs/perception.md#visual-watches.
/** A cell counts as "of the colour" at this share of its pixels; as "not of it" at the baseline below NOT_COLOUR_SHARE. */
const COLOUR_SHARE = 0.5;
const NOT_COLOUR_SHARE = 0.2;
/** A cell got brighter (or darker) when its luma moved this much beyond what the scene's overall change explains, and by this ratio. */
const BRIGHTNESS_DELTA = 40;
const BRIGHTNESS_RATIO = 1.4;
/** Something moved when cells changed the other way by this much in the same frame (looser: a passer-by is not a lamp). */
const MOTION_DELTA = 20;
/** How far back "the neighbourhood was already changing" looks: a person's limb swings in over several frames before it looks like a light. */
const MOTION_MEMORY_MS = 1000;
/** A light that goes off was brighter than the median of the cells around it by at least this much. */
const SPOT_MARGIN = 8;
/** The whole region went dark (or bright): mean luma at most 0.4× (at least 2.5×) the baseline's. A lighting ramp stays far inside. */
const GLOBAL_DARK_RATIO = 0.4;
const GLOBAL_BRIGHT_RATIO = 2.5;
/** A compact group of at least this many cells (fewer on tiny grids): one cell can be a speck of noise or an edge. */
const MIN_GROUP_CELLS = 3;
/** Scrolling is looked for up to this share of the frame's height per frame (4 lines/s of a 0.035-high line at 2 fps is 0.07). */
const MAX_SCROLL_SHARE = 0.12;
/** The area around a new colour group moved when a vertical shift explains it this much better than no shift, and by this many levels. */
const SCROLL_ERROR_RATIO = 0.5;
const SCROLL_ERROR_LEVELS = 3;
/** A text region is read again only when a cell's mean luma moved this much since the last reading. */
const TEXT_CHANGE_LEVELS = 6;
/** Text crops narrower than this are enlarged 2× before OCR (tesseract misses glyphs under ~20 px). */
const OCR_UPSCALE_BELOW_PX = 640;
const MAX_FRAME_SIDE = 16384;

interface WatchState {
  watch: Watch;
  /** The grid and the baseline measured on the frame the watch starts from; null until a frame of its source was seen. */
  layout: CellLayout | null;
  base: CellMeasure | null;
  /** The measure of the source's previous frame (colour: what changed on this very frame). */
  previous: CellMeasure | null;
  /** Luma of the frames before the previous one, newest last, back to MOTION_MEMORY_MS (brightness: was something moving here lately?). */
  recent: Array<{ atMs: number; luma: Float32Array }>;
  /** The frame previous was measured on (colour: to tell content that scrolled in from a colour that appeared in place). */
  previousFrame: RgbFrame | null;
  /** May fire when the condition holds (false after a firing of a repeating watch, until the condition was false again). */
  armed: boolean;
  /** Text watches: luma of the region at the last reading (or the one waiting), to skip frames where it did not change. */
  readLuma: Float32Array | null;
  /** Text watches: the first reading (the baseline) is done; text already there then does not fire. */
  textBaselineRead: boolean;
}

interface OcrJob {
  source: VisualSource;
  frame: RgbFrame;
  watchIds: Set<string>;
  /** The first reading of one watch (what was there when it started). */
  baseline: boolean;
}

/** Visual watches on the camera and the screen; one instance per session. */
export class VisualWatches implements WatchSignal {
  private readonly states = new Map<string, WatchState>();
  private readonly lastFrames = new Map<VisualSource, RgbFrame>();
  private firings: WatchFiring[] = [];
  private nextId = 1;
  private readonly ocrQueue: OcrJob[] = [];
  private ocrRunning: Promise<void> | null = null;
  private ocr: WatchTextReader | null;
  private readonly ownsOcr: boolean;
  private disposed = false;
  /** OCR failures so far (a failed reading changes nothing; the next change of the region is read again). */
  ocrFailures = 0;
  lastOcrError: string | null = null;

  constructor(options: VisualWatchesOptions = {}) {
    this.ocr = options.ocr ?? null;
    this.ownsOcr = options.ocr === undefined;
  }

  static create(options: VisualWatchesOptions = {}): VisualWatches {
    return new VisualWatches(options);
  }

  add(spec: WatchSpec, atMs: number): Watch {
    const parsed = WatchSpecSchema.safeParse(spec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TandemError('CONFIG_INVALID', `The watch is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`, 'VisualWatches.add', 'Give a source (camera or screen), a region of fractions or null, a colour, brightness or text condition and a label.');
    }
    if (!Number.isFinite(atMs)) throw new TandemError('CONFIG_INVALID', `The watch's registration time is not a number (${atMs})`, 'VisualWatches.add', 'Pass the media time in ms at which the user asked.');
    const watch: Watch = { ...parsed.data, id: `watch-${this.nextId++}`, addedAtMs: atMs, fired: 0 };
    const state: WatchState = { watch, layout: null, base: null, previous: null, recent: [], previousFrame: null, armed: true, readLuma: null, textBaselineRead: false };
    this.states.set(watch.id, state);
    // The baseline is what the user sees when asking: the source's latest frame (frames arrive only when they change, so the next one may already be the event).
    const last = this.lastFrames.get(watch.source);
    if (last) this.startFrom(state, last);
    return { ...watch };
  }

  cancel(id: string): boolean {
    return this.states.delete(id);
  }

  list(): Watch[] {
    return [...this.states.values()].map((s) => ({ ...s.watch }));
  }

  push(source: VisualSource, frame: RgbFrame): void {
    if (this.disposed) throw new TandemError('USAGE', 'A frame was pushed to visual watches that were disposed', `source ${String(source)}`, 'Create new VisualWatches for a new session.');
    checkFrame(source, frame, this.lastFrames.get(source));
    // The caller may reuse its buffer; the baseline of a watch added later must not change under it.
    const kept: RgbFrame = { ...frame, rgb: frame.rgb.slice() };
    this.lastFrames.set(source, kept);
    for (const state of [...this.states.values()]) {
      if (state.watch.source !== source) continue;
      if (state.layout === null) {
        this.startFrom(state, kept);
        continue;
      }
      if (state.watch.condition.kind === 'text') this.offerText(state, kept);
      else this.judge(state, kept);
    }
  }

  take(): WatchFiring[] {
    const out = this.firings.sort((a, b) => a.frameAtMs - b.frameAtMs);
    this.firings = [];
    return out;
  }

  async whenIdle(): Promise<void> {
    while (this.ocrRunning) await this.ocrRunning;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.ocrQueue.length = 0;
    await this.whenIdle();
    this.states.clear();
    if (this.ownsOcr && this.ocr) await this.ocr.close();
    this.ocr = null;
  }

  private startFrom(state: WatchState, frame: RgbFrame): void {
    const condition = state.watch.condition;
    state.layout = cellLayout(state.watch.region, frame.width, frame.height);
    state.base = measureCells(frame, state.layout, condition.kind === 'colour' ? condition.colour : null, 1, true);
    state.previous = null;
    state.recent = [];
    state.previousFrame = frame;
    if (condition.kind === 'text') this.offerText(state, frame);
  }

  /** Colour and brightness: decided on this frame, on the micro-turn thread. */
  private judge(state: WatchState, frame: RgbFrame): void {
    const condition = state.watch.condition;
    const layout = state.layout as CellLayout;
    const base = state.base as CellMeasure;
    const previous = state.previous ?? base;
    const result = condition.kind === 'colour' ? judgeColour(condition.colour, frame, layout, base, previous, state.previousFrame) : condition.kind === 'brightness' ? judgeBrightness(condition.direction, frame, layout, base, previous, state.recent) : null;
    if (result === null) return;
    if (state.previous !== null && state.previousFrame !== null) state.recent.push({ atMs: state.previousFrame.atMs, luma: state.previous.luma });
    while (state.recent.length > 0 && state.recent[0].atMs < frame.atMs - MOTION_MEMORY_MS) state.recent.shift();
    state.previous = result.measure;
    state.previousFrame = frame;
    if (!result.holds) {
      state.armed = true;
      return;
    }
    if (state.armed && result.turns) this.fire(state, frame, result.detail);
  }

  private fire(state: WatchState, frame: RgbFrame, detail: Record<string, unknown>): void {
    state.watch.fired++;
    state.armed = false;
    this.firings.push({ watchId: state.watch.id, label: state.watch.label, source: state.watch.source, frameAtMs: frame.atMs, frameIndex: frame.frameIndex, detail });
    if (!state.watch.repeat) this.states.delete(state.watch.id);
  }

  // ---- text: OCR off the thread, only of changed regions ----

  private offerText(state: WatchState, frame: RgbFrame): void {
    const layout = state.layout as CellLayout;
    const luma = measureCells(frame, layout, null).luma;
    if (state.readLuma !== null && !changedBy(state.readLuma, luma, TEXT_CHANGE_LEVELS)) return;
    const baseline = state.readLuma === null && !state.textBaselineRead;
    state.readLuma = luma;
    const waiting = this.ocrQueue.find((job) => job.source === state.watch.source && !job.baseline);
    // One waiting reading per source: a newer frame replaces an older one that was not started (its text is at least as new).
    // A watch's first reading is its baseline and is never replaced: reading the event frame in its place would arm it too late.
    if (baseline) {
      this.ocrQueue.push({ source: state.watch.source, frame, watchIds: new Set([state.watch.id]), baseline: true });
    } else if (waiting) {
      waiting.frame = frame;
      waiting.watchIds.add(state.watch.id);
    } else {
      this.ocrQueue.push({ source: state.watch.source, frame, watchIds: new Set([state.watch.id]), baseline: false });
    }
    this.ocrRunning ??= this.runOcr();
  }

  private async runOcr(): Promise<void> {
    // Yield first, so that ocrRunning is assigned before the loop can end and clear it.
    await Promise.resolve();
    try {
      while (this.ocrQueue.length > 0 && !this.disposed) {
        const job = this.ocrQueue.shift() as OcrJob;
        for (const id of job.watchIds) {
          const state = this.states.get(id);
          if (!state || state.watch.condition.kind !== 'text') continue;
          await this.readText(state, job.frame);
        }
      }
    } finally {
      this.ocrRunning = null;
    }
  }

  private async readText(state: WatchState, frame: RgbFrame): Promise<void> {
    const condition = state.watch.condition as { kind: 'text'; text: string };
    let text: string;
    try {
      this.ocr ??= new TesseractScreenReader();
      text = await this.ocr.read(cropToPng(frame, state.watch.region));
    } catch (cause) {
      this.ocrFailures++;
      this.lastOcrError = `Reading the ${state.watch.source} frame ${frame.frameIndex} for "${condition.text}" failed: ${(cause as Error).message}`;
      // Read it again at the next change of the region.
      state.readLuma = null;
      return;
    }
    if (!this.states.has(state.watch.id)) return; // cancelled while it was being read
    const holds = textAppears(condition.text, text);
    if (!state.textBaselineRead) {
      state.textBaselineRead = true;
      // Text already on screen when the user asked has not "appeared"; it must go away first.
      state.armed = !holds;
      return;
    }
    if (!holds) {
      state.armed = true;
      return;
    }
    if (state.armed) this.fire(state, frame, { text: condition.text, read: text.trim().replace(/\s+/g, ' ').slice(0, 200) });
  }
}

// ---- the conditions ----

interface Judgement {
  /** The condition is true on this frame (a repeating watch re-arms only once it was false). */
  holds: boolean;
  /** It became true on this frame in a way that may fire (for brightness: whenever it holds). */
  turns: boolean;
  detail: Record<string, unknown>;
  /** This frame's measure, the previous frame of the next judgement. */
  measure: CellMeasure;
}

function minGroupCells(layout: CellLayout): number {
  const total = layout.cols * layout.rows;
  return total >= 4 * MIN_GROUP_CELLS ? MIN_GROUP_CELLS : Math.max(1, Math.ceil(0.3 * total));
}

/**
 * The region turned the colour. It holds while a compact group of cells that were not of the colour at
 * the baseline are mostly of it now. It *turns* (may fire) on a frame where such a group newly became
 * the colour since the previous frame and not because something of that colour moved there: at most
 * half as many cells lost the colour around the group in the same frame (scrolled text, a moving object),
 * it touches no colour that was already there, and the area around it did not move vertically (content
 * scrolling into view).
 */
function judgeColour(colour: WatchColour, frame: RgbFrame, layout: CellLayout, base: CellMeasure, previous: CellMeasure, previousFrame: RgbFrame | null): Judgement {
  const neutral = colour === 'white' || colour === 'black';
  const gain = neutral ? sceneGain(base.luma, measureCells(frame, layout, null).luma) : 1;
  const now = measureCells(frame, layout, colour, gain);
  const turned = new Uint8Array(now.share.length);
  const turnedNow = new Uint8Array(now.share.length);
  for (let c = 0; c < turned.length; c++) {
    if (base.nearShare[c] < NOT_COLOUR_SHARE && now.share[c] >= COLOUR_SHARE) {
      turned[c] = 1;
      if (previous.share[c] < COLOUR_SHARE) turnedNow[c] = 1;
    }
  }
  const min = minGroupCells(layout);
  const holds = largestGroup(turned, layout.cols, layout.rows).length >= min;
  if (!holds) return { holds, turns: false, detail: {}, measure: now };
  const group = largestGroup(turnedNow, layout.cols, layout.rows);
  if (group.length < min) return { holds, turns: false, detail: {}, measure: now };
  const lost = lostAround(group, layout, (c) => previous.share[c] >= COLOUR_SHARE && now.share[c] < NOT_COLOUR_SHARE);
  // Touching something that already had the colour in the previous frame: that thing was uncovered (something moved off it) or grew, it did not turn.
  const touching = touchingCells(group, layout, (c) => previous.share[c] >= COLOUR_SHARE && now.share[c] >= COLOUR_SHARE);
  if (lost > 0.5 * group.length || touching > 0.5 * group.length) return { holds, turns: false, detail: {}, measure: now };
  // Content that scrolled in (a red string entering an editor's view) is new colour that no cell lost: the area around it moved, a badge's surroundings stay put.
  const shift = previousFrame ? scrolledAround(previousFrame, frame, group, layout) : null;
  if (shift !== null && shift.moved) return { holds, turns: false, detail: {}, measure: now };
  const scroll = shift === null ? null : { shiftPx: shift.shiftPx, stillError: round3(shift.stillError), shiftedError: round3(shift.shiftedError) };
  return { holds, turns: true, detail: { colour, cells: group.length, box: groupBox(group, layout), lostAround: lost, touchingOldColour: touching, gain: round3(gain), scroll }, measure: now };
}

/** Whether the area around a group (its box grown as in lostAround, within the region) moved vertically since the previous frame. */
function scrolledAround(previousFrame: RgbFrame, frame: RgbFrame, group: readonly number[], layout: CellLayout): { moved: boolean; shiftPx: number; stillError: number; shiftedError: number } | null {
  const { minCol, maxCol, minRow, maxRow } = cellBounds(group, layout);
  const grow = Math.max(maxCol - minCol + 1, maxRow - minRow + 1, 4);
  const { region, cols, rows } = layout;
  const cellW = (region.width * frame.width) / cols;
  const cellH = (region.height * frame.height) / rows;
  const left = region.x * frame.width;
  const top = region.y * frame.height;
  const toPx = (c0: number, r0: number, c1: number, r1: number): PixelBox => ({ x0: left + c0 * cellW, y0: top + r0 * cellH, x1: left + c1 * cellW, y1: top + r1 * cellH });
  const area = toPx(Math.max(0, minCol - grow), Math.max(0, minRow - grow), Math.min(cols, maxCol + 1 + grow), Math.min(rows, maxRow + 1 + grow));
  // The group's own cells plus a cell around them (their edges blend into the neighbours).
  const changed = toPx(minCol - 1, minRow - 1, maxCol + 2, maxRow + 2);
  const found = verticalShift(previousFrame, frame, area, changed, Math.max(1, Math.round(MAX_SCROLL_SHARE * frame.height)));
  if (found === null) return null;
  const moved = found.shiftPx !== 0 && found.shiftedError <= SCROLL_ERROR_RATIO * found.stillError && found.stillError - found.shiftedError >= SCROLL_ERROR_LEVELS;
  return { moved, ...found };
}

/** Cells next to the group (8-connected, outside it) that satisfy `test`. */
function touchingCells(group: readonly number[], layout: CellLayout, test: (cell: number) => boolean): number {
  const inGroup = new Set(group);
  const counted = new Set<number>();
  for (const c of group) {
    const row = Math.floor(c / layout.cols);
    const col = c - row * layout.cols;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const y = row + dy;
        const x = col + dx;
        if (y < 0 || y >= layout.rows || x < 0 || x >= layout.cols) continue;
        const n = y * layout.cols + x;
        if (!inGroup.has(n) && !counted.has(n) && test(n)) counted.add(n);
      }
    }
  }
  return counted.size;
}

/** Cells that satisfy `lostHere` within the group's bounding box grown by its own size on every side. */
function lostAround(group: readonly number[], layout: CellLayout, lostHere: (cell: number) => boolean): number {
  const { minCol, maxCol, minRow, maxRow } = cellBounds(group, layout);
  // At least 4 cells: a small light's neighbourhood must still reach the edges of whatever passed over it.
  const grow = Math.max(maxCol - minCol + 1, maxRow - minRow + 1, 4);
  let lost = 0;
  for (let row = Math.max(0, minRow - grow); row <= Math.min(layout.rows - 1, maxRow + grow); row++) {
    for (let col = Math.max(0, minCol - grow); col <= Math.min(layout.cols - 1, maxCol + grow); col++) if (lostHere(row * layout.cols + col)) lost++;
  }
  return lost;
}

/**
 * A local area got clearly brighter (on) or darker (off) beyond what the whole scene did (the median
 * change of all cells: a lighting ramp moves every cell alike), or the whole region went dark or bright.
 * A local change *turns* (may fire) on the frame where it happened, when no cells around it changed the
 * other way in that frame (something dark moving over a bright wall, or the reverse, does both), none
 * changed in the second before, and it does not touch the picture's edge (something stepping in).
 */
function judgeBrightness(direction: 'on' | 'off', frame: RgbFrame, layout: CellLayout, base: CellMeasure, previous: CellMeasure, recent: ReadonlyArray<{ luma: Float32Array }>): Judgement {
  const now = measureCells(frame, layout, null).luma;
  const measure = { luma: now, share: new Float32Array(now.length), nearShare: new Float32Array(now.length) };
  const sinceBase = changedCells(direction, base.luma, now);
  const meanBase = mean(base.luma);
  const meanNow = mean(now);
  const globalRatio = (meanNow + 1) / (meanBase + 1);
  const global = direction === 'off' ? globalRatio <= GLOBAL_DARK_RATIO && meanBase - meanNow >= BRIGHTNESS_DELTA : globalRatio >= GLOBAL_BRIGHT_RATIO && meanNow - meanBase >= BRIGHTNESS_DELTA;
  const min = minGroupCells(layout);
  const local = largestGroup(sinceBase.changed, layout.cols, layout.rows).length >= min;
  if (!global && !local) return { holds: false, turns: false, detail: {}, measure };
  if (global) {
    return { holds: true, turns: true, measure, detail: { direction, whole: true, cells: now.length, box: layout.region, lumaBefore: round3(meanBase), lumaAfter: round3(meanNow), gain: round3(sinceBase.gain) } };
  }
  const sincePrevious = changedCells(direction, previous.luma, now);
  const fresh = new Uint8Array(now.length);
  for (let c = 0; c < now.length; c++) fresh[c] = sinceBase.changed[c] & sincePrevious.changed[c];
  const group = largestGroup(fresh, layout.cols, layout.rows);
  if (group.length < min) return { holds: true, turns: false, detail: {}, measure };
  const box = neighbourhood(group, layout);
  // Something moving, not a light: cells around it changed the other way in this frame, or the neighbourhood was already changing in the frame before.
  const opposite = changedCells(direction === 'on' ? 'off' : 'on', previous.luma, now, MOTION_DELTA, 1).changed;
  const otherWay = lostAround(group, layout, (c) => opposite[c] === 1);
  // Cells of the neighbourhood that changed between any two frames of the last second before this one.
  const moving = new Uint8Array(now.length);
  const sequence = [...recent.map((r) => r.luma), previous.luma];
  for (let i = 1; i < sequence.length; i++) {
    const gain = sceneGain(sequence[i - 1], sequence[i]);
    for (const c of box.ring) if (Math.abs(sequence[i][c] - gain * sequence[i - 1][c]) >= MOTION_DELTA) moving[c] = 1;
  }
  let movingBefore = 0;
  for (const c of box.ring) movingBefore += moving[c];
  // A light that goes off was a bright spot, brighter than its surroundings (a dark thing coming into view makes the wall darker too, but the wall was no spot).
  // One that goes on need not end brighter than its surroundings: a small indicator on a dark kettle against a white wall does not.
  const spot = direction === 'off' ? meanOf(base.luma, group) - medianOf(base.luma, box.ring) : Infinity;
  // Something entering the picture shows first as a change along the picture's edge, with nothing around it yet to give it away (a person's leg stepping in over a dark floor).
  const enteringView = touchesFrameEdge(group, layout);
  const turns = otherWay <= 0.5 * group.length && movingBefore <= 0.5 * group.length && spot >= SPOT_MARGIN && !enteringView;
  if (!turns) return { holds: true, turns, detail: {}, measure };
  let before = 0;
  let after = 0;
  for (const c of group) {
    before += base.luma[c];
    after += now[c];
  }
  return {
    holds: true,
    turns,
    measure,
    detail: { direction, whole: false, cells: group.length, movingBefore, otherWay, box: groupBox(group, layout), lumaBefore: round3(before / group.length), lumaAfter: round3(after / group.length), gain: round3(sinceBase.gain) },
  };
}

/** Whether the group reaches the edge of the whole picture (not merely of the watched region). */
function touchesFrameEdge(group: readonly number[], layout: CellLayout): boolean {
  const { minCol, maxCol, minRow, maxRow } = cellBounds(group, layout);
  const { region, cols, rows } = layout;
  const EPS = 1e-6;
  return (minCol === 0 && region.x <= EPS) || (maxCol === cols - 1 && region.x + region.width >= 1 - EPS) || (minRow === 0 && region.y <= EPS) || (maxRow === rows - 1 && region.y + region.height >= 1 - EPS);
}

/** Cells that got clearly brighter (on) or darker (off) from `from` to `to`, beyond the scene's overall gain between them. */
function changedCells(direction: 'on' | 'off', from: Float32Array, to: Float32Array, minDelta = BRIGHTNESS_DELTA, minRatio = BRIGHTNESS_RATIO): { changed: Uint8Array; gain: number } {
  const gain = sceneGain(from, to);
  const changed = new Uint8Array(to.length);
  for (let c = 0; c < to.length; c++) {
    const expected = gain * from[c];
    const moved = direction === 'on' ? to[c] - expected : expected - to[c];
    const ratio = direction === 'on' ? (to[c] + 10) / (expected + 10) : (expected + 10) / (to[c] + 10);
    if (moved >= minDelta && ratio >= minRatio) changed[c] = 1;
  }
  return { changed, gain };
}

/** The cells around a group (its bounding box grown as in lostAround, without the box itself). */
function neighbourhood(group: readonly number[], layout: CellLayout): { ring: number[] } {
  const { minCol, maxCol, minRow, maxRow } = cellBounds(group, layout);
  const grow = Math.max(maxCol - minCol + 1, maxRow - minRow + 1, 4);
  const ring: number[] = [];
  for (let row = Math.max(0, minRow - grow); row <= Math.min(layout.rows - 1, maxRow + grow); row++) {
    for (let col = Math.max(0, minCol - grow); col <= Math.min(layout.cols - 1, maxCol + grow); col++) {
      if (row >= minRow && row <= maxRow && col >= minCol && col <= maxCol) continue;
      ring.push(row * layout.cols + col);
    }
  }
  return { ring };
}

function meanOf(values: Float32Array, cells: readonly number[]): number {
  let sum = 0;
  for (const c of cells) sum += values[c];
  return cells.length === 0 ? 0 : sum / cells.length;
}

function medianOf(values: Float32Array, cells: readonly number[]): number {
  if (cells.length === 0) return 0;
  const sorted = cells.map((c) => values[c]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

// ---- frames ----

function checkFrame(source: VisualSource, frame: RgbFrame, last: RgbFrame | undefined): void {
  const where = `${String(source)} frame ${frame?.frameIndex ?? '?'}`;
  const fail = (what: string, hint: string) => {
    throw new TandemError('MEDIA_INVALID', what, where, hint);
  };
  if (source !== 'camera' && source !== 'screen') fail(`Unknown visual source "${String(source)}"`, 'Push frames of the camera or the screen.');
  if (!frame || !(frame.rgb instanceof Uint8Array)) fail('The frame has no RGB bytes', 'Pass the frame as tightly packed RGB in a Uint8Array.');
  const { width, height } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE) {
    fail(`The frame's size ${width}×${height} is not a usable picture size`, `Width and height must be whole numbers from 1 to ${MAX_FRAME_SIDE}.`);
  }
  if (frame.rgb.length !== width * height * 3) {
    fail(`The frame has ${frame.rgb.length} bytes, but ${width}×${height} RGB needs ${width * height * 3}`, 'Send tightly packed RGB (3 bytes per pixel, no alpha, no row padding) with the frame\'s real width and height.');
  }
  if (!Number.isFinite(frame.atMs)) fail(`The frame's capture time is not a number (${frame.atMs})`, 'Give each frame its media time in ms.');
  if (last && frame.atMs < last.atMs) fail(`The frame was captured at ${frame.atMs} ms, before the previous ${String(source)} frame (${last.atMs} ms)`, 'Push frames of a source in capture order.');
}

function changedBy(before: Float32Array, after: Float32Array, levels: number): boolean {
  if (before.length !== after.length) return true;
  for (let c = 0; c < before.length; c++) if (Math.abs(after[c] - before[c]) >= levels) return true;
  return false;
}

/** The watched region as a PNG for tesseract (enlarged 2× when small: small glyphs are where tesseract misreads most). */
function cropToPng(frame: RgbFrame, region: WatchRegion | null): Buffer {
  const r = region ?? { x: 0, y: 0, width: 1, height: 1 };
  const x0 = Math.min(frame.width - 1, Math.floor(r.x * frame.width));
  const y0 = Math.min(frame.height - 1, Math.floor(r.y * frame.height));
  const w = Math.max(1, Math.min(frame.width - x0, Math.round(r.width * frame.width)));
  const h = Math.max(1, Math.min(frame.height - y0, Math.round(r.height * frame.height)));
  const scale = w < OCR_UPSCALE_BELOW_PX ? 2 : 1;
  const png = new PNG({ width: w * scale, height: h * scale, colorType: 2, inputHasAlpha: false });
  const data = png.data; // RGBA
  for (let y = 0; y < h * scale; y++) {
    const sy = y0 + Math.floor(y / scale);
    for (let x = 0; x < w * scale; x++) {
      const s = (sy * frame.width + x0 + Math.floor(x / scale)) * 3;
      const d = (y * w * scale + x) * 4;
      data[d] = frame.rgb[s];
      data[d + 1] = frame.rgb[s + 1];
      data[d + 2] = frame.rgb[s + 2];
      data[d + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

