// Corrupt frames (wrong byte count, RGBA, zero or absurd size, not bytes) read as `unreadable` with a message saying what is wrong; nothing throws.

import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../../common/interaction';
import { readCodeFromFrame } from '../../../../main/perception/code';
import type { TesseractWorker } from '../../../../main/perception/ocr';

/** A frame that is rejected never reaches OCR: an OCR that fails the test if it is called. */
const untouchedOcr = { recognize: () => Promise.reject(new Error('OCR must not be called for a corrupt frame')) } as unknown as TesseractWorker;

const cases: Array<[string, RgbFrame, RegExp]> = [
  ['too few bytes', { rgb: new Uint8Array(100), width: 64, height: 48, atMs: 0, frameIndex: 3 }, /has 100 bytes, expected 9216 for 64×48 RGB/],
  ['RGBA instead of RGB', { rgb: new Uint8Array(64 * 48 * 4), width: 64, height: 48, atMs: 0, frameIndex: 3 }, /that is RGBA/],
  ['zero size', { rgb: new Uint8Array(0), width: 0, height: 0, atMs: 0, frameIndex: 3 }, /0×0 is not a positive whole number/],
  ['absurd size', { rgb: new Uint8Array(3), width: 100_000, height: 1, atMs: 0, frameIndex: 3 }, /larger than 8192 px/],
  ['pixels that are not bytes', { rgb: [1, 2, 3] as unknown as Uint8Array, width: 1, height: 1, atMs: 0, frameIndex: 3 }, /not a Uint8Array/],
];

describe('readCodeFromFrame on corrupt frames', () => {
  it.each(cases)('%s → unreadable', async (_label, frame, why) => {
    const result = await readCodeFromFrame(frame, untouchedOcr);
    expect(result.status).toBe('unreadable');
    expect(result.message).toMatch(/^The screen frame cannot be read: /);
    expect(result.message).toMatch(why);
    expect(result.message).toMatch(/screen frame 3/);
    expect(result.findings).toEqual([]);
    expect(result.language).toBeNull();
  });

  it('an OCR failure is an error with its reason, not a throw', async () => {
    const failing = { recognize: () => Promise.reject(new Error('worker terminated')) } as unknown as TesseractWorker;
    const rgb = new Uint8Array(32 * 32 * 3).fill(200);
    const result = await readCodeFromFrame({ rgb, width: 32, height: 32, atMs: 0, frameIndex: 5 }, failing);
    expect(result.status).toBe('error');
    expect(result.message).toBe('OCR failed on screen frame 5: worker terminated');
  });
});
