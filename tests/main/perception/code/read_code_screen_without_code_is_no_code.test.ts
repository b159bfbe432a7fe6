// A screen without code (prose in an editor, or an empty screen) reads as no_code with a sentence, never as findings.

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { codeScreen } from './codeScreen.fixture';
import { useCodeOcr } from './ocr.fixture';

describe('readCodeFromFrame on a screen without code', () => {
  const ocr = useCodeOcr();

  it('says no_code for notes written in prose', async () => {
    const prose = [
      'Meeting notes for the quarterly planning session.',
      '',
      'We agreed to move the release to the second week of March.',
      'The design team will share new sketches on Friday morning.',
      'Anna takes over the budget review while Tom is away.',
      'Open questions remain about the hiring plan for the autumn.',
      '',
      'Next meeting in two weeks, same room as usual.',
    ];
    const result = await readCodeFromFrame(codeScreen(prose, 'python', { theme: 'paper' }).frame, ocr());
    expect(result.status).toBe('no_code');
    expect(result.message).toMatch(/no code/);
    expect(result.findings).toEqual([]);
    expect(result.language).toBeNull();
  });

  it('says no_code for a blank screen', async () => {
    const rgb = new Uint8Array(640 * 480 * 3).fill(30);
    const result = await readCodeFromFrame({ rgb, width: 640, height: 480, atMs: 0, frameIndex: 0 }, ocr());
    expect(result.status).toBe('no_code');
    expect(result.message).toBe('No text was found on the screen.');
    expect(result.findings).toEqual([]);
  });
});
