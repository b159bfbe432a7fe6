// visualwatch's generated samples: byte-identical per seed, loadable by the engine, the typed request parses to a watch on the stated source whose spoken label holds the truth's keywords, and the event really happens at eventAtMs (the first frame that differs inside the event's box), never in controls.

import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchSample } from '../../../../main/bench/suite';
import { VISUALWATCH_SEED_RANGE, visualwatchSuite } from '../../../../main/bench/suites/visualwatch';
import type { VisualwatchTruth } from '../../../../main/bench/gen/visualWatchSample';
import { normalizedWords } from '../../../../main/bench/gen/spokenText';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { parseWatchRequest } from '../../../../main/models/requests/watchRequest';
import { hashTree, makeWorkDir, removeWorkDir } from './suiteFixtures';

describe('visualwatch samples', () => {
  let dirA: string;
  let dirB: string;
  let samples: BenchSample[];

  beforeAll(async () => {
    dirA = makeWorkDir('visualwatch-a');
    dirB = makeWorkDir('visualwatch-b');
    samples = (await visualwatchSuite.prepare({ size: 'small', workDir: dirA })).samples;
    await visualwatchSuite.prepare({ size: 'small', workDir: dirB });
  }, 120_000);
  afterAll(() => {
    removeWorkDir(dirA);
    removeWorkDir(dirB);
  });

  it('are byte-identical when made again from the same seeds; kinds cycle and one in five is a control', () => {
    expect(samples.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5].map((k) => VISUALWATCH_SEED_RANGE.first + k));
    for (const sample of samples) expect(hashTree(nodePath.join(dirB, sample.id))).toEqual(hashTree(nodePath.join(dirA, sample.id)));
    const truths = samples.map((s) => s.truth as VisualwatchTruth);
    expect(truths.map((t) => t.kind)).toEqual(['screen_colour', 'screen_text', 'camera_brightness', 'camera_colour', 'screen_colour', 'screen_text']);
    expect(truths.map((t) => t.control)).toEqual([false, false, false, false, true, false]);
  });

  it('hold a request that parses to a watch on the right source, typed 0.5–2 s in, and the event (if any) at a frame time at least 2 s later', async () => {
    for (const sample of samples) {
      const truth = sample.truth as VisualwatchTruth;
      const parsed = parseWatchRequest(truth.request.text);
      expect(parsed && 'spec' in parsed ? parsed.spec.source : parsed, truth.request.text).toBe(truth.source);
      const label = normalizedWords((parsed as { spec: { label: string } }).spec.label);
      for (const keyword of truth.content.keywords) expect(label, truth.request.text).toContain(keyword);
      expect(truth.request.atMs).toBeGreaterThanOrEqual(500);
      expect(truth.request.atMs).toBeLessThanOrEqual(2000);
      const scenario = await loadScenario(sample.input);
      try {
        expect(scenario.text).toEqual([truth.request]);
        expect(scenario.durationMs).toBe(truth.durationMs);
        const stream = truth.source === 'camera' ? scenario.camera : scenario.screen;
        expect(stream?.frameCount).toBe(truth.frames);
        expect([stream?.width, stream?.height, stream?.fps]).toEqual([truth.width, truth.height, truth.fps]);
        if (truth.eventAtMs !== null) {
          expect(truth.eventAtMs - truth.request.atMs).toBeGreaterThanOrEqual(2000);
          expect(Number.isInteger((truth.eventAtMs * truth.fps) / 1000)).toBe(true);
          expect(truth.durationMs).toBeGreaterThanOrEqual(truth.eventAtMs + 5000);
        }
      } finally {
        scenario.camera?.close();
        scenario.screen?.close();
      }
    }
  });

  it('show the event inside its box on the stated frame and not before (colour and brightness samples)', async () => {
    for (const sample of samples) {
      const truth = sample.truth as VisualwatchTruth;
      if (truth.eventAtMs === null || truth.eventBox === null) continue;
      const scenario = await loadScenario(sample.input);
      const stream = (truth.source === 'camera' ? scenario.camera : scenario.screen)!;
      try {
        const frameMs = 1000 / truth.fps;
        // Mean over the event's box of the summed absolute RGB difference between the frames at two times.
        const change = (fromMs: number, toMs: number) => {
          const f0 = stream.frameAt(fromMs)!;
          const f1 = stream.frameAt(toMs)!;
          const b = truth.eventBox!;
          let sum = 0;
          let n = 0;
          for (let y = Math.ceil(b.y * f1.height) + 1; y < Math.floor((b.y + b.height) * f1.height) - 1; y++) {
            for (let x = Math.ceil(b.x * f1.width) + 1; x < Math.floor((b.x + b.width) * f1.width) - 1; x++) {
              const p = (y * f1.width + x) * 3;
              sum += Math.abs(f1.rgb[p] - f0.rgb[p]) + Math.abs(f1.rgb[p + 1] - f0.rgb[p + 1]) + Math.abs(f1.rgb[p + 2] - f0.rgb[p + 2]);
              n++;
            }
          }
          return sum / n;
        };
        // The box changes a lot on the event frame, and much less in the frame before (noise, lighting ramps, a passer-by).
        const atEvent = change(truth.eventAtMs - frameMs, truth.eventAtMs);
        const before = change(truth.eventAtMs - 2 * frameMs, truth.eventAtMs - frameMs);
        expect(atEvent, sample.id).toBeGreaterThan(40);
        expect(before, sample.id).toBeLessThan(atEvent / 3);
      } finally {
        stream.close();
      }
    }
  });
});
