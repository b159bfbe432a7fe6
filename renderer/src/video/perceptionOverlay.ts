// What the previews draw about perception, as pure functions of the timeline: the live repetition count, boxes on flagged lines of code, the user's watch regions.
//
// Timeline payloads arrive as plain JSON from the engine (a newer or older engine, a replayed log), so every
// payload is read defensively: a field of the wrong type drops that one item, never the view. Times are
// the session's media time (`atMs`, `nowMs`), never the wall clock, so the same events always draw the same.

import type { CodeFinding, FrameBox, Watch, WatchRegion } from '../../../common/perception';
import type { TimelineEvent } from '../../../common/timeline';
import type { FrameRegion } from './frameChange';
import type { OverlayItem } from './overlayModel';

// ---- repetition counting (camera preview) ----

/** How long the final count stays on the camera preview after counting stopped (media time). */
export const FINAL_COUNT_SHOWN_MS = 8_000;

export type CountingView =
  | { kind: 'idle' }
  | { kind: 'counting'; exercise: string; count: number; startedAtMs: number; lastRepAtMs: number | null }
  | { kind: 'stopped'; exercise: string; count: number; stoppedAtMs: number; reason: string | null };

/** The counter's state after these events (in timeline order): started → each repetition sets the count → stopped with the final count. */
export function countingFrom(events: readonly TimelineEvent[]): CountingView {
  let view: CountingView = { kind: 'idle' };
  for (const event of events) {
    const payload = event.payload;
    if (event.kind === 'counting_started') {
      view = { kind: 'counting', exercise: textOr(payload.exercise, 'reps'), count: 0, startedAtMs: event.atMs, lastRepAtMs: null };
    } else if (event.kind === 'repetition' && view.kind !== 'stopped' && isCount(payload.count)) {
      // The count in the event is the counter's own: it cannot drift from what the assistant says. A repetition
      // without its counting_started (bounded event list on a long workout) still counts, named by its own payload.
      const exercise: string = view.kind === 'counting' ? view.exercise : textOr(payload.exercise, 'reps');
      const startedAtMs: number = view.kind === 'counting' ? view.startedAtMs : event.atMs;
      view = { kind: 'counting', exercise, count: payload.count, startedAtMs, lastRepAtMs: event.atMs };
    } else if (event.kind === 'counting_stopped') {
      const exercise: string = textOr(payload.exercise, view.kind === 'idle' ? 'reps' : view.exercise);
      const count: number = isCount(payload.count) ? payload.count : view.kind === 'idle' ? 0 : view.count;
      view = { kind: 'stopped', exercise, count, stoppedAtMs: event.atMs, reason: typeof payload.reason === 'string' ? payload.reason : null };
    } else if (event.kind === 'session_started') {
      view = { kind: 'idle' };
    }
  }
  return view;
}

/** The count drawn on the camera preview: the exercise and a big number while counting, the final count for a while after. */
export function countingOverlayItems(view: CountingView, nowMs: number, frameWidth: number, frameHeight: number): OverlayItem[] {
  if (view.kind === 'idle') return [];
  if (view.kind === 'stopped' && nowMs - view.stoppedAtMs > FINAL_COUNT_SHOWN_MS) return [];
  const x = Math.round(frameWidth * 0.04);
  const y = Math.round(frameHeight * 0.12);
  const caption = view.kind === 'counting' ? `counting ${view.exercise}` : `${view.exercise}: final count`;
  return [
    { kind: 'label', x, y, text: caption, tone: 'count' },
    { kind: 'label', x, y: y + Math.round(frameHeight * 0.09), text: String(view.count), tone: 'count', big: true },
  ];
}

// ---- code findings (screen preview and the findings list) ----

/** A finding as the UI keeps it: which screen frame it was found on and when it entered the timeline. */
export interface SeenFinding extends CodeFinding {
  frameIndex: number;
  atMs: number;
}

export interface CodeView {
  /** Every finding of the session, in the order they were reported (each is reported once). */
  findings: SeenFinding[];
  /** The frame of the latest reading: its findings are the ones still on screen. */
  latestReadFrame: number | null;
  /** Findings of the latest reading, the ones the screen preview highlights. */
  current: SeenFinding[];
  /** What the latest reading said when it found no code or could not read (shown under the preview). */
  latestMessage: string | null;
}

/**
 * Findings from code_findings events; code_reading events say which screen frame was read last. A later
 * reading means the screen changed, so the boxes of an earlier frame no longer sit on their lines: only the
 * findings of the latest read frame stay highlighted (the list keeps them all).
 */
export function codeFindingsFrom(events: readonly TimelineEvent[]): CodeView {
  const findings: SeenFinding[] = [];
  let latestReadFrame: number | null = null;
  let latestMessage: string | null = null;
  /** Findings said earlier that are still on the latest frame read (the engine lists them as `present`, with this frame's boxes). */
  let stillShown: SeenFinding[] = [];
  for (const event of events) {
    if (event.kind === 'session_started') {
      findings.length = 0;
      latestReadFrame = null;
      latestMessage = null;
      stillShown = [];
    } else if (event.kind === 'code_reading' && isCount(event.payload.frameIndex)) {
      if (latestReadFrame === null || event.payload.frameIndex >= latestReadFrame) {
        const frameIndex = event.payload.frameIndex;
        latestReadFrame = frameIndex;
        latestMessage = event.payload.status !== 'code' && typeof event.payload.message === 'string' ? event.payload.message : null;
        const present = Array.isArray(event.payload.present) ? event.payload.present : [];
        stillShown = present.flatMap((raw) => {
          const finding = readFinding(raw);
          return finding ? [{ ...finding, frameIndex, atMs: event.atMs }] : [];
        });
      }
    } else if (event.kind === 'code_findings' && isCount(event.payload.frameIndex) && Array.isArray(event.payload.findings)) {
      const frameIndex = event.payload.frameIndex;
      for (const raw of event.payload.findings) {
        const finding = readFinding(raw);
        if (finding && !findings.some((held) => held.id === finding.id && held.frameIndex === frameIndex)) findings.push({ ...finding, frameIndex, atMs: event.atMs });
      }
    }
  }
  const fresh = latestReadFrame === null ? [] : findings.filter((finding) => finding.frameIndex === latestReadFrame);
  const current = [...fresh, ...stillShown.filter((shown) => shown.frameIndex === latestReadFrame && !fresh.some((finding) => finding.id === shown.id))];
  return { findings, latestReadFrame, current, latestMessage };
}

/** A box in the pixels of a frame of one size, in the pixels of a frame of another size (the preview's). */
export function scaleBox(box: FrameBox, fromWidth: number, fromHeight: number, toWidth: number, toHeight: number): FrameRegion {
  const sx = toWidth / fromWidth;
  const sy = toHeight / fromHeight;
  const x = Math.max(0, Math.round(box.x * sx));
  const y = Math.max(0, Math.round(box.y * sy));
  return { x, y, width: Math.max(1, Math.min(toWidth, Math.round((box.x + box.width) * sx)) - x), height: Math.max(1, Math.min(toHeight, Math.round((box.y + box.height) * sy)) - y) };
}

/** One highlight box per current finding that could be placed, scaled to the preview's frame, labelled with its line and message. */
export function findingOverlayItems(current: readonly SeenFinding[], selectedId: string | null, frameWidth: number, frameHeight: number): OverlayItem[] {
  const items: OverlayItem[] = [];
  for (const finding of current) {
    if (!finding.box || !(finding.frameWidth > 0) || !(finding.frameHeight > 0)) continue;
    const selected = finding.id === selectedId;
    items.push({
      kind: 'box',
      region: scaleBox(finding.box, finding.frameWidth, finding.frameHeight, frameWidth, frameHeight),
      label: `line ${finding.line}: ${finding.message}`,
      tone: selected ? 'selected' : 'finding',
      filled: selected,
      labelBelow: true,
    });
  }
  // The selected one last, so its label is drawn over the others.
  return items.sort((a, b) => Number(a.kind === 'box' && a.tone === 'selected') - Number(b.kind === 'box' && b.tone === 'selected'));
}

// ---- visual watches (both previews, the watches list) ----

/** How long a fired watch flashes on its preview (media time). */
export const WATCH_FLASH_MS = 3_000;
/** The flash alternates at this period (media time; the view updates every 200-ms micro-turn). */
const FLASH_HALF_PERIOD_MS = 400;

/** Media time at which each watch last fired. */
export function lastFiredFrom(events: readonly TimelineEvent[]): Map<string, number> {
  const fired = new Map<string, number>();
  for (const event of events) {
    if (event.kind === 'session_started') fired.clear();
    else if (event.kind === 'watch_fired' && typeof event.payload.watchId === 'string') fired.set(event.payload.watchId, event.atMs);
  }
  return fired;
}

/** A watch region in fractions, in pixels of a frame (the whole frame when the region is null). */
export function regionToPixels(region: WatchRegion | null, frameWidth: number, frameHeight: number): FrameRegion {
  if (!region) return { x: 0, y: 0, width: frameWidth, height: frameHeight };
  const x = Math.round(region.x * frameWidth);
  const y = Math.round(region.y * frameHeight);
  return { x, y, width: Math.max(1, Math.min(frameWidth, Math.round((region.x + region.width) * frameWidth)) - x), height: Math.max(1, Math.min(frameHeight, Math.round((region.y + region.height) * frameHeight)) - y) };
}

/** The dashed rectangles of the watches on one source, labelled; one that fired in the last WATCH_FLASH_MS flashes. */
export function watchOverlayItems(
  watches: readonly Watch[],
  source: 'camera' | 'screen',
  lastFired: ReadonlyMap<string, number>,
  nowMs: number,
  frameWidth: number,
  frameHeight: number,
): OverlayItem[] {
  return watches
    .filter((watch) => watch.source === source)
    .map((watch) => {
      const firedAtMs = lastFired.get(watch.id);
      const sinceMs = firedAtMs === undefined ? Number.POSITIVE_INFINITY : nowMs - firedAtMs;
      const flashing = sinceMs >= 0 && sinceMs <= WATCH_FLASH_MS;
      const lit = flashing && Math.floor(sinceMs / FLASH_HALF_PERIOD_MS) % 2 === 0;
      return {
        kind: 'box',
        region: regionToPixels(watch.region, frameWidth, frameHeight),
        label: flashing ? `⚑ ${watch.label}` : watch.label,
        tone: flashing ? 'fired' : 'watch',
        dashed: true,
        filled: lit,
      } satisfies OverlayItem;
    });
}

/** Smallest side of a dragged region, as a fraction of the frame: a click or a slip is not a region. */
export const MIN_REGION_FRACTION = 0.02;

/**
 * A rectangle dragged on a preview (two corners in the preview's pixels, in any order, possibly outside
 * it) as the watch region in fractions of the frame: clamped to the frame, rounded to 4 decimals inside
 * it; null when it is too small to be meant.
 */
export function regionFromDrag(
  start: { x: number; y: number },
  end: { x: number; y: number },
  previewWidth: number,
  previewHeight: number,
): WatchRegion | null {
  if (!(previewWidth > 0) || !(previewHeight > 0)) return null;
  if (![start.x, start.y, end.x, end.y].every(Number.isFinite)) return null;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x0 = clamp(Math.min(start.x, end.x) / previewWidth);
  const x1 = clamp(Math.max(start.x, end.x) / previewWidth);
  const y0 = clamp(Math.min(start.y, end.y) / previewHeight);
  const y1 = clamp(Math.max(start.y, end.y) / previewHeight);
  if (x1 - x0 < MIN_REGION_FRACTION || y1 - y0 < MIN_REGION_FRACTION) return null;
  // Rounded inward (start up, end down), so x + width never exceeds 1 and the engine's schema accepts it.
  const x = Math.ceil(x0 * 1e4) / 1e4;
  const y = Math.ceil(y0 * 1e4) / 1e4;
  return { x, y, width: Math.round((Math.floor(x1 * 1e4) / 1e4 - x) * 1e4) / 1e4, height: Math.round((Math.floor(y1 * 1e4) / 1e4 - y) * 1e4) / 1e4 };
}

// ---- reading payloads ----

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 64) : fallback;
}

function isBox(value: unknown): value is FrameBox {
  if (!value || typeof value !== 'object') return false;
  const box = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((key) => typeof box[key] === 'number' && Number.isFinite(box[key])) && (box.width as number) > 0 && (box.height as number) > 0;
}

/** A CodeFinding from an untyped payload, or null when a field the UI needs is missing or of the wrong type. */
function readFinding(raw: unknown): CodeFinding | null {
  if (!raw || typeof raw !== 'object') return null;
  const f = raw as Record<string, unknown>;
  if (typeof f.id !== 'string' || !isCount(f.line) || typeof f.message !== 'string') return null;
  const frameWidth = typeof f.frameWidth === 'number' ? f.frameWidth : 0;
  const frameHeight = typeof f.frameHeight === 'number' ? f.frameHeight : 0;
  return {
    id: f.id,
    line: f.line,
    message: f.message,
    rule: typeof f.rule === 'string' ? f.rule : '',
    language: f.language === 'python' || f.language === 'javascript' ? f.language : 'typescript',
    lineText: typeof f.lineText === 'string' ? f.lineText : '',
    box: isBox(f.box) ? { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height } : null,
    frameWidth,
    frameHeight,
    ocrConfidence: typeof f.ocrConfidence === 'number' ? f.ocrConfidence : 0,
  };
}
