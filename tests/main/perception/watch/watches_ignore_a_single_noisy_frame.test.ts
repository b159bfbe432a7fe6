// One frame of heavy sensor noise (or a glitch) does not fire a colour or brightness watch, and the watch still fires on the real event afterwards.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { renderFrames, roomScene, runWatch, watchSpec } from './watchClips';

describe('a single noisy frame', () => {
  it('fires neither a colour nor a brightness watch; the real change later does', async () => {
    const scene = roomScene({ kind: 'status_light', box: { x: 0.5, y: 0.3, width: 0.1, height: 0.133 }, lamp: { initial: [230, 40, 35], changes: [{ atMs: 3000, colour: [40, 205, 80] }] } });
    const frames = renderFrames(scene, { width: 192, height: 144, fps: 5, durationMs: 4000, noiseSigma: 3, noiseAt: (f) => (f === 7 ? 45 : 3) });
    const green = new VisualWatches();
    expect((await runWatch(green, 'camera', frames, watchSpec('camera', { kind: 'colour', colour: 'green' }), 0)).map((f) => f.frameAtMs)).toEqual([3000]);
    for (const direction of ['on', 'off'] as const) {
      const watches = new VisualWatches();
      expect(await runWatch(watches, 'camera', frames.slice(0, 12), watchSpec('camera', { kind: 'brightness', direction }), 0)).toEqual([]);
      await watches.dispose();
    }
    for (const colour of ['red', 'blue', 'yellow', 'white', 'black'] as const) {
      const watches = new VisualWatches();
      expect(await runWatch(watches, 'camera', frames, watchSpec('camera', { kind: 'colour', colour }), 0), colour).toEqual([]);
      await watches.dispose();
    }
    await green.dispose();
  });
});
