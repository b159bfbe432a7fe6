// PNG sequences (folders sorted naturally, or %04d patterns) are decoded lazily to RGB at a given fps; bad or mismatched frames are named.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PNG, type ColorType } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFrameSource, openPngSequence } from '../../../../main/engine/media/frames';
import { expectTandemError, makeTempDir, removeTempDir } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('png-seq');
});
afterAll(() => removeTempDir(dir));

/** Writes a PNG filled with one RGBA colour, stored with the given PNG colour type. */
function writePng(file: string, width: number, height: number, rgba: [number, number, number, number], colorType: ColorType = 6): void {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  fs.mkdirSync(nodePath.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png, { colorType }));
}

/** A grey level that encodes the frame number, so tests can tell frames apart. */
function level(frame: number): number {
  return 10 * frame;
}

describe('PNG sequence frame source', () => {
  it('a printf pattern: frames by number, times from fps, RGB from RGBA', () => {
    const folder = nodePath.join(dir, 'pattern');
    for (let n = 1; n <= 12; n++) writePng(nodePath.join(folder, `${String(n).padStart(4, '0')}.png`), 8, 6, [level(n), 0, 255 - level(n), 255]);
    fs.writeFileSync(nodePath.join(folder, 'notes.txt'), 'not a frame');
    writePng(nodePath.join(folder, '13.png'), 8, 6, [1, 2, 3, 255]); // not %04d: ignored

    const frames = openPngSequence(nodePath.join(folder, '%04d.png'), { fps: 4 });

    expect(frames.kind).toBe('png-sequence');
    expect([frames.width, frames.height, frames.fps, frames.frameCount, frames.durationMs]).toEqual([8, 6, 4, 12, 3000]);
    expect(frames.frameAt(-10)).toBeNull();
    const third = frames.frameAt(500)!; // 500 ms at 4 fps → frame 2 (0001.png is frame 0)
    expect(third).toMatchObject({ frameIndex: 2, atMs: 500, width: 8, height: 6 });
    expect(third.rgb.length).toBe(8 * 6 * 3);
    expect(Array.from(third.rgb.subarray(0, 3))).toEqual([level(3), 0, 255 - level(3)]);
    expect(frames.frameAt(749)).toBe(third);
    expect(frames.frameAt(10_000)?.frameIndex).toBe(11);
    expect(frames.files.map((file) => nodePath.basename(file))[11]).toBe('0012.png');
    frames.close();
  });

  it('a folder sorts naturally (frame2 before frame10) and honours startMs', () => {
    const folder = nodePath.join(dir, 'natural');
    for (const n of [1, 2, 10, 11, 3]) writePng(nodePath.join(folder, `frame${n}.png`), 4, 4, [level(n), level(n), level(n), 255]);

    const frames = openFrameSource(folder, { fps: 2, startMs: 1000 });

    expect(frames.files.map((file) => nodePath.basename(file))).toEqual(['frame1.png', 'frame2.png', 'frame3.png', 'frame10.png', 'frame11.png']);
    expect(frames.frameAt(999)).toBeNull();
    expect(frames.frameAt(2500)?.rgb[0]).toBe(level(10)); // (2500 − 1000) ms at 2 fps → index 3
    frames.close();
  });

  it('greyscale, grey+alpha and transparent pixels become RGB (alpha composited on black)', () => {
    const folder = nodePath.join(dir, 'kinds');
    writePng(nodePath.join(folder, 'a0.png'), 2, 2, [90, 90, 90, 255], 0);
    writePng(nodePath.join(folder, 'a1.png'), 2, 2, [200, 200, 200, 128], 4);
    writePng(nodePath.join(folder, 'a2.png'), 2, 2, [255, 100, 0, 0], 6);

    const frames = openFrameSource(folder, { fps: 1 });
    expect(Array.from(frames.frameAt(0)!.rgb.subarray(0, 3))).toEqual([90, 90, 90]);
    expect(Array.from(frames.frameAt(1000)!.rgb.subarray(0, 3))).toEqual([100, 100, 100]);
    expect(Array.from(frames.frameAt(2000)!.rgb.subarray(0, 3))).toEqual([0, 0, 0]);
    frames.close();
  });

  it('a frame of another size is MEDIA_INVALID naming that file, when the sequence is opened', () => {
    const folder = nodePath.join(dir, 'sizes');
    writePng(nodePath.join(folder, 'f001.png'), 8, 6, [0, 0, 0, 255]);
    writePng(nodePath.join(folder, 'f002.png'), 8, 6, [0, 0, 0, 255]);
    writePng(nodePath.join(folder, 'f003.png'), 6, 8, [0, 0, 0, 255]);

    const error = expectTandemError(() => openPngSequence(nodePath.join(folder, 'f%03d.png')), 'MEDIA_INVALID', ['Frame 2', '6×8', '8×6', 'f003.png']);
    expect(error.where).toBe(nodePath.join(folder, 'f003.png'));
  });

  it('a corrupt frame is MEDIA_INVALID naming the file and frame index when it is reached', () => {
    const folder = nodePath.join(dir, 'corrupt');
    writePng(nodePath.join(folder, '1.png'), 8, 6, [0, 0, 0, 255]);
    writePng(nodePath.join(folder, '2.png'), 8, 6, [0, 0, 0, 255]);
    const damaged = nodePath.join(folder, '2.png');
    const bytes = Buffer.from(fs.readFileSync(damaged));
    bytes.fill(0x55, 40, bytes.length - 12); // keep the header, ruin the image data
    fs.writeFileSync(damaged, bytes);

    const frames = openPngSequence(nodePath.join(folder, '%d.png'), { fps: 5 });
    expect(frames.frameAt(0)?.frameIndex).toBe(0);
    const error = expectTandemError(() => frames.frameAt(200), 'MEDIA_INVALID', ['Frame 1', 'could not be decoded']);
    expect(error.where).toBe(damaged);
    frames.close();
  });

  it('a file that is not a PNG is named', () => {
    const folder = nodePath.join(dir, 'impostor');
    writePng(nodePath.join(folder, '1.png'), 4, 4, [0, 0, 0, 255]);
    fs.writeFileSync(nodePath.join(folder, '2.png'), 'GIF89a not really');
    expectTandemError(() => openFrameSource(folder), 'MEDIA_INVALID', ['Frame 1 is not a PNG', '2.png']);
  });

  it('a gap in a numbered pattern is MEDIA_INVALID naming the missing frame', () => {
    const folder = nodePath.join(dir, 'gap');
    for (const n of [0, 1, 2, 4]) writePng(nodePath.join(folder, `shot_${String(n).padStart(3, '0')}.png`), 4, 4, [0, 0, 0, 255]);
    expectTandemError(() => openPngSequence(nodePath.join(folder, 'shot_%03d.png')), 'MEDIA_INVALID', ['shot_003.png is missing']);
  });

  it('nothing to read is INPUT_NOT_FOUND; a bad fps is a usage error', () => {
    const empty = nodePath.join(dir, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    expectTandemError(() => openFrameSource(empty), 'INPUT_NOT_FOUND', ['no .png files', empty]);
    expectTandemError(() => openPngSequence(nodePath.join(empty, '%04d.png')), 'INPUT_NOT_FOUND', ['No files match', '%04d.png']);
    expectTandemError(() => openPngSequence(nodePath.join(dir, 'nowhere', '%04d.png')), 'INPUT_NOT_FOUND', ['does not exist']);
    expectTandemError(() => openPngSequence(nodePath.join(dir, 'pattern'), { fps: 0 }), 'USAGE', ['fps']);
  });
});
