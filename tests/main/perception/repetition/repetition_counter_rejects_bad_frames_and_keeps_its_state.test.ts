// Malformed frames throw a TandemError naming the problem, and a rejected frame changes nothing: the count comes out as if it had never been pushed.

import { describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import type { RgbFrame } from '../../../../common/interaction';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { renderClip } from './generatedClips';

function rejects(counter: RepetitionCounter, frame: RgbFrame, message: RegExp): void {
  let caught: unknown;
  try {
    counter.push(frame);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TandemError);
  expect((caught as TandemError).code).toBe('MEDIA_INVALID');
  expect((caught as TandemError).message).toMatch(message);
}

describe('RepetitionCounter and bad frames', () => {
  it('names what is wrong with each kind of malformed frame', () => {
    const counter = new RepetitionCounter();
    const good = { rgb: new Uint8Array(8 * 6 * 3), width: 8, height: 6, atMs: 1000, frameIndex: 0 };
    rejects(counter, { ...good, rgb: new Uint8Array(8 * 6 * 4) }, /192 bytes? ?|expected 144 for 8×6 RGB \(the size of RGBA\)/);
    rejects(counter, { ...good, rgb: new Uint8Array(10) }, /Frame has 10 bytes, expected 144/);
    rejects(counter, { ...good, width: 0, height: 0, rgb: new Uint8Array(0) }, /Frame size 0×0 is not a positive whole number/);
    rejects(counter, { ...good, width: 2.5 }, /Frame size 2\.5×6/);
    rejects(counter, { ...good, atMs: Number.NaN }, /atMs=NaN is not a finite number/);
    rejects(counter, { ...good, atMs: Number.POSITIVE_INFINITY }, /atMs=Infinity/);
    rejects(counter, { ...good, rgb: [1, 2, 3] as unknown as Uint8Array }, /not a Uint8Array/);
    counter.push(good);
    rejects(counter, { ...good, atMs: 999, frameIndex: 1 }, /Frame time 999 ms is before the previous frame's 1000 ms/);
    expect(counter.count).toBe(0);
  });

  it('counts a clip exactly the same when bad frames are pushed in between', async () => {
    const { frames, truth } = await renderClip(40_000_012);
    const clean = new RepetitionCounter();
    const expected = frames.flatMap((frame) => clean.push(frame));
    const disturbed = new RepetitionCounter();
    const got = frames.flatMap((frame, i) => {
      if (i % 7 === 3) {
        const bad: RgbFrame[] = [
          { ...frame, rgb: frame.rgb.subarray(0, frame.rgb.length - 3) },
          { ...frame, atMs: frame.atMs - 1000 },
          { ...frame, width: frame.width + 1 },
        ];
        for (const b of bad) expect(() => disturbed.push(b)).toThrow(TandemError);
      }
      return disturbed.push(frame);
    });
    expect(got).toEqual(expected);
    expect(disturbed.count).toBe(truth.count);
  });
});
