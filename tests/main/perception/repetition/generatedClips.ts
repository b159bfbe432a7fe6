// Renders repcount clips from seeds with the suite's own generator into a temp folder and reads their frames with the engine's y4m reader.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { RgbFrame } from '../../../../common/interaction';
import { makeRepcountSample, type RepcountTruth } from '../../../../main/bench/gen/repetitionVideo';
import { openY4m } from '../../../../main/engine/media/frames';

/** Tuning seeds: outside the scored block (4 000 000 – 4 999 999); sample k = seed − 40 000 000 picks the motion. */
export const TUNING_FIRST_SEED = 40_000_000;

export async function renderClip(seed: number): Promise<{ frames: RgbFrame[]; truth: RepcountTruth }> {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'tandem-repetition-'));
  try {
    const sample = await makeRepcountSample(seed, seed - TUNING_FIRST_SEED, dir);
    const source = openY4m(nodePath.join(dir, 'camera.y4m'));
    const frames: RgbFrame[] = [];
    for (let f = 0; f < source.frameCount; f++) {
      const frame = source.frameAt(source.startMs + (f * 1000) / source.fps)!;
      // The reader hands back fresh pixels per frame, but copy anyway: the test keeps every frame.
      frames.push({ ...frame, rgb: frame.rgb.slice() });
    }
    source.close();
    return { frames, truth: sample.truth as RepcountTruth };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
