// A cancelled watch never fires and leaves the list; other watches go on; cancelling an unknown id says false.

import { describe, expect, it } from 'vitest';
import type { WatchSpec } from '../../../../common/perception';
import { VisualWatches } from '../../../../main/perception/watch';
import { GREEN, RED, ciScene, renderFrames, watchSpec } from './watchClips';

describe('cancel', () => {
  it('stops one watch and keeps the other', () => {
    const frames = renderFrames(ciScene([{ label: 'build', badge: { initial: GREEN, changes: [{ atMs: 1000, colour: RED }] } }]), { width: 480, height: 270, fps: 2, durationMs: 2000 });
    const watches = new VisualWatches();
    watches.push('screen', frames[0]);
    const a = watches.add(watchSpec('screen', { kind: 'colour', colour: 'red' }) as WatchSpec, 0);
    const b = watches.add({ ...watchSpec('screen', { kind: 'colour', colour: 'red' }), label: 'second' } as WatchSpec, 0);
    expect(watches.list().map((w) => w.id)).toEqual([a.id, b.id]);
    expect(watches.cancel(a.id)).toBe(true);
    expect(watches.cancel(a.id)).toBe(false);
    expect(watches.cancel('watch-999')).toBe(false);
    for (const frame of frames.slice(1)) watches.push('screen', frame);
    expect(watches.take().map((f) => [f.watchId, f.label, f.frameAtMs])).toEqual([[b.id, 'second', 1000]]);
    expect(watches.list()).toEqual([]);
  });
});
