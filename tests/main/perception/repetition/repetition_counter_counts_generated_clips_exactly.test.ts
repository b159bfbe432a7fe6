// Exact counts, online, on generated clips of every movement, including rests, a lighting switch, a ramp, noise, camera shake and distractors.

import { describe, expect, it } from 'vitest';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { renderClip } from './generatedClips';

// Tuning seeds (never the scored ones) whose clips cover what the counter must survive.
const CLIPS = [
  { seed: 40_000_045, what: 'squats with two rests, a lighting switch and a ball crossing' },
  { seed: 40_000_046, what: 'jumping jacks with a lighting switch and a ball wandering at random' },
  { seed: 40_000_011, what: 'jumping jacks with a rest, a speed ramp and a sudden lighting switch' },
  { seed: 40_000_012, what: 'curls with a speed step' },
  { seed: 40_000_038, what: 'push-ups with a rest and a lighting switch' },
  { seed: 40_000_004, what: 'a generic swing with a rest, a lighting ramp and a ball crossing' },
];

describe('RepetitionCounter on generated clips', () => {
  it.each(CLIPS)('counts every repetition of seed $seed ($what), each soon after it ends', async ({ seed }) => {
    const { frames, truth } = await renderClip(seed);
    const counter = new RepetitionCounter();
    const events = frames.flatMap((frame) => counter.push(frame));
    expect(counter.count).toBe(truth.count);
    expect(events.map((e) => e.count)).toEqual(Array.from({ length: truth.count }, (_, i) => i + 1));
    // Nothing is counted before the cells agree on a period (4 s of frames at least); the repetitions
    // done by then are reported together on that frame, and it comes within the first 7 s.
    const lockAtMs = events[0].detectedAtMs;
    expect(lockAtMs).toBeLessThanOrEqual(7000);
    const atLock = events.filter((e) => e.detectedAtMs === lockAtMs);
    for (const event of atLock) expect(event.repEndMs).toBeLessThanOrEqual(lockAtMs);
    for (const event of events.slice(atLock.length)) {
      // Online: reported on a frame at most 200 ms after the true end, and never more than 600 ms before it.
      const trueEndMs = truth.repEndMs[event.count - 1];
      expect(event.detectedAtMs - trueEndMs).toBeLessThanOrEqual(200);
      expect(event.detectedAtMs - trueEndMs).toBeGreaterThanOrEqual(-600);
      expect(event.detectedAtMs).toBeGreaterThanOrEqual(event.repEndMs);
    }
    for (const event of events) expect(event.periodMs).toBe(event.repEndMs - event.repStartMs);
  });

  it('reports nothing during a rest: no count is recognised between the end of a repetition and the start of the next', async () => {
    const { frames, truth } = await renderClip(40_000_045);
    expect(truth.pauses.length).toBeGreaterThan(0);
    const counter = new RepetitionCounter();
    const events = frames.flatMap((frame) => counter.push(frame));
    for (const pause of truth.pauses) {
      // The repetition that ends where the rest begins may be recognised on the first frames of the rest.
      expect(events.filter((e) => e.detectedAtMs > pause.fromMs + 300 && e.detectedAtMs < pause.toMs)).toEqual([]);
    }
  });
});
