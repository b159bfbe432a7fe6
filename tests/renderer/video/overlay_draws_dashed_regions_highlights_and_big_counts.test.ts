// drawOverlay's new styles: a watch region is stroked dashed (and the dash reset after), a highlighted box is filled translucent under its outline, a count is drawn in a big bold font.

import { describe, expect, it } from 'vitest';
import { drawOverlay } from '../../../renderer/src/video/overlayModel';

function recordingContext() {
  const calls: string[] = [];
  const context = {
    set font(value: string) { calls.push(`font ${value}`); },
    set fillStyle(value: string) { calls.push(`fill ${value}`); },
    set strokeStyle(value: string) { calls.push(`stroke ${value}`); },
    set lineWidth(_: number) {},
    set textBaseline(_: string) {},
    clearRect: () => {},
    setLineDash: (dash: number[]) => calls.push(`dash [${dash.join(',')}]`),
    strokeRect: (...a: number[]) => calls.push(`box ${a.join(',')}`),
    fillRect: (...a: number[]) => calls.push(`fillRect ${a.join(',')}`),
    fillText: (text: string, x: number, y: number) => calls.push(`text ${text} ${x},${y}`),
    measureText: () => ({ width: 10 }),
  } as unknown as CanvasRenderingContext2D;
  return { calls, context };
}

describe('drawOverlay styles', () => {
  it('strokes a dashed, filled box and resets the dash for what follows', () => {
    const { calls, context } = recordingContext();
    drawOverlay(context, { frameWidth: 100, frameHeight: 100, items: [{ kind: 'box', region: { x: 10, y: 10, width: 20, height: 20 }, tone: 'fired', dashed: true, filled: true }] }, 200, 200);
    expect(calls.slice(1)).toEqual(['fill #ff408140', 'fillRect 21,21,38,38', 'stroke #ff4081', 'dash [6,4]', 'box 21,21,38,38', 'dash []']);
  });

  it('puts the label of a one-line box below it, so the line stays visible', () => {
    const { calls, context } = recordingContext();
    drawOverlay(context, { frameWidth: 100, frameHeight: 100, items: [{ kind: 'box', region: { x: 10, y: 10, width: 50, height: 5 }, label: 'line 3: x', tone: 'finding', labelBelow: true }] }, 200, 200);
    expect(calls.filter((call) => call.startsWith('text'))).toEqual(['text line 3: x 22,34']);
  });

  it('draws a big label in a 40-px bold font with a matching backdrop, then returns to the small font', () => {
    const { calls, context } = recordingContext();
    drawOverlay(context, { frameWidth: 320, frameHeight: 240, items: [{ kind: 'label', x: 10, y: 20, text: '7', tone: 'count', big: true }] }, 320, 240);
    expect(calls).toEqual([
      'font 12px system-ui, sans-serif',
      'font bold 40px system-ui, sans-serif',
      'fill rgba(0, 0, 0, 0.6)',
      'fillRect 8,18,14,44',
      'fill #69f0ae',
      'text 7 10,20',
      'font 12px system-ui, sans-serif',
    ]);
  });
});
