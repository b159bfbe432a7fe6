// A measurement, not a check (skipped unless VISUALWATCH_FULL=1): VisualWatches on every frame of the visualwatch suite's clips (or of held-out seeds, VISUALWATCH_SEEDS=FIRST:COUNT), with the spec parsed from each sample's typed request; prints hit rate, detection delay and false firings per kind.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWatchRequest } from '../../../../main/models/requests/watchRequest';
import { openFrameSource } from '../../../../main/engine/media/frames';
import { VisualWatches } from '../../../../main/perception/watch';
import { VISUALWATCH_RESPONSE_WINDOW_MS, makeVisualwatchSample, visualwatchDesign, type VisualwatchTruth } from '../../../../main/bench/gen/visualWatchSample';
import { visualwatchSuite } from '../../../../main/bench/suites/visualwatch';
import { nearestRank } from '../../../../main/bench/gen/scoring';
import type { WatchSpecInput } from '../../../../common/perception';

const FULL = process.env.VISUALWATCH_FULL === '1';
const SIZE = (process.env.VISUALWATCH_SIZE as 'small' | 'full' | undefined) ?? 'full';
const WORK_DIR = process.env.VISUALWATCH_WORK_DIR ?? nodePath.join(process.cwd(), 'out', 'bench-work');
/** FIRST:COUNT — seeds FIRST … FIRST+COUNT−1 with design cells k = 0 … COUNT−1 (the same kinds and controls as the suite), outside the suite's seed block. */
const SEEDS = process.env.VISUALWATCH_SEEDS;

interface MeasuredSample {
  id: string;
  /** The folder holding the clip (`screen.y4m` or `camera.y4m`). */
  dir: string;
  truth: VisualwatchTruth;
}

/** The suite's own samples, or clips of other seeds generated once into the work folder (truth.json beside the clip marks a finished one). */
async function samplesToMeasure(only: string[] | undefined): Promise<MeasuredSample[]> {
  if (!SEEDS) {
    const { samples } = await visualwatchSuite.prepare({ size: SIZE, workDir: WORK_DIR });
    return samples
      .map((s) => ({ id: s.id, dir: nodePath.dirname(s.input), truth: s.truth as VisualwatchTruth }))
      .filter((s) => !only || only.includes(s.truth.kind));
  }
  const match = /^(\d+):(\d+)$/.exec(SEEDS);
  if (!match) throw new Error(`VISUALWATCH_SEEDS must be FIRST:COUNT (e.g. 70000000:120), not "${SEEDS}"`);
  const first = Number(match[1]);
  const out: MeasuredSample[] = [];
  for (let k = 0; k < Number(match[2]); k++) {
    // Kinds not asked for are not even generated (a text clip takes seconds to draw).
    if (only && !only.includes(visualwatchDesign(k).kind)) continue;
    const seed = first + k;
    const dir = nodePath.join(WORK_DIR, 'visualwatch-seeds', String(seed));
    const truthPath = nodePath.join(dir, 'truth.json');
    if (!fs.existsSync(truthPath)) {
      fs.mkdirSync(dir, { recursive: true });
      const made = await makeVisualwatchSample(seed, k, dir);
      fs.writeFileSync(truthPath, JSON.stringify(made.truth));
    }
    out.push({ id: `seed-${seed}`, dir, truth: JSON.parse(fs.readFileSync(truthPath, 'utf8')) as VisualwatchTruth });
  }
  return out;
}

describe.skipIf(!FULL)('visualwatch: VisualWatches on the suite\'s frames', () => {
  it('reports hit rate, detection delay and false alarms', async () => {
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const only = process.env.VISUALWATCH_ONLY?.split(',');
    // VISUALWATCH_ONLY=camera_brightness,… measures some kinds only (text samples cost OCR time).
    const samples = await samplesToMeasure(only);
    const delays: number[] = [];
    const perKind = new Map<string, { events: number; hits: number; falseAlarms: number; delays: number[]; controls: number; controlsFired: number; controlFirings: number }>();
    let events = 0;
    let falseAlarms = 0;
    let controlsFired = 0;
    let controls = 0;
    const judgeMs: number[] = [];
    const lines: string[] = [];
    for (const sample of samples) {
      const truth = sample.truth;
      const parsed = parseWatchRequest(truth.request.text);
      expect(parsed && 'spec' in parsed, truth.request.text).toBe(true);
      const spec = (parsed as { spec: WatchSpecInput }).spec;
      expect(spec.source).toBe(truth.source);
      const source = openFrameSource(nodePath.join(sample.dir, `${truth.source}.y4m`));
      const watches = new VisualWatches();
      const firings: Array<{ frameAtMs: number; seenAtMs: number; detail: Record<string, unknown> }> = [];
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
          for (const firing of watches.take()) firings.push({ frameAtMs: firing.frameAtMs, seenAtMs: frame.atMs, detail: firing.detail });
        }
      } finally {
        source.close();
        await watches.dispose();
      }
      const kind = perKind.get(truth.kind) ?? { events: 0, hits: 0, falseAlarms: 0, delays: [], controls: 0, controlsFired: 0, controlFirings: 0 };
      perKind.set(truth.kind, kind);
      let verdict: string;
      if (truth.eventAtMs === null) {
        controls++;
        kind.controls++;
        if (firings.length > 0) {
          controlsFired++;
          kind.controlsFired++;
        }
        falseAlarms += firings.length;
        kind.falseAlarms += firings.length;
        kind.controlFirings += firings.length;
        verdict = firings.length > 0 ? 'CONTROL FIRED' : 'ok';
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
        verdict = `${hit ? 'hit' : 'MISSED'}${extra > 0 ? ` FALSE×${extra}` : ''}`;
      }
      lines.push(`${sample.id} ${truth.kind}${truth.control ? ' (control)' : ''} ${verdict} T=${truth.eventAtMs} firings=${JSON.stringify(firings)} ${truth.distractors.join(',')}`);
    }
    const q = (values: number[], p: number) => nearestRank(values, p);
    console.log(lines.join('\n'));
    console.log(`visualwatch (${SEEDS ? `seeds ${SEEDS}` : SIZE}, ${samples.length} samples): hit rate ${delays.length}/${events} = ${(delays.length / events).toFixed(3)}; detection delay (frame on which the watch fired − T) p50 ${q(delays, 0.5)} ms, p95 ${q(delays, 0.95)} ms, max ${q(delays, 1)} ms; false alarms ${falseAlarms}; controls with a firing ${controlsFired}/${controls}`);
    for (const [kind, k] of perKind) {
      console.log(`  ${kind}: ${k.hits}/${k.events} hit, delay p50 ${q(k.delays, 0.5)} / p95 ${q(k.delays, 0.95)} / max ${q(k.delays, 1)} ms, false firings ${k.falseAlarms} (${k.controlFirings} of them in controls; ${k.controlsFired}/${k.controls} controls fired)`);
    }
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
