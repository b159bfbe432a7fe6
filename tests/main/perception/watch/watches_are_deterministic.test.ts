// The same frames give the same firings, with the same details, run after run (no clock, no randomness in decisions).

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { renderFrames, roomScene, runWatch, watchSpec } from './watchClips';

describe('determinism', () => {
  it('gives identical firings on identical frames', async () => {
    const scene = roomScene(
      { kind: 'status_light', box: { x: 0.5, y: 0.3, width: 0.1, height: 0.133 }, lamp: { initial: [230, 40, 35], changes: [{ atMs: 1200, colour: [40, 205, 80] }, { atMs: 2000, colour: [230, 40, 35] }, { atMs: 2600, colour: [40, 205, 80] }] } },
      { walker: { fromMs: 0, durationMs: 3000, leftToRight: false, colour: [100, 110, 100], heightFrac: 0.6 } },
    );
    const frames = renderFrames(scene, { width: 192, height: 144, fps: 10, durationMs: 3200, noiseSigma: 5, gain: (t) => 1 - t / 16000 });
    const run = async () => {
      const watches = new VisualWatches();
      const firings = await runWatch(watches, 'camera', frames, watchSpec('camera', { kind: 'colour', colour: 'green' }, true), 100);
      await watches.dispose();
      return firings;
    };
    const first = await run();
    expect(first.map((f) => f.frameAtMs)).toEqual([1200, 2600]);
    expect(await run()).toEqual(first);
  });
});
