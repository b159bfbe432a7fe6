// A y4m file gives the latest frame at or before any media time, decoded to the same RGB that ffmpeg produces.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFrameSource, openY4m } from '../../../../main/engine/media/frames';
import { ffmpeg, makeTempDir, removeTempDir } from './mediaFixtures';

let dir: string;
let y4m: string;
let reference: Buffer;
const WIDTH = 64;
const HEIGHT = 48;
const FRAME_RGB_BYTES = WIDTH * HEIGHT * 3;

beforeAll(() => {
  dir = makeTempDir('y4m-time');
  y4m = nodePath.join(dir, 'testsrc.y4m');
  // testsrc draws a frame counter and moving gradients, so every frame differs.
  ffmpeg('-f', 'lavfi', '-i', `testsrc=size=${WIDTH}x${HEIGHT}:rate=10`, '-t', '2', '-pix_fmt', 'yuv420p', y4m);
  const rgb = nodePath.join(dir, 'reference.rgb');
  // ffmpeg's own conversion as the reference; point-sampled chroma like ours so edges compare too.
  ffmpeg('-i', y4m, '-sws_flags', 'neighbor+accurate_rnd+full_chroma_int', '-f', 'rawvideo', '-pix_fmt', 'rgb24', rgb);
  reference = fs.readFileSync(rgb);
});
afterAll(() => removeTempDir(dir));

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('y4m frame source', () => {
  it('reads the header: size, rate, count, duration', () => {
    const frames = openY4m(y4m);
    expect(frames.kind).toBe('y4m');
    expect([frames.width, frames.height, frames.fps, frames.frameCount, frames.durationMs]).toEqual([WIDTH, HEIGHT, 10, 20, 2000]);
    expect(frames.files).toEqual([y4m]);
    frames.close();
  });

  it('returns the latest frame whose time is ≤ the media time', () => {
    const frames = openY4m(y4m);
    expect(frames.frameAt(0)?.frameIndex).toBe(0);
    expect(frames.frameAt(99.9)?.frameIndex).toBe(0);
    expect(frames.frameAt(100)?.frameIndex).toBe(1);
    expect(frames.frameAt(1250)?.frameIndex).toBe(12);
    expect(frames.frameAt(1250)?.atMs).toBe(1200);
    // After the end the last frame stays.
    expect(frames.frameAt(60_000)?.frameIndex).toBe(19);
    expect(frames.frameAt(-1)).toBeNull();
    frames.close();
  });

  it('shifts every frame by startMs and is null before the first one', () => {
    const frames = openY4m(y4m, { startMs: 3000 });
    expect(frames.frameAt(2999)).toBeNull();
    expect(frames.frameAt(3000)?.frameIndex).toBe(0);
    expect(frames.frameAt(3350)).toMatchObject({ frameIndex: 3, atMs: 3300 });
    frames.close();
  });

  it('decodes each frame to the RGB ffmpeg gets, in random order', () => {
    const frames = openY4m(y4m);
    for (const index of [7, 0, 19, 3]) {
      const frame = frames.frameAt(index * 100)!;
      expect(frame.width).toBe(WIDTH);
      expect(frame.height).toBe(HEIGHT);
      expect(frame.rgb.length).toBe(FRAME_RGB_BYTES);
      const expected = reference.subarray(index * FRAME_RGB_BYTES, (index + 1) * FRAME_RGB_BYTES);
      expect(meanAbsDiff(frame.rgb, expected)).toBeLessThan(0.5);
    }
    // Different frames really differ (the reader does not return one frame for every time).
    expect(meanAbsDiff(frames.frameAt(0)!.rgb, frames.frameAt(1900)!.rgb)).toBeGreaterThan(5);
    frames.close();
  });

  it('returns the same decoded frame object while the time stays on that frame', () => {
    const frames = openY4m(y4m);
    const first = frames.frameAt(500);
    expect(frames.frameAt(550)).toBe(first);
    expect(frames.frameAt(600)).not.toBe(first);
    frames.close();
  });

  it('openFrameSource picks the y4m reader from the extension', () => {
    const frames = openFrameSource(y4m);
    expect(frames.kind).toBe('y4m');
    frames.close();
  });
});
