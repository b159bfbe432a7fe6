// A correct file read off the screen gives no finding (and nothing held back), in a dark and a light theme.

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { codeScreen, TS_CLEAN } from './codeScreen.fixture';
import { useCodeOcr } from './ocr.fixture';

describe('readCodeFromFrame on a clean file', () => {
  const ocr = useCodeOcr();

  it.each(['ocean', 'sand'])('finds nothing in the %s theme', async (theme) => {
    const result = await readCodeFromFrame(codeScreen(TS_CLEAN, 'typescript', { theme, sidebarWidth: 200 }).frame, ocr());
    expect(result.status).toBe('code');
    expect(result.language).toBe('typescript');
    expect(result.findings).toEqual([]);
    expect(result.firstLine).toBe(1);
    expect(result.lastLine).toBe(TS_CLEAN.length);
  });
});
