// The overlay drawn over a camera or screen preview: boxes and labels in the coordinates of the frame they annotate.
//
// Every item is placed in the pixel coordinates of the frame it belongs to (`frameWidth` × `frameHeight`,
// the size of the frame sent to the engine), never in screen pixels: the preview may be shown at any
// size, and drawOverlay scales once. The capture panel draws the regions that changed in the last sent
// frame and the send rate; perceptionOverlay.ts adds the live repetition count, boxes on flagged lines of
// code and the user's watch regions to the same model.

import type { FrameRegion } from './frameChange';

export type OverlayTone = 'change' | 'info' | 'warn' | 'finding' | 'selected' | 'watch' | 'fired' | 'count';

export type OverlayItem =
  /**
   * A rectangle, optionally labelled at its top-left corner (inside it, or just below it when `labelBelow`: a box
   * one text line high, like a flagged code line, would be hidden under its own label); `dashed` for a watched
   * region, `filled` to highlight it.
   */
  | { kind: 'box'; region: FrameRegion; label?: string; tone: OverlayTone; dashed?: boolean; filled?: boolean; labelBelow?: boolean }
  /** A line of text whose top-left corner is at (x, y); `big` for a number meant to be read from across the room. */
  | { kind: 'label'; x: number; y: number; text: string; tone: OverlayTone; big?: boolean };

export interface Overlay {
  frameWidth: number;
  frameHeight: number;
  items: OverlayItem[];
}

/** What the capture panel knows about its last sent frame. */
export interface SentFrameSummary {
  width: number;
  height: number;
  changedRegions: FrameRegion[];
  framesSent: number;
  /** Frames sent per second over the last few seconds. */
  sentFps: number;
}

/** Today's overlay: one box per changed region, and the send rate in the top-left corner. */
export function captureOverlay(frame: SentFrameSummary): Overlay {
  const items: OverlayItem[] = frame.changedRegions.map((region) => ({ kind: 'box', region, tone: 'change' }));
  items.push({ kind: 'label', x: 4, y: 4, text: `${frame.sentFps.toFixed(1)} fps · ${frame.framesSent} sent`, tone: 'info' });
  return { frameWidth: frame.width, frameHeight: frame.height, items };
}

const TONE_COLOURS: Record<OverlayTone, string> = {
  change: '#ffb300',
  info: '#ffffff',
  warn: '#ff5252',
  finding: '#ff5252',
  selected: '#ffeb3b',
  watch: '#4fc3f7',
  fired: '#ff4081',
  count: '#69f0ae',
};
/** Canvas pixels of a big label's text: readable in a 320-px-wide preview. */
const BIG_FONT_PX = 40;

/** Paints an overlay onto a canvas of any size, scaling frame coordinates to it; clears what was there. */
export function drawOverlay(context: CanvasRenderingContext2D, overlay: Overlay, canvasWidth: number, canvasHeight: number): void {
  context.clearRect(0, 0, canvasWidth, canvasHeight);
  if (overlay.frameWidth <= 0 || overlay.frameHeight <= 0) return;
  const sx = canvasWidth / overlay.frameWidth;
  const sy = canvasHeight / overlay.frameHeight;
  context.lineWidth = 2;
  context.font = '12px system-ui, sans-serif';
  context.textBaseline = 'top';
  for (const item of overlay.items) {
    const colour = TONE_COLOURS[item.tone];
    if (item.kind === 'box') {
      const { x, y, width, height } = item.region;
      const rect = [x * sx + 1, y * sy + 1, Math.max(0, width * sx - 2), Math.max(0, height * sy - 2)] as const;
      if (item.filled) {
        context.fillStyle = `${colour}40`; // the tone at 25 % opacity: the line stays readable under it
        context.fillRect(...rect);
      }
      context.strokeStyle = colour;
      if (item.dashed) context.setLineDash([6, 4]);
      context.strokeRect(...rect);
      if (item.dashed) context.setLineDash([]);
      if (item.label) drawText(context, item.label, x * sx + 2, item.labelBelow ? (y + height) * sy + 4 : y * sy + 2, colour);
    } else if (item.big) {
      context.font = `bold ${BIG_FONT_PX}px system-ui, sans-serif`;
      drawText(context, item.text, item.x * sx, item.y * sy, colour, BIG_FONT_PX + 4);
      context.font = '12px system-ui, sans-serif';
    } else {
      drawText(context, item.text, item.x * sx, item.y * sy, colour);
    }
  }
}

function drawText(context: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string, lineHeight = 16): void {
  const width = context.measureText(text).width;
  context.fillStyle = 'rgba(0, 0, 0, 0.6)';
  context.fillRect(x - 2, y - 2, width + 4, lineHeight);
  context.fillStyle = colour;
  context.fillText(text, x, y);
}
