// Watch regions on the previews: a dashed, labelled rectangle per watch on its own source (the whole frame when it has no region); a watch that fired flashes for WATCH_FLASH_MS.

import { describe, expect, it } from 'vitest';
import type { Watch } from '../../../common/perception';
import type { TimelineEvent } from '../../../common/timeline';
import { WATCH_FLASH_MS, lastFiredFrom, regionToPixels, watchOverlayItems } from '../../../renderer/src/video/perceptionOverlay';

let seq = 0;
const ev = (kind: TimelineEvent['kind'], atMs: number, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'engine', kind, payload });
const watch = (id: string, source: Watch['source'], region: Watch['region'], label: string): Watch => ({ id, source, region, condition: { kind: 'colour', colour: 'red' }, label, repeat: false, addedAtMs: 0, fired: 0 });

const build = watch('w1', 'screen', { x: 0.5, y: 0.25, width: 0.25, height: 0.5 }, 'the build turned red');
const kettle = watch('w2', 'camera', null, 'the kettle is on');

describe('regionToPixels', () => {
  it('turns fractions into pixels of the preview frame; null is the whole frame', () => {
    expect(regionToPixels(build.region, 320, 180)).toEqual({ x: 160, y: 45, width: 80, height: 90 });
    expect(regionToPixels(null, 320, 240)).toEqual({ x: 0, y: 0, width: 320, height: 240 });
    expect(regionToPixels({ x: 0.9, y: 0.9, width: 0.1, height: 0.1 }, 1366, 768)).toEqual({ x: 1229, y: 691, width: 137, height: 77 });
  });
});

describe('watchOverlayItems', () => {
  it('draws the watches of that source only, dashed and labelled', () => {
    expect(watchOverlayItems([build, kettle], 'screen', new Map(), 10_000, 320, 180)).toEqual([
      { kind: 'box', region: { x: 160, y: 45, width: 80, height: 90 }, label: 'the build turned red', tone: 'watch', dashed: true, filled: false },
    ]);
    expect(watchOverlayItems([build, kettle], 'camera', new Map(), 10_000, 320, 240)).toEqual([
      { kind: 'box', region: { x: 0, y: 0, width: 320, height: 240 }, label: 'the kettle is on', tone: 'watch', dashed: true, filled: false },
    ]);
  });

  it('a fired watch flashes (filled on, off, on …) for WATCH_FLASH_MS after its watch_fired event, then is drawn plain again', () => {
    const fired = lastFiredFrom([ev('watch_fired', 5_000, { watchId: 'w1', label: 'the build turned red', source: 'screen', frameAtMs: 4_950, frameIndex: 12, detail: {} })]);
    expect(fired).toEqual(new Map([['w1', 5_000]]));
    const at = (nowMs: number) => {
      const [item] = watchOverlayItems([build], 'screen', fired, nowMs, 320, 180);
      return item.kind === 'box' ? [item.tone, item.filled, item.label] : null;
    };
    expect(at(4_999)).toEqual(['watch', false, 'the build turned red']);
    expect(at(5_000)).toEqual(['fired', true, '⚑ the build turned red']);
    expect(at(5_400)).toEqual(['fired', false, '⚑ the build turned red']);
    expect(at(5_800)).toEqual(['fired', true, '⚑ the build turned red']);
    expect(at(5_000 + WATCH_FLASH_MS)?.[0]).toBe('fired');
    expect(at(5_001 + WATCH_FLASH_MS)).toEqual(['watch', false, 'the build turned red']);
  });

  it('remembers the latest firing of each watch; a malformed firing and a new session are ignored / clear it', () => {
    const events = [
      ev('watch_fired', 1_000, { watchId: 'w1' }),
      ev('watch_fired', 2_000, { watchId: 7 }),
      ev('watch_fired', 3_000, { watchId: 'w1' }),
    ];
    expect(lastFiredFrom(events)).toEqual(new Map([['w1', 3_000]]));
    expect(lastFiredFrom([...events, ev('session_started', 0, {})])).toEqual(new Map());
  });
});
