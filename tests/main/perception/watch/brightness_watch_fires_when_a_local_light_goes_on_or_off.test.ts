// A brightness watch fires on the frame a kettle's small indicator light goes on, or a lamp goes off, even while the room's lighting ramps; "the screen goes dark" fires when the whole picture does.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { ciScene, GREEN, renderFrames, roomScene, runWatch, watchSpec } from './watchClips';

describe('brightness watch', () => {
  it('fires on the frame the kettle light goes on (192×144, noise, lights dimming)', async () => {
    const scene = roomScene({ kind: 'kettle', box: { x: 0.4, y: 0.5, width: 0.14, height: 0.2 }, body: [70, 70, 75], light: { onAtMs: 2600, onColour: [255, 80, 40], offColour: [60, 30, 28] } });
    const frames = renderFrames(scene, { width: 192, height: 144, fps: 5, durationMs: 4000, noiseSigma: 4, gain: (t) => 1 - (0.2 * t) / 4000 });
    const watches = new VisualWatches();
    const firings = await runWatch(watches, 'camera', frames, watchSpec('camera', { kind: 'brightness', direction: 'on' }), 500);
    expect(firings.map((f) => [f.frameAtMs, f.frameIndex])).toEqual([[2600, 13]]);
    expect(firings[0].detail).toMatchObject({ direction: 'on', whole: false });
    await watches.dispose();
  });

  it('fires on the frame the lamp goes off (320×240, lights brightening)', async () => {
    const scene = roomScene({ kind: 'lamp', box: { x: 0.6, y: 0.25, width: 0.12, height: 0.12 }, offAtMs: 1800, onColour: [252, 240, 205], offColour: [150, 140, 118] });
    const frames = renderFrames(scene, { width: 320, height: 240, fps: 10, durationMs: 3000, noiseSigma: 6, gain: (t) => 1 + (0.2 * t) / 3000 });
    const watches = new VisualWatches();
    expect((await runWatch(watches, 'camera', frames, watchSpec('camera', { kind: 'brightness', direction: 'off' }), 300)).map((f) => f.frameAtMs)).toEqual([1800]);
    await watches.dispose();
  });

  it('fires when the whole screen goes dark, and not for an "on" watch', async () => {
    const scene = ciScene([{ label: 'build', badge: { initial: GREEN, changes: [] } }]);
    const frames = renderFrames(scene, { width: 480, height: 270, fps: 4, durationMs: 3000, gain: (t) => (t >= 2000 ? 0.15 : 1) });
    const dark = new VisualWatches();
    const firings = await runWatch(dark, 'screen', frames, watchSpec('screen', { kind: 'brightness', direction: 'off' }), 0);
    expect(firings.map((f) => [f.frameAtMs, f.detail.whole])).toEqual([[2000, true]]);
    const on = new VisualWatches();
    expect(await runWatch(on, 'screen', frames, watchSpec('screen', { kind: 'brightness', direction: 'on' }), 0)).toEqual([]);
    await dark.dispose();
    await on.dispose();
  });
});
