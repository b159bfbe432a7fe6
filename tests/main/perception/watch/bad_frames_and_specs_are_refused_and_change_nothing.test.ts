// Malformed frames (wrong byte count, impossible size, no capture time, out of order, not bytes) and malformed watches are refused with a TandemError that says what and where; the watches' state is unchanged and the next good frame is judged as if the bad one never came.

import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import type { WatchSpec } from '../../../../common/perception';
import { TandemError } from '../../../../common/errors';
import { VisualWatches } from '../../../../main/perception/watch';
import { GREEN, RED, ciScene, renderFrames, watchSpec } from './watchClips';

const frames = renderFrames(ciScene([{ label: 'build', badge: { initial: GREEN, changes: [{ atMs: 1000, colour: RED }] } }]), { width: 480, height: 270, fps: 2, durationMs: 2000 });

function refusal(fn: () => void): TandemError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TandemError);
    return error as TandemError;
  }
  throw new Error('expected a TandemError');
}

describe('bad input', () => {
  it('refuses bad frames with a clear message and keeps judging good ones', () => {
    const watches = new VisualWatches();
    watches.push('screen', frames[0]);
    watches.add(watchSpec('screen', { kind: 'colour', colour: 'red' }) as WatchSpec, 0);
    const red = frames[2];
    const bad: Array<[RgbFrame, RegExp]> = [
      [{ ...red, rgb: red.rgb.subarray(0, 1000) }, /has 1000 bytes, but 480×270 RGB needs 388800/],
      [{ ...red, width: 0 }, /size 0×270 is not a usable picture size/],
      [{ ...red, width: 480.5 }, /size 480\.5×270/],
      [{ ...red, atMs: Number.NaN }, /capture time is not a number/],
      [{ ...red, rgb: Array.from(red.rgb) as unknown as Uint8Array }, /no RGB bytes/],
      [{ ...red, atMs: -5 }, /captured at -5 ms, before the previous screen frame \(0 ms\)/],
    ];
    for (const [frame, message] of bad) {
      const error = refusal(() => watches.push('screen', frame));
      expect(error.code).toBe('MEDIA_INVALID');
      expect(error.message).toMatch(message);
      expect(watches.take()).toEqual([]);
    }
    expect(refusal(() => watches.push('microphone' as never, red)).message).toMatch(/Unknown visual source "microphone"/);
    expect(watches.list().map((w) => w.fired)).toEqual([0]);
    // The first good frame after all that still sees the badge turn red.
    watches.push('screen', frames[1]);
    watches.push('screen', red);
    expect(watches.take().map((f) => f.frameAtMs)).toEqual([1000]);
  });

  it('refuses malformed watches', () => {
    const watches = new VisualWatches();
    expect(refusal(() => watches.add({ ...watchSpec('screen', { kind: 'colour', colour: 'magenta' as never }) } as WatchSpec, 0)).message).toMatch(/The watch is malformed at condition\.colour/);
    expect(refusal(() => watches.add({ ...watchSpec('screen', { kind: 'brightness', direction: 'on' }), region: { x: 0.8, y: 0, width: 0.5, height: 1 } } as WatchSpec, 0)).message).toMatch(/region/);
    expect(refusal(() => watches.add(watchSpec('screen', { kind: 'brightness', direction: 'on' }) as WatchSpec, Number.POSITIVE_INFINITY)).message).toMatch(/registration time is not a number/);
    expect(watches.list()).toEqual([]);
  });
});
