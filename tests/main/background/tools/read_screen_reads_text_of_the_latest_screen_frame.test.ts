// read_screen OCRs the latest screen frame with tesseract.js (offline English data): a frame of rendered text comes back as that text.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScreenTool, screenFrameToPng, type ScreenFrame } from '../../../../main/background/tools/builtins/readScreenTool';
import { TesseractScreenReader } from '../../../../main/perception/ocr';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';

let dir: string;
let frame: ScreenFrame;
const reader = new TesseractScreenReader();
const context = { taskId: 't', fromVisualContent: false };

/** Text drawn by ffmpeg with DejaVu Sans on white, at the ≤ 320 px size frames reach the engine, as tightly packed RGB. */
function renderTextFrame(text: string, width: number, height: number): ScreenFrame {
  const png = join(dir, 'text.png');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=white:s=${width}x${height}`, '-frames:v', '1', '-vf',
    `drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text='${text}':fontcolor=black:fontsize=20:x=8:y=(h-text_h)/2`, png]);
  const decoded = PNG.sync.read(readFileSync(png));
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(decoded.data.subarray(i * 4, i * 4 + 3), i * 3);
  return { rgb, width, height };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-ocr-'));
  frame = renderTextFrame('Invoice 4417 is due Friday', 320, 60);
});
afterAll(async () => {
  await reader.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('read_screen', () => {
  it('returns the text on the latest screen frame', async () => {
    const registry = new ToolRegistry({ tools: [readScreenTool(() => frame, reader)] });
    const result = await registry.call('read_screen', {}, context);
    expect(result).toEqual({ ok: true, content: { width: 320, height: 60, text: 'Invoice 4417 is due Friday' } });
  }, 60_000);

  it('explains that the screen is not shared when there is no frame', async () => {
    const registry = new ToolRegistry({ tools: [readScreenTool(() => null, reader)] });
    expect(await registry.call('read_screen', {}, context)).toEqual({
      ok: false,
      error: 'read_screen: no screen frame yet: the user is not sharing the screen (they can start it in the Camera & screen panel)',
    });
  });

  it('enlarges small frames by a whole factor before OCR, pixel for pixel', () => {
    const tiny: ScreenFrame = { rgb: Uint8Array.from([255, 0, 0, 0, 0, 255]), width: 2, height: 1 };
    const png = PNG.sync.read(screenFrameToPng(tiny));
    expect([png.width, png.height]).toEqual([8, 4]); // factor capped at 4
    expect([...png.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    expect([...png.data.subarray(4 * 4, 4 * 4 + 4)]).toEqual([0, 0, 255, 255]);
  });
});
