// Spatial selection by periodicity: next to a ball wandering at random, the cells of a swinging disc get the weight and its period is found; the counter counts the swings.

import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import { RepetitionCounter } from '../../../../main/perception/repetition';
import { FrameEmbedder } from '../../../../main/perception/repetition/embedding';
import { PeriodicityTracker } from '../../../../main/perception/repetition/periodicity';
import { addNoise, disc, frameOf, lcg, room } from './syntheticFrames';

const WIDTH = 128;
const HEIGHT = 96;
const PERIOD_MS = 1200;

/**
 * A green disc swinging down and back up at x = 28 px (grid columns 3–4 of 16) once per period, from rest
 * at y = 20 px, and a red ball wandering at random over the right half (x ≥ 64 px), never repeating a path.
 */
function scene(seconds: number, fps: number, seed: number): RgbFrame[] {
  const next = lcg(seed);
  const uniform = () => next() / 4294967296 - 0.5;
  const base = room(WIDTH, HEIGHT);
  let x = 96;
  let y = 48;
  let vx = 0;
  let vy = 0;
  return Array.from({ length: Math.round(seconds * fps) }, (_, f) => {
    const atMs = (f * 1000) / fps;
    vx = 0.9 * vx + uniform() * 6;
    vy = 0.9 * vy + uniform() * 6;
    x = Math.max(72, Math.min(120, x + vx));
    y = Math.max(8, Math.min(88, y + vy));
    const rgb = base.slice();
    const swing = (1 - Math.cos((2 * Math.PI * atMs) / PERIOD_MS)) / 2;
    disc(rgb, WIDTH, HEIGHT, 28, 20 + 50 * swing, 7, [40, 200, 60]);
    disc(rgb, WIDTH, HEIGHT, x, y, 8, [220, 60, 40]);
    addNoise(rgb, 3, next);
    return frameOf(rgb, WIDTH, HEIGHT, f, atMs);
  });
}

describe('Spatial selection by periodicity', () => {
  it('finds the swing period and puts the weight on the swinging cells, not on the wandering ball', () => {
    const embedder = new FrameEmbedder(16, 12, 36);
    const tracker = new PeriodicityTracker({ cells: 192, stepMs: 100, windowMs: 10000, minWindowMs: 4000, minLagMs: 400, maxLagMs: 4500 });
    const embedding = new Float32Array(embedder.dimensions);
    for (const frame of scene(12, 10, 5)) {
      embedder.embed(frame.rgb, frame.width, frame.height, embedding);
      tracker.push(embedding, frame.atMs);
    }
    const estimate = tracker.estimate();
    expect(estimate).not.toBeNull();
    expect(estimate!.periodMs).toBeGreaterThanOrEqual(1100);
    expect(estimate!.periodMs).toBeLessThanOrEqual(1300);
    let swinging = 0;
    let total = 0;
    estimate!.cellWeights.forEach((w, cell) => {
      total += w;
      if (cell % 16 <= 5) swinging += w; // the left third of the grid: where the disc swings
    });
    expect(swinging / total).toBeGreaterThan(0.9);
  });

  it('gives no estimate before the window holds 4 s of frames (a short stretch of random motion can look periodic)', () => {
    const embedder = new FrameEmbedder(16, 12, 36);
    const tracker = new PeriodicityTracker({ cells: 192, stepMs: 100, windowMs: 10000, minWindowMs: 4000, minLagMs: 400, maxLagMs: 4500 });
    const embedding = new Float32Array(embedder.dimensions);
    for (const frame of scene(3.5, 10, 6)) {
      embedder.embed(frame.rgb, frame.width, frame.height, embedding);
      tracker.push(embedding, frame.atMs);
    }
    expect(tracker.estimate()).toBeNull();
  });

  it.each([5, 7])('counts every swing next to the wandering ball (seed %i), each within 200 ms of its end once counting started', (seed) => {
    const counter = new RepetitionCounter();
    const events = scene(24.5, 10, seed).flatMap((frame) => counter.push(frame));
    // 20 full swings end at k·1.2 s, k = 1…20; the clip ends in the middle of the 21st.
    expect(counter.count).toBe(20);
    expect(events.map((e) => e.count)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const atLock = events.filter((e) => e.detectedAtMs === events[0].detectedAtMs).length;
    for (const event of events.slice(atLock)) {
      expect(Math.abs(event.detectedAtMs - event.count * PERIOD_MS)).toBeLessThanOrEqual(200);
    }
  });
});
