// "Anything periodic", from a clip our generator did not make: ffmpeg draws a box orbiting on an ellipse, encodes it as H.264 mp4, and the engine's video reader converts it back (at 5 and 10 fps).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import { openFrameSource } from '../../../../main/engine/media/frames';
import { RepetitionCounter } from '../../../../main/perception/repetition';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
const PERIOD_S = 1.5;

/** An orange box orbiting once per period on an ellipse (x = cos, y = sin of time) over a grey room with a bench. */
function makeOrbitVideo(path: string, periodS: number, seconds: number): void {
  const w = `2*PI*t/${periodS}`;
  // overlay evaluates its position for every frame (drawbox's x and y do not follow t).
  const graph = `[0]drawbox=x=60:y=170:w=200:h=30:color=0x303840:t=fill[room];[room][1]overlay=x='130+50*cos(${w})':y='80-30*sin(${w})':shortest=1`;
  const result = spawnSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x5a6070:s=320x240:r=25:d=${seconds}`,
    '-f', 'lavfi', '-i', `color=c=0xe07020:s=60x60:r=25:d=${seconds}`,
    '-filter_complex', graph, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path,
  ]);
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
}

function readAll(path: string, fps: number): RgbFrame[] {
  const source = openFrameSource(path, { fps });
  try {
    return Array.from({ length: source.frameCount }, (_, f) => {
      const frame = source.frameAt(source.startMs + (f * 1000) / source.fps)!;
      return { ...frame, rgb: frame.rgb.slice() };
    });
  } finally {
    source.close();
  }
}

describe.skipIf(!hasFfmpeg)('RepetitionCounter on an ffmpeg-made video', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'tandem-orbit-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // 5 fps is what the live app sends at most; files are read faster.
  it.each([5, 10])('counts each orbit of a box once, on the frame the orbit closes (converted at %i fps)', (fps) => {
    const path = nodePath.join(dir, 'orbit.mp4');
    if (!fs.existsSync(path)) makeOrbitVideo(path, PERIOD_S, 12.5);
    const frames = readAll(path, fps);
    expect(frames[0].width).toBe(320);
    const counter = new RepetitionCounter();
    const events = frames.flatMap((frame) => counter.push(frame));
    expect(counter.count).toBe(8);
    expect(events.map((e) => e.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The orbits done before the cells agreed on the period come together; each later one is recognised
    // within 200 ms of its end at k·1.5 s.
    const atLock = events.filter((e) => e.detectedAtMs === events[0].detectedAtMs).length;
    expect(events[0].detectedAtMs).toBeLessThanOrEqual(5000);
    for (const event of events.slice(atLock)) {
      expect(Math.abs(event.detectedAtMs - event.count * PERIOD_S * 1000)).toBeLessThanOrEqual(200);
    }
    for (const event of events) {
      expect(event.periodMs).toBeGreaterThanOrEqual(1200);
      expect(event.periodMs).toBeLessThanOrEqual(1800);
    }
  });
});
