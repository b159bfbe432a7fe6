// repcount's generated clips: byte-identical per seed, loadable, and the figure really moves once per stated repetition (checked with its per-frame colour centroid).

import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchSample } from '../../../../main/bench/suite';
import { REPCOUNT_SEED_RANGE, repcountSuite } from '../../../../main/bench/suites/repcount';
import { MOTION_KINDS, renderRepetitionClip, repetitionSpec, type RepcountTruth, type Rgb } from '../../../../main/bench/gen/repetitionVideo';
import { SampleRandom } from '../../../../main/bench/gen/sampleRandom';
import { openFrameSource, type FrameSource } from '../../../../main/engine/media/frames';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { hashTree, makeWorkDir, removeWorkDir } from './suiteFixtures';

/** Centroid of the pixels whose chromaticity is the figure's (lighting gain keeps chromaticity; greys and the distractor's hue do not match). */
function figureCentroid(rgb: Uint8Array, width: number, colour: Rgb): { x: number; y: number } | null {
  const sum = colour[0] + colour[1] + colour[2];
  const target = [colour[0] / sum, colour[1] / sum];
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let p = 0, i = 0; p < rgb.length; p += 3, i++) {
    const total = rgb[p] + rgb[p + 1] + rgb[p + 2];
    if (total < 90) continue;
    const dr = rgb[p] / total - target[0];
    const dg = rgb[p + 1] / total - target[1];
    if (dr * dr + dg * dg > 0.07 * 0.07) continue;
    n++;
    sx += i % width;
    sy += Math.floor(i / width);
  }
  return n < 10 ? null : { x: sx / n, y: sy / n };
}

/** Displacement of the figure's centroid from where it stands at rest, per frame. */
function displacement(frames: FrameSource, truth: Pick<RepcountTruth, 'fps' | 'repStartMs' | 'figureColour'>): number[] {
  const centroids = Array.from({ length: frames.frameCount }, (_, f) => figureCentroid(frames.frameAt((f * 1000) / truth.fps)!.rgb, frames.width, truth.figureColour));
  const rest = centroids.filter((c, f) => c !== null && (f * 1000) / truth.fps < truth.repStartMs[0]) as Array<{ x: number; y: number }>;
  const restX = rest.reduce((s, c) => s + c.x, 0) / rest.length;
  const restY = rest.reduce((s, c) => s + c.y, 0) / rest.length;
  return centroids.map((c) => (c === null ? 0 : Math.hypot(c.x - restX, c.y - restY)));
}

/** Excursions away from rest (hysteresis between 45 % and 20 % of the largest displacement), each with the frame of its peak. */
function excursions(d: number[]): number[] {
  const max = Math.max(...d);
  const peaks: number[] = [];
  let inside = false;
  let peak = -1;
  d.forEach((value, f) => {
    if (!inside && value > 0.45 * max) {
      inside = true;
      peak = f;
    } else if (inside && value > d[peak]) peak = f;
    else if (inside && value < 0.2 * max) {
      inside = false;
      peaks.push(peak);
    }
  });
  if (inside) peaks.push(peak);
  return peaks;
}

describe('repcount clips', () => {
  let dirA: string;
  let dirB: string;
  let samples: BenchSample[];

  beforeAll(async () => {
    dirA = makeWorkDir('repcount-a');
    dirB = makeWorkDir('repcount-b');
    samples = (await repcountSuite.prepare({ size: 'small', workDir: dirA })).samples;
    await repcountSuite.prepare({ size: 'small', workDir: dirB });
  });
  afterAll(() => {
    removeWorkDir(dirA);
    removeWorkDir(dirB);
  });

  it('are byte-identical when made again from the same seeds, one clip per kind of movement', () => {
    expect(samples.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4].map((k) => REPCOUNT_SEED_RANGE.first + k));
    for (const sample of samples) expect(hashTree(nodePath.join(dirB, sample.id))).toEqual(hashTree(nodePath.join(dirA, sample.id)));
    expect(samples.map((s) => (s.truth as RepcountTruth).motion)).toEqual([...MOTION_KINDS]);
  });

  it('load as scenarios with "count my …" typed at the start and a camera stream of the stated size and rate', async () => {
    for (const sample of samples) {
      const truth = sample.truth as RepcountTruth;
      const scenario = await loadScenario(sample.input);
      try {
        expect(scenario.text).toEqual([{ atMs: 0, text: truth.countText }]);
        expect(truth.countText).toMatch(/^(can you )?count /);
        expect(scenario.camera).toMatchObject({ kind: 'y4m', width: truth.width, height: truth.height, fps: truth.fps, frameCount: truth.frames });
        expect(scenario.durationMs).toBe(truth.durationMs);
        expect(truth.repEndMs).toHaveLength(truth.count);
        truth.repEndMs.forEach((end, i) => {
          const period = end - truth.repStartMs[i];
          expect(period).toBeGreaterThanOrEqual(499.9);
          expect(period).toBeLessThanOrEqual(4000.1);
          // At least five frames per repetition, so the movement is visible at the clip's rate.
          expect((period * truth.fps) / 1000).toBeGreaterThanOrEqual(4.99);
          if (i > 0) expect(truth.repStartMs[i]).toBeGreaterThanOrEqual(truth.repEndMs[i - 1]);
        });
        expect(truth.repEndMs[truth.count - 1]).toBeLessThan(truth.durationMs - 900);
      } finally {
        scenario.close();
      }
    }
  });

  it('move once per stated repetition: one centroid excursion per repetition, peaking inside it, none during rests (15 clips, 3 of each movement)', () => {
    const dir = makeWorkDir('repcount-centroid');
    try {
      for (let k = 0; k < 15; k++) {
        const seed = REPCOUNT_SEED_RANGE.first + k;
        // The clip without camera shake: a ±1 px shake of the whole picture would blur this simple check (everything else stays as generated).
        const spec = { ...repetitionSpec(seed, k), cameraShake: false };
        const path = nodePath.join(dir, `${seed}.y4m`);
        renderRepetitionClip(spec, path, new SampleRandom(seed).fork('render'));
        const frames = openFrameSource(path);
        try {
          const peaks = excursions(displacement(frames, spec));
          expect(peaks, `seed ${seed} (${spec.motion})`).toHaveLength(spec.repEndMs.length);
          peaks.forEach((frame, i) => {
            const atMs = (frame * 1000) / spec.fps;
            expect(atMs).toBeGreaterThanOrEqual(spec.repStartMs[i]);
            expect(atMs).toBeLessThanOrEqual(spec.repEndMs[i]);
          });
        } finally {
          frames.close();
        }
      }
    } finally {
      removeWorkDir(dir);
    }
  });

  it('for clips without camera shake, the centroid check above ran on exactly the generated file', () => {
    const unshaken = samples.filter((s) => !(s.truth as RepcountTruth).cameraShake);
    expect(unshaken.length).toBeGreaterThan(0);
    for (const sample of unshaken) {
      const dir = makeWorkDir('repcount-same');
      try {
        const path = nodePath.join(dir, 'again.y4m');
        renderRepetitionClip(repetitionSpec(sample.seed!, sample.seed! - REPCOUNT_SEED_RANGE.first), path, new SampleRandom(sample.seed!).fork('render'));
        expect(hashTree(dir)['again.y4m']).toBe(hashTree(nodePath.dirname(sample.input))['camera.y4m']);
      } finally {
        removeWorkDir(dir);
      }
    }
  });
});
