// A measurement, not a check (skipped unless VISUALWATCH_FULL=1): VisualWatches on every frame of the visualwatch suite's clips, with the spec parsed from each sample's typed request; prints hit rate, detection delay and false alarms.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWatchRequest } from '../../../../main/models/requests/watchRequest';
import { openFrameSource } from '../../../../main/engine/media/frames';
import { VisualWatches } from '../../../../main/perception/watch';
import { VISUALWATCH_RESPONSE_WINDOW_MS, type VisualwatchTruth } from '../../../../main/bench/gen/visualWatchSample';
import { visualwatchSuite } from '../../../../main/bench/suites/visualwatch';
import { nearestRank } from '../../../../main/bench/gen/scoring';
import type { WatchSpecInput } from '../../../../common/perception';

const FULL = process.env.VISUALWATCH_FULL === '1';
const SIZE = (process.env.VISUALWATCH_SIZE as 'small' | 'full' | undefined) ?? 'full';
const WORK_DIR = process.env.VISUALWATCH_WORK_DIR ?? nodePath.join(process.cwd(), 'out', 'bench-work');

describe.skipIf(!FULL)('visualwatch: VisualWatches on the suite\'s frames', () => {
  it('reports hit rate, detection delay and false alarms', async () => {
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const only = process.env.VISUALWATCH_ONLY?.split(',');
    const { samples: all } = await visualwatchSuite.prepare({ size: SIZE, workDir: WORK_DIR });
    // VISUALWATCH_ONLY=camera_brightness,… measures some kinds only (text samples cost OCR time).
    const samples = all.filter((s) => !only || only.includes((s.truth as VisualwatchTruth).kind));
    const delays: number[] = [];
    const perKind = new Map<string, { events: number; hits: number; falseAlarms: number; delays: number[] }>();
    let events = 0;
    let falseAlarms = 0;
    let controlsFired = 0;
    let controls = 0;
    const judgeMs: number[] = [];
    const lines: string[] = [];
    for (const sample of samples) {
      const truth = sample.truth as VisualwatchTruth;
      const parsed = parseWatchRequest(truth.request.text);
      expect(parsed && 'spec' in parsed, truth.request.text).toBe(true);
      const spec = (parsed as { spec: WatchSpecInput }).spec;
      expect(spec.source).toBe(truth.source);
      const source = openFrameSource(nodePath.join(nodePath.dirname(sample.input), `${truth.source}.y4m`));
      const watches = new VisualWatches();
      const firings: Array<{ frameAtMs: number; seenAtMs: number }> = [];
      try {
        let added = false;
        for (let f = 0; f < source.frameCount; f++) {
          const frame = source.frameAt(source.startMs + (f * 1000) / source.fps) as NonNullable<ReturnType<typeof source.frameAt>>;
          if (!added && frame.atMs >= truth.request.atMs) {
            watches.add({ ...spec, repeat: spec.repeat ?? false } as never, truth.request.atMs);
            added = true;
          }
          const started = performance.now();
          watches.push(truth.source, frame);
          if (spec.condition.kind !== 'text') judgeMs.push(performance.now() - started);
          await watches.whenIdle();
          for (const firing of watches.take()) firings.push({ frameAtMs: firing.frameAtMs, seenAtMs: frame.atMs });
        }
      } finally {
        source.close();
        await watches.dispose();
      }
      const kind = perKind.get(truth.kind) ?? { events: 0, hits: 0, falseAlarms: 0, delays: [] };
      perKind.set(truth.kind, kind);
      if (truth.eventAtMs === null) {
        controls++;
        if (firings.length > 0) controlsFired++;
        falseAlarms += firings.length;
        kind.falseAlarms += firings.length;
      } else {
        events++;
        kind.events++;
        const T = truth.eventAtMs;
        const hit = firings.find((x) => x.frameAtMs >= T && x.seenAtMs <= T + VISUALWATCH_RESPONSE_WINDOW_MS);
        if (hit) {
          delays.push(hit.seenAtMs - T);
          kind.delays.push(hit.seenAtMs - T);
          kind.hits++;
        }
        const extra = firings.length - (hit ? 1 : 0);
        falseAlarms += extra;
        kind.falseAlarms += extra;
      }
      lines.push(`${sample.id} ${truth.kind}${truth.control ? ' (control)' : ''} T=${truth.eventAtMs} firings=${JSON.stringify(firings)} ${truth.distractors.join(',')}`);
    }
    const q = (values: number[], p: number) => nearestRank(values, p);
    console.log(lines.join('\n'));
    console.log(`visualwatch (${SIZE}, ${samples.length} samples): hit rate ${delays.length}/${events} = ${(delays.length / events).toFixed(3)}; detection delay (frame on which the watch fired − T) p50 ${q(delays, 0.5)} ms, p95 ${q(delays, 0.95)} ms, max ${q(delays, 1)} ms; false alarms ${falseAlarms}; controls with a firing ${controlsFired}/${controls}`);
    for (const [kind, k] of perKind) console.log(`  ${kind}: ${k.hits}/${k.events} hit, delay p50 ${q(k.delays, 0.5)} ms max ${q(k.delays, 1)} ms, false alarms ${k.falseAlarms}`);
    console.log(`  colour/brightness judging per frame: p50 ${q(judgeMs, 0.5)?.toFixed(3)} ms, p95 ${q(judgeMs, 0.95)?.toFixed(3)} ms, max ${q(judgeMs, 1)?.toFixed(3)} ms over ${judgeMs.length} frames`);
  }, 3_600_000);
});

describe.skipIf(!FULL)('visualwatch: cost of judging a frame on the micro-turn thread', () => {
  it('prints p50/p95/max of push() for colour and brightness watches at 320×240, 640×360 and 1920×1080', async () => {
    const { renderFrames, ciScene, roomScene, GREEN, RED } = await import('./watchClips');
    const cases = [
      { name: 'screen 320×180 colour', source: 'screen' as const, w: 320, h: 180, condition: { kind: 'colour', colour: 'red' } as const },
      { name: 'screen 640×360 colour', source: 'screen' as const, w: 640, h: 360, condition: { kind: 'colour', colour: 'red' } as const },
      { name: 'screen 1920×1080 colour', source: 'screen' as const, w: 1920, h: 1080, condition: { kind: 'colour', colour: 'red' } as const },
      { name: 'camera 320×240 brightness', source: 'camera' as const, w: 320, h: 240, condition: { kind: 'brightness', direction: 'on' } as const },
      { name: 'camera 320×240 colour', source: 'camera' as const, w: 320, h: 240, condition: { kind: 'colour', colour: 'green' } as const },
    ];
    for (const c of cases) {
      const scene = c.source === 'screen'
        ? ciScene([{ label: 'build', badge: { initial: GREEN, changes: [] } }, { label: 'lint', badge: { initial: RED, changes: [] } }], { scroll: { fromMs: 0, toMs: 100_000, linesPerS: 3 } })
        : roomScene({ kind: 'lamp', box: { x: 0.5, y: 0.25, width: 0.12, height: 0.12 }, offAtMs: null, onColour: [252, 240, 205], offColour: [150, 140, 118] }, { walker: { fromMs: 0, durationMs: 8000, leftToRight: true, colour: [100, 100, 100], heightFrac: 0.6 } });
      const frames = renderFrames(scene, { width: c.w, height: c.h, fps: 10, durationMs: c.w > 1000 ? 3000 : 8000, noiseSigma: 3 });
      const watches = new VisualWatches();
      watches.add({ source: c.source, region: null, condition: c.condition, label: 'x', repeat: true }, 0);
      const times: number[] = [];
      for (let round = 0; round < 4; round++) {
        for (const frame of frames) {
          const started = performance.now();
          watches.push(c.source, { ...frame, atMs: frame.atMs + round * 100_000 });
          if (round > 0) times.push(performance.now() - started);
        }
      }
      await watches.dispose();
      console.log(`${c.name}: push() p50 ${nearestRank(times, 0.5)?.toFixed(2)} ms, p95 ${nearestRank(times, 0.95)?.toFixed(2)} ms, max ${nearestRank(times, 1)?.toFixed(2)} ms over ${times.length} frames`);
    }
  }, 600_000);
});
