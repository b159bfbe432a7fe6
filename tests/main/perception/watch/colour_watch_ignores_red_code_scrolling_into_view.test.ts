// Held-out seed 70 000 000 ("alert me when the build turns red"): a red string of the editor scrolling into view at 4 000 ms used to fire the watch a second before the build badge turned red; now only the badge fires, on its frame.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVisualwatchSample, type VisualwatchTruth } from '../../../../main/bench/gen/visualWatchSample';
import { openFrameSource } from '../../../../main/engine/media/frames';
import { parseWatchRequest } from '../../../../main/models/requests/watchRequest';
import { VisualWatches } from '../../../../main/perception/watch';
import type { WatchFiring, WatchSpecInput } from '../../../../common/perception';

const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'tandem-watch-scroll-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('colour watch on a scrolling editor', () => {
  it('stays quiet while red code scrolls in, and fires on the frame the build badge turns red', async () => {
    const { truth: raw } = await makeVisualwatchSample(70_000_000, 0, dir);
    const truth = raw as VisualwatchTruth;
    // The clip is the one the failure was seen on: the red badge is already there, the editor scrolls, the event is at 5 000 ms.
    expect([truth.kind, truth.eventAtMs, truth.distractors]).toEqual(['screen_colour', 5000, ['red_already_there', 'scrolling', 'toast_blue@9000']]);
    const parsed = parseWatchRequest(truth.request.text) as { spec: WatchSpecInput };
    expect(parsed.spec.condition).toEqual({ kind: 'colour', colour: 'red' });
    const source = openFrameSource(nodePath.join(dir, 'screen.y4m'));
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
        watches.push('screen', frame);
        firings.push(...watches.take());
      }
    } finally {
      source.close();
      await watches.dispose();
    }
    expect(firings.map((f) => f.frameAtMs)).toEqual([5000]);
    // It is the build badge (x 0.84, y 0.28), not the editor (x 0.2–0.68).
    const box = firings[0].detail.box as { x: number; y: number };
    expect(box.x).toBeGreaterThan(0.82);
    expect(Math.abs(box.y - 0.28)).toBeLessThan(0.02);
  }, 60_000);
});
