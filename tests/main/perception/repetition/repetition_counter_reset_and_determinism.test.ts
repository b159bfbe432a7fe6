// The same frames always give the same events, and reset() starts counting again from zero as a fresh counter would.

import { describe, expect, it } from 'vitest';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { renderClip } from './generatedClips';

describe('RepetitionCounter determinism and reset', () => {
  it('gives identical events for identical frames, run after run', async () => {
    const { frames } = await renderClip(40_000_011);
    const run = () => {
      const counter = new RepetitionCounter();
      return frames.flatMap((frame) => counter.push(frame));
    };
    const first = run();
    expect(first.length).toBeGreaterThan(0);
    expect(run()).toEqual(first);
  });

  it('counts from 1 again after reset(), exactly like a new counter on the same frames', async () => {
    const { frames, truth } = await renderClip(40_000_006);
    const counter = new RepetitionCounter();
    const half = Math.floor(frames.length / 2);
    for (const frame of frames.slice(0, half)) counter.push(frame);
    expect(counter.count).toBeGreaterThan(0);
    counter.reset();
    expect(counter.count).toBe(0);
    // After a reset the clock may start over (a new clip), so earlier times are accepted.
    const again = frames.flatMap((frame) => counter.push(frame));
    const fresh = new RepetitionCounter();
    expect(again).toEqual(frames.flatMap((frame) => fresh.push(frame)));
    expect(counter.count).toBe(truth.count);
    expect(again[0].count).toBe(1);
  });
});
