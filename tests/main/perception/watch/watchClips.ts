// Test helpers for visual watches: frames drawn in memory by the visualwatch suite's own scene renderer, and a loop that feeds them to VisualWatches the way the session does.

import type { RgbFrame } from '../../../../common/interaction';
import type { VisualSource } from '../../../../common/microturn';
import type { WatchFiring, WatchSpecInput, WatchSpec } from '../../../../common/perception';
import { Canvas, type Rgb } from '../../../../main/bench/gen/repetitionVideo';
import { SampleRandom } from '../../../../main/bench/gen/sampleRandom';
import { drawScene, type CiScreenScene, type RoomScene, type WatchScene } from '../../../../main/bench/gen/visualWatchScenes';
import type { VisualWatches } from '../../../../main/perception/watch';

export interface ClipOptions {
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  /** Brightness gain of the whole picture at time t (lighting); default 1. */
  gain?: (tMs: number) => number;
  noiseSigma?: number;
  /** Per-frame noise override (a single noisy frame). */
  noiseAt?: (frame: number) => number;
  seed?: number;
}

export function renderFrames(scene: WatchScene, options: ClipOptions): RgbFrame[] {
  const canvas = new Canvas(options.width, options.height);
  const rng = new SampleRandom(options.seed ?? 1);
  const frames: RgbFrame[] = [];
  const count = Math.round((options.durationMs * options.fps) / 1000);
  for (let f = 0; f < count; f++) {
    const atMs = (f * 1000) / options.fps;
    drawScene(canvas, scene, atMs, f);
    const rgb = canvas.finish(options.gain?.(atMs) ?? 1, options.noiseAt?.(f) ?? options.noiseSigma ?? 0, rng).slice();
    frames.push({ rgb, width: options.width, height: options.height, atMs, frameIndex: f });
  }
  return frames;
}

/** Registers the watch at addAtMs (before the first frame at or after it, as the session does) and pushes every frame; returns all firings. */
export async function runWatch(watches: VisualWatches, source: VisualSource, frames: readonly RgbFrame[], spec: WatchSpecInput, addAtMs: number): Promise<WatchFiring[]> {
  const firings: WatchFiring[] = [];
  let added = false;
  for (const frame of frames) {
    if (!added && frame.atMs >= addAtMs) {
      watches.add(spec as WatchSpec, addAtMs);
      added = true;
    }
    watches.push(source, frame);
    await watches.whenIdle();
    firings.push(...watches.take());
  }
  return firings;
}

export const RED: Rgb = [207, 34, 46];
export const GREEN: Rgb = [46, 160, 67];
export const YELLOW: Rgb = [219, 171, 9];
export const BLUE: Rgb = [31, 111, 235];
export const GREY: Rgb = [110, 118, 129];

/** Code lines with runs of the given colours, for the editor beside the CI dashboard. */
export function codeLines(colours: readonly Rgb[]): CiScreenScene['code'] {
  return Array.from({ length: 40 }, (_, i) => ({ indent: (i % 3) * 2, runs: Array.from({ length: 1 + (i % 4) }, (_, j) => ({ cells: 3 + ((i + j) % 6), colour: colours[(i + j) % colours.length] })) }));
}

export function ciScene(rows: CiScreenScene['rows'], extra: Partial<CiScreenScene> = {}): CiScreenScene {
  return { type: 'ci', dark: true, rows, code: codeLines([[190, 192, 196], [86, 156, 214], [206, 145, 120]]), scroll: null, toast: null, ...extra };
}

export function roomScene(fixture: RoomScene['fixture'], extra: Partial<RoomScene> = {}): RoomScene {
  return {
    type: 'room',
    wallTop: [170, 165, 160],
    wallBottom: [150, 145, 140],
    floor: [110, 90, 70],
    furniture: [{ box: { x: 0.05, y: 0.5, width: 0.2, height: 0.3 }, colour: [100, 80, 60] }],
    fixture,
    walker: null,
    ball: null,
    ...extra,
  };
}

export const watchSpec = (source: 'camera' | 'screen', condition: WatchSpecInput['condition'], repeat = false): WatchSpecInput => ({ source, region: null, condition, label: 'it happened', repeat });
