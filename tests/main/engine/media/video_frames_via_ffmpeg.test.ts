// An mp4/webm is converted once by ffmpeg to a small y4m (fps, max width) and read like one; temp files go on close; missing or failing ffmpeg is reported.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFrameSource, openVideo } from '../../../../main/engine/media/frames';
import { expectTandemError, ffmpeg, makeTempDir, removeTempDir } from './mediaFixtures';

let dir: string;
let tempRoot: string;
let mp4: string;
beforeAll(() => {
  dir = makeTempDir('video');
  tempRoot = nodePath.join(dir, 'conversions');
  fs.mkdirSync(tempRoot);
  mp4 = nodePath.join(dir, 'colours.mp4');
  // 1 s red, then 1 s blue, 640×480 at 25 fps.
  ffmpeg(
    '-f', 'lavfi', '-i', 'color=c=red:size=640x480:rate=25:duration=1',
    '-f', 'lavfi', '-i', 'color=c=blue:size=640x480:rate=25:duration=1',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', mp4,
  );
});
afterAll(() => removeTempDir(dir));

function pixel(rgb: Uint8Array, width: number, x: number, y: number): number[] {
  const at = (y * width + x) * 3;
  return Array.from(rgb.subarray(at, at + 3));
}

describe('video frame source (through ffmpeg)', () => {
  it('samples at 5 fps, downscales to 320 wide keeping the aspect ratio, and decodes the colours', () => {
    const frames = openFrameSource(mp4, { tempRoot });

    expect(frames.kind).toBe('video');
    expect(frames.path).toBe(mp4);
    expect([frames.width, frames.height, frames.fps, frames.frameCount, frames.durationMs]).toEqual([320, 240, 5, 10, 2000]);
    const red = pixel(frames.frameAt(400)!.rgb, 320, 160, 120);
    const blue = pixel(frames.frameAt(1600)!.rgb, 320, 160, 120);
    expect(red[0]).toBeGreaterThan(230);
    expect(red[2]).toBeLessThan(25);
    expect(blue[2]).toBeGreaterThan(230);
    expect(blue[0]).toBeLessThan(25);
    frames.close();
  });

  it('honours fps, maxWidth and startMs, and never upscales', () => {
    const frames = openVideo(mp4, { fps: 2, maxWidth: 160, startMs: 500, tempRoot });
    expect([frames.width, frames.height, frames.frameCount]).toEqual([160, 120, 4]);
    expect(frames.frameAt(499)).toBeNull();
    expect(frames.frameAt(1000)?.frameIndex).toBe(1);
    frames.close();

    const small = nodePath.join(dir, 'small.webm');
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=10', '-t', '1', '-c:v', 'libvpx', small);
    const smallFrames = openVideo(small, { tempRoot });
    expect([smallFrames.width, smallFrames.height]).toEqual([96, 64]);
    smallFrames.close();
  });

  it('keeps its converted y4m in a temp folder only while open', () => {
    const frames = openVideo(mp4, { tempRoot });
    const during = fs.readdirSync(tempRoot);
    expect(during).toHaveLength(1);
    expect(fs.readdirSync(nodePath.join(tempRoot, during[0]))).toEqual(['frames.y4m']);
    frames.close();
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it('missing ffmpeg is MEDIA_TOOL_MISSING saying how to install it', () => {
    const error = expectTandemError(() => openVideo(mp4, { ffmpegPath: nodePath.join(dir, 'no-ffmpeg-here'), tempRoot }), 'MEDIA_TOOL_MISSING', ['no-ffmpeg-here', mp4]);
    expect(error.hint).toContain('apt-get install ffmpeg');
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it('a file ffmpeg cannot read is MEDIA_INVALID with the tail of its stderr', () => {
    const broken = nodePath.join(dir, 'broken.mp4');
    fs.writeFileSync(broken, Buffer.alloc(4096, 7));
    const error = expectTandemError(() => openVideo(broken, { tempRoot }), 'MEDIA_INVALID', ['ffmpeg could not convert', 'Invalid data', broken]);
    expect(error.where).toBe(broken);
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it('an audio-only file says it has no video stream', () => {
    const audioOnly = nodePath.join(dir, 'voice.m4a');
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', audioOnly);
    expectTandemError(() => openVideo(audioOnly, { tempRoot }), 'MEDIA_INVALID', ['no video stream', audioOnly]);
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it('a missing video is INPUT_NOT_FOUND', () => {
    expectTandemError(() => openFrameSource(nodePath.join(dir, 'nope.mp4')), 'INPUT_NOT_FOUND', ['nope.mp4']);
  });
});
