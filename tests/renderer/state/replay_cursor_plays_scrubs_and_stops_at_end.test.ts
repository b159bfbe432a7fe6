// The replay cursor reducer: play advances by wall time × speed, pause and scrub hold, the end stops playback, play at the end restarts.

import { describe, expect, it } from 'vitest';
import { initialReplayCursor, replayCursorReducer, type ReplayCursor, type ReplayCursorEvent } from '../../../renderer/src/state/replayCursor';

const run = (cursor: ReplayCursor, events: ReplayCursorEvent[]) => events.reduce(replayCursorReducer, cursor);

describe('replay cursor', () => {
  it('starts paused at 0 at 1×', () => {
    expect(initialReplayCursor(5_000)).toEqual({ positionMs: 0, durationMs: 5_000, playing: false, speed: 1 });
  });

  it('moves only while playing: 1× follows wall time, 4× goes four times as fast', () => {
    const cursor = initialReplayCursor(10_000);
    expect(run(cursor, [{ kind: 'tick', elapsedMs: 500 }]).positionMs).toBe(0);
    expect(run(cursor, [{ kind: 'play' }, { kind: 'tick', elapsedMs: 500 }, { kind: 'tick', elapsedMs: 250 }]).positionMs).toBe(750);
    expect(run(cursor, [{ kind: 'play' }, { kind: 'setSpeed', speed: 4 }, { kind: 'tick', elapsedMs: 500 }]).positionMs).toBe(2_000);
    expect(run(cursor, [{ kind: 'play' }, { kind: 'tick', elapsedMs: 100 }, { kind: 'pause' }, { kind: 'tick', elapsedMs: 900 }])).toEqual({
      positionMs: 100, durationMs: 10_000, playing: false, speed: 1,
    });
  });

  it('scrubs within [0, duration] and keeps playing or paused as it was', () => {
    const cursor = initialReplayCursor(3_000);
    expect(run(cursor, [{ kind: 'scrub', positionMs: 1_200 }])).toMatchObject({ positionMs: 1_200, playing: false });
    expect(run(cursor, [{ kind: 'play' }, { kind: 'scrub', positionMs: 9_999 }])).toMatchObject({ positionMs: 3_000, playing: true });
    expect(run(cursor, [{ kind: 'scrub', positionMs: -5 }]).positionMs).toBe(0);
    expect(run(cursor, [{ kind: 'scrub', positionMs: Number.NaN }]).positionMs).toBe(0);
  });

  it('stops at the end, and play there starts over', () => {
    const ended = run(initialReplayCursor(1_000), [{ kind: 'play' }, { kind: 'setSpeed', speed: 4 }, { kind: 'tick', elapsedMs: 300 }]);
    expect(ended).toEqual({ positionMs: 1_000, durationMs: 1_000, playing: false, speed: 4 });
    expect(run(ended, [{ kind: 'play' }])).toMatchObject({ positionMs: 0, playing: true });
  });

  it('does not play an empty session, and ignores non-positive ticks', () => {
    expect(run(initialReplayCursor(0), [{ kind: 'play' }]).playing).toBe(false);
    expect(run(initialReplayCursor(1_000), [{ kind: 'play' }, { kind: 'tick', elapsedMs: -50 }]).positionMs).toBe(0);
  });
});
