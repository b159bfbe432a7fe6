// A brightness watch does not fire when the room's lighting ramps or steps (every part of the picture changes alike), under camera noise, or when someone walks through.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { renderFrames, roomScene, runWatch, watchSpec } from './watchClips';

const kettle = roomScene(
  { kind: 'kettle', box: { x: 0.4, y: 0.5, width: 0.14, height: 0.2 }, body: [70, 70, 75], light: { onAtMs: null, onColour: [255, 80, 40], offColour: [60, 30, 28] } },
  { walker: { fromMs: 500, durationMs: 3000, leftToRight: true, colour: [90, 100, 95], heightFrac: 0.7 } },
);
const lamp = roomScene({ kind: 'lamp', box: { x: 0.6, y: 0.25, width: 0.12, height: 0.12 }, offAtMs: null, onColour: [252, 240, 205], offColour: [150, 140, 118] });

describe('brightness watch under lighting changes', () => {
  it.each([
    ['ramp to 0.75', (t: number) => 1 - (0.25 * t) / 5000],
    ['ramp to 1.25', (t: number) => 1 + (0.25 * t) / 5000],
    ['step to 0.78', (t: number) => (t < 2500 ? 1 : 0.78)],
    ['step to 1.25', (t: number) => (t < 2500 ? 1 : 1.25)],
  ])('%s: neither "on" nor "off" fires, with noise and a walker', async (_name, gain) => {
    for (const scene of [kettle, lamp]) {
      const frames = renderFrames(scene, { width: 256, height: 192, fps: 8, durationMs: 5000, noiseSigma: 8, gain });
      for (const direction of ['on', 'off'] as const) {
        const watches = new VisualWatches();
        expect(await runWatch(watches, 'camera', frames, watchSpec('camera', { kind: 'brightness', direction }), 0), `${scene.fixture.kind} ${direction}`).toEqual([]);
        await watches.dispose();
      }
    }
  });
});
