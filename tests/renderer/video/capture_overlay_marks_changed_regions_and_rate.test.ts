// The preview overlay model: one box per changed region in frame coordinates plus the send-rate label, scaled onto any canvas size when drawn.

import { describe, expect, it } from 'vitest';
import { captureOverlay, drawOverlay } from '../../../renderer/src/video/overlayModel';

describe('captureOverlay', () => {
  it('turns the last sent frame into boxes and a rate label', () => {
    const overlay = captureOverlay({ width: 320, height: 240, changedRegions: [{ x: 20, y: 30, width: 40, height: 20 }], framesSent: 12, sentFps: 4.96 });
    expect(overlay).toEqual({
      frameWidth: 320,
      frameHeight: 240,
      items: [
        { kind: 'box', region: { x: 20, y: 30, width: 40, height: 20 }, tone: 'change' },
        { kind: 'label', x: 4, y: 4, text: '5.0 fps · 12 sent', tone: 'info' },
      ],
    });
  });
});

describe('drawOverlay', () => {
  it('scales frame coordinates to the canvas', () => {
    const calls: string[] = [];
    const context = {
      clearRect: (...a: number[]) => calls.push(`clear ${a.join(',')}`),
      strokeRect: (...a: number[]) => calls.push(`box ${a.join(',')}`),
      fillRect: () => {},
      fillText: (text: string, x: number, y: number) => calls.push(`text ${text} ${x},${y}`),
      measureText: () => ({ width: 10 }),
    } as unknown as CanvasRenderingContext2D;
    const overlay = captureOverlay({ width: 320, height: 240, changedRegions: [{ x: 20, y: 30, width: 40, height: 20 }], framesSent: 1, sentFps: 0 });
    drawOverlay(context, overlay, 640, 480);
    // A 2-px stroke is drawn 1 px inside the box so it stays on the canvas at the frame's edges.
    expect(calls).toEqual(['clear 0,0,640,480', 'box 41,61,78,38', 'text 0.0 fps · 1 sent 8,8']);
  });
});
