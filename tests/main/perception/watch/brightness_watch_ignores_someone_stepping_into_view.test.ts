// Held-out seed 70 000 058 ("let me know when the kettle's light goes on"): a person's leg, lighter than the floor, stepping in at the picture's left edge at 7 100 ms used to fire the watch before the kettle's light came on at 8 000 ms; now only the light fires, on its frame.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVisualwatchSample, type VisualwatchTruth } from '../../../../main/bench/gen/visualWatchSample';
import { openFrameSource } from '../../../../main/engine/media/frames';
import { parseWatchRequest } from '../../../../main/models/requests/watchRequest';
import { VisualWatches } from '../../../../main/perception/watch';
import type { WatchFiring, WatchSpecInput } from '../../../../common/perception';

const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'tandem-watch-walker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('brightness watch with someone walking in', () => {
  it('stays quiet while a person steps in at the edge, and fires on the frame the kettle light goes on', async () => {
    const { truth: raw } = await makeVisualwatchSample(70_000_058, 58, dir);
    const truth = raw as VisualwatchTruth;
    expect([truth.kind, truth.scene, truth.eventAtMs, truth.distractors]).toEqual(['camera_brightness', 'kettle', 8000, ['lighting_ramp', 'walker']]);
    const parsed = parseWatchRequest(truth.request.text) as { spec: WatchSpecInput };
    expect(parsed.spec.condition).toEqual({ kind: 'brightness', direction: 'on' });
    const source = openFrameSource(nodePath.join(dir, 'camera.y4m'));
    const watches = new VisualWatches();
    const firings: WatchFiring[] = [];
    try {
      let added = false;
      for (let f = 0; f < source.frameCount; f++) {
        const frame = source.frameAt(source.startMs + (f * 1000) / source.fps);
        if (!frame) throw new Error(`frame ${f} of the generated clip is missing`);
        if (!added && frame.atMs >= truth.request.atMs) {
          watches.add({ ...parsed.spec, repeat: false } as never, truth.request.atMs);
          added = true;
        }
        watches.push('camera', frame);
        firings.push(...watches.take());
      }
    } finally {
      source.close();
      await watches.dispose();
    }
    expect(firings.map((f) => f.frameAtMs)).toEqual([8000]);
    // The group is on the kettle (x 0.29–0.41, y 0.51–0.74), not at the picture's edge.
    const box = firings[0].detail.box as { x: number; y: number; width: number; height: number };
    expect(box.x).toBeGreaterThan(0.28);
    expect(box.x + box.width).toBeLessThan(0.42);
    expect(box.y).toBeGreaterThan(0.5);
  }, 60_000);
});
