// A view scrolled to line 87 is numbered from its gutter: the finding on the 4th shown line is line 90.

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { codeScreen, TS_FRAGMENT_UNUSED } from './codeScreen.fixture';
import { useCodeOcr } from './ocr.fixture';

describe('readCodeFromFrame on a scrolled view', () => {
  const ocr = useCodeOcr();

  it('takes the line numbers from the gutter (87…101) and reports the unused local on line 90', async () => {
    const screen = codeScreen(TS_FRAGMENT_UNUSED, 'typescript', { firstLineNumber: 87, theme: 'graphite' });
    const result = await readCodeFromFrame(screen.frame, ocr());
    expect(result.status).toBe('code');
    expect(result.firstLine).toBe(87);
    expect(result.lastLine).toBe(87 + TS_FRAGMENT_UNUSED.length - 1);
    expect(result.findings.map((f) => [f.line, f.rule, f.message])).toEqual([[90, 'ts:6133', 'line 90: `total` is never used']]);
    const row = screen.rowOf(90);
    const box = result.findings[0].box!;
    expect(box.y + box.height / 2).toBeGreaterThan(row.top);
    expect(box.y + box.height / 2).toBeLessThan(row.bottom);
  });
});
