// A repeating watch fires every time the condition becomes true again, only after it was false in between; a one-shot watch fires once and leaves the list.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { GREEN, RED, ciScene, renderFrames, runWatch, watchSpec } from './watchClips';

const flapping = ciScene([
  { label: 'build', badge: { initial: GREEN, changes: [{ atMs: 1000, colour: RED }, { atMs: 2000, colour: GREEN }, { atMs: 3000, colour: RED }] } },
  { label: 'tests', badge: { initial: GREEN, changes: [] } },
]);
const frames = renderFrames(flapping, { width: 480, height: 270, fps: 4, durationMs: 4000 });

describe('repeat', () => {
  it('fires at 1000 and 3000 ms (red, green again, red again), not on every red frame', async () => {
    const watches = new VisualWatches();
    const firings = await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'colour', colour: 'red' }, true), 0);
    expect(firings.map((f) => f.frameAtMs)).toEqual([1000, 3000]);
    expect(watches.list().map((w) => [w.id, w.fired, w.repeat])).toEqual([['watch-1', 2, true]]);
    await watches.dispose();
  });

  it('a one-shot watch fires at 1000 ms only and is gone from the list', async () => {
    const watches = new VisualWatches();
    expect((await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'colour', colour: 'red' }), 0)).map((f) => f.frameAtMs)).toEqual([1000]);
    expect(watches.list()).toEqual([]);
    await watches.dispose();
  });
});
