// No phantom counts: a still room, a room with only sensor noise and flicker, and a ball wandering at random all count 0.

import { describe, expect, it } from 'vitest';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { addNoise, frameOf, lcg, room, wanderingBallFrames } from './syntheticFrames';

describe('RepetitionCounter without repetitions', () => {
  it('counts nothing in a still room (30 s at 10 fps)', () => {
    const counter = new RepetitionCounter();
    const rgb = room(160, 120);
    const events = Array.from({ length: 300 }, (_, f) => counter.push(frameOf(rgb, 160, 120, f, f * 100))).flat();
    expect(events).toEqual([]);
    expect(counter.count).toBe(0);
  });

  it('counts nothing in a room with only strong sensor noise (±12 levels) and a flickering lamp', () => {
    const counter = new RepetitionCounter();
    const next = lcg(7);
    const base = room(128, 96);
    const events = Array.from({ length: 300 }, (_, f) => {
      const gain = f % 7 === 0 ? 1.15 : 1;
      const rgb = base.map((v) => Math.min(255, Math.round(v * gain)));
      addNoise(rgb, 12, next);
      return counter.push(frameOf(rgb, 128, 96, f, f * 100));
    }).flat();
    expect(events).toEqual([]);
  });

  it.each([1, 2, 3, 4])('counts nothing while a ball wanders at random for 40 s (seed %i)', (seed) => {
    const counter = new RepetitionCounter();
    const frames = wanderingBallFrames({ seconds: 40, fps: 10, width: 128, height: 96, seed, noise: 3 });
    const events = frames.flatMap((frame) => counter.push(frame));
    expect(events.map((e) => e.count)).toEqual([]);
  });
});
