// Frames made in the tests themselves (a still room, sensor noise, a randomly wandering ball), for what the generated suite does not cover: clips with no repetition at all.

import type { RgbFrame } from '../../../../common/interaction';

/** Deterministic integers in [0, 2^32): a linear congruential generator, so every run sees the same frames. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** A camera-like room: a vertical gradient, a floor band and two pieces of furniture. */
export function room(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      let c: [number, number, number] = [150 - (40 * y) / height, 140 - (30 * y) / height, 130 - (20 * y) / height];
      if (y > height * 0.88) c = [90, 85, 80];
      else if (x > width * 0.1 && x < width * 0.3 && y > height * 0.4 && y < height * 0.7) c = [110, 80, 60];
      else if (x > width * 0.7 && x < width * 0.85 && y > height * 0.2 && y < height * 0.5) c = [70, 90, 120];
      rgb[p] = c[0];
      rgb[p + 1] = c[1];
      rgb[p + 2] = c[2];
    }
  }
  return rgb;
}

/** A filled disc, anti-aliased by its coverage of each pixel centre (±0.5 px). */
export function disc(rgb: Uint8Array, width: number, height: number, cx: number, cy: number, r: number, colour: readonly [number, number, number]): void {
  for (let y = Math.max(0, Math.floor(cy - r - 1)); y <= Math.min(height - 1, Math.ceil(cy + r + 1)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r - 1)); x <= Math.min(width - 1, Math.ceil(cx + r + 1)); x++) {
      const coverage = Math.max(0, Math.min(1, r - Math.hypot(x + 0.5 - cx, y + 0.5 - cy) + 0.5));
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[p + c] = Math.round(rgb[p + c] + (colour[c] - rgb[p + c]) * coverage);
    }
  }
}

/** Adds uniform noise of ±amplitude levels to every byte. */
export function addNoise(rgb: Uint8Array, amplitude: number, next: () => number): void {
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.max(0, Math.min(255, rgb[i] + ((next() % (2 * amplitude + 1)) - amplitude)));
}

export function frameOf(rgb: Uint8Array, width: number, height: number, frameIndex: number, atMs: number): RgbFrame {
  return { rgb, width, height, frameIndex, atMs };
}

/**
 * A ball that wanders at random over the room (a velocity with momentum and random kicks, bouncing off
 * the edges), never repeating a path: the kind of motion that must never be counted.
 */
export function wanderingBallFrames(options: { seconds: number; fps: number; width: number; height: number; seed: number; noise?: number }): RgbFrame[] {
  const { seconds, fps, width, height } = options;
  const next = lcg(options.seed);
  const uniform = () => next() / 4294967296 - 0.5;
  const base = room(width, height);
  const r = height * 0.08;
  let x = width / 2;
  let y = height / 2;
  let vx = 0;
  let vy = 0;
  const frames: RgbFrame[] = [];
  for (let f = 0; f < seconds * fps; f++) {
    vx = 0.9 * vx + uniform() * height * 0.12 * (5 / fps);
    vy = 0.9 * vy + uniform() * height * 0.12 * (5 / fps);
    x += vx;
    y += vy;
    if (x < r || x > width - r) vx = -vx;
    if (y < r || y > height - r) vy = -vy;
    x = Math.max(r, Math.min(width - r, x));
    y = Math.max(r, Math.min(height - r, y));
    const rgb = base.slice();
    disc(rgb, width, height, x, y, r, [220, 60, 40]);
    if (options.noise) addNoise(rgb, options.noise, next);
    frames.push(frameOf(rgb, width, height, f, (f * 1000) / fps));
  }
  return frames;
}
