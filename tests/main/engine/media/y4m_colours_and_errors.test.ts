// Solid colours decode to their RGB in every supported y4m layout and range; unsupported or damaged y4m files are rejected by name and frame.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openY4m } from '../../../../main/engine/media/frames';
import { expectTandemError, ffmpeg, makeTempDir, removeTempDir } from './mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('y4m-colours');
});
afterAll(() => removeTempDir(dir));

function solidY4m(name: string, colour: string, pixFmt: string, extra: string[] = []): string {
  const file = nodePath.join(dir, `${name}.y4m`);
  ffmpeg('-f', 'lavfi', '-i', `color=c=${colour}:size=32x16:rate=5`, '-t', '1', '-pix_fmt', pixFmt, ...extra, '-strict', '-1', file);
  return file;
}

function centrePixel(file: string): number[] {
  const frames = openY4m(file);
  const frame = frames.frameAt(0)!;
  const at = (8 * frame.width + 16) * 3;
  const pixel = Array.from(frame.rgb.subarray(at, at + 3));
  frames.close();
  return pixel;
}

function expectColour(actual: number[], expected: number[], tolerance = 3): void {
  for (let c = 0; c < 3; c++) expect(Math.abs(actual[c] - expected[c]), `channel ${c} of ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

const colours: Array<[string, number[]]> = [
  ['red', [255, 0, 0]],
  ['lime', [0, 255, 0]],
  ['blue', [0, 0, 255]],
  ['white', [255, 255, 255]],
  ['black', [0, 0, 0]],
  ['0x808040', [128, 128, 64]],
];

describe('y4m colour conversion (BT.601)', () => {
  for (const [colour, rgb] of colours) {
    it(`${colour} in 4:2:0 limited range (the default)`, () => {
      const file = solidY4m(`${colour}_420`, colour, 'yuv420p');
      expect(fs.readFileSync(file).toString('latin1', 0, 80)).not.toContain('XCOLORRANGE=FULL');
      expectColour(centrePixel(file), rgb);
    });
  }

  it('full range (yuvj420p, XCOLORRANGE=FULL)', () => {
    const file = solidY4m('red_full', 'red', 'yuvj420p');
    expect(fs.readFileSync(file).toString('latin1', 0, 80)).toContain('XCOLORRANGE=FULL');
    expectColour(centrePixel(file), [255, 0, 0]);
    expectColour(centrePixel(solidY4m('olive_full', '0x808040', 'yuvj420p')), [128, 128, 64]);
  });

  it('a header without a range tag is read as limited range', () => {
    const tagged = solidY4m('olive_tagged', '0x808040', 'yuv420p');
    const bytes = fs.readFileSync(tagged);
    const headerEnd = bytes.indexOf(0x0a);
    const header = bytes.toString('latin1', 0, headerEnd).replace(' XCOLORRANGE=LIMITED', '');
    const untagged = nodePath.join(dir, 'olive_untagged.y4m');
    fs.writeFileSync(untagged, Buffer.concat([Buffer.from(header, 'latin1'), bytes.subarray(headerEnd)]));
    expectColour(centrePixel(untagged), [128, 128, 64]);
  });

  it('4:4:4, 4:2:2 and mono layouts', () => {
    expectColour(centrePixel(solidY4m('olive_444', '0x808040', 'yuv444p')), [128, 128, 64]);
    expectColour(centrePixel(solidY4m('olive_422', '0x808040', 'yuv422p')), [128, 128, 64]);
    expectColour(centrePixel(solidY4m('grey_mono', '0x808080', 'gray')), [128, 128, 128]);
  });

  it('keeps colour detail in 4:4:4: a one-pixel-wide stripe keeps its colour', () => {
    const file = nodePath.join(dir, 'stripe_444.y4m');
    ffmpeg('-f', 'lavfi', '-i', 'color=c=blue:size=32x16:rate=5', '-vf', 'format=yuv444p,drawbox=x=5:y=0:w=1:h=16:color=red:t=fill', '-t', '0.2', '-pix_fmt', 'yuv444p', file);
    const frames = openY4m(file);
    const frame = frames.frameAt(0)!;
    expectColour(Array.from(frame.rgb.subarray(5 * 3, 5 * 3 + 3)), [255, 0, 0], 6);
    expectColour(Array.from(frame.rgb.subarray(6 * 3, 6 * 3 + 3)), [0, 0, 255], 6);
    frames.close();
  });
});

describe('y4m files that cannot be read', () => {
  it('a 10-bit layout is rejected listing the supported ones and how to convert', () => {
    const file = solidY4m('deep', 'red', 'yuv420p10le');
    const error = expectTandemError(() => openY4m(file), 'MEDIA_INVALID', ['C420p10', '420jpeg', '444', file]);
    expect(error.hint).toContain('-pix_fmt yuv420p');
  });

  it('a file that is not y4m is rejected', () => {
    const file = nodePath.join(dir, 'fake.y4m');
    fs.writeFileSync(file, 'not a video at all\n');
    expectTandemError(() => openY4m(file), 'MEDIA_INVALID', ['Not a YUV4MPEG2', file]);
  });

  it('a missing file is INPUT_NOT_FOUND', () => {
    expectTandemError(() => openY4m(nodePath.join(dir, 'missing.y4m')), 'INPUT_NOT_FOUND', ['missing.y4m']);
  });

  it('a corrupt frame is MEDIA_INVALID naming the file and the frame index, other frames still read', () => {
    const file = solidY4m('corrupt', 'red', 'yuv420p');
    const bytes = Buffer.from(fs.readFileSync(file));
    const headerBytes = bytes.indexOf(0x0a) + 1;
    const stride = 6 + 32 * 16 * 1.5; // "FRAME\n" + 4:2:0 planes
    bytes.write('XXXXX', headerBytes + 3 * stride, 'latin1');
    fs.writeFileSync(file, bytes);

    const frames = openY4m(file);
    expect(frames.frameCount).toBe(5);
    expectTandemError(() => frames.frameAt(600), 'MEDIA_INVALID', ['Frame 3', 'corrupt', file]);
    expect(frames.frameAt(800)?.frameIndex).toBe(4);
    frames.close();
  });

  it('a file cut in the middle of a frame is rejected when opened, naming that frame', () => {
    const file = solidY4m('cut', 'red', 'yuv420p');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    expectTandemError(() => openY4m(file), 'MEDIA_INVALID', ['Frame 4 is cut short', file]);
  });

  it('a header with no frames is rejected', () => {
    const file = nodePath.join(dir, 'empty.y4m');
    fs.writeFileSync(file, 'YUV4MPEG2 W32 H16 F5:1 Ip A1:1 C420jpeg\n');
    expectTandemError(() => openY4m(file), 'MEDIA_INVALID', ['no frames']);
  });
});
