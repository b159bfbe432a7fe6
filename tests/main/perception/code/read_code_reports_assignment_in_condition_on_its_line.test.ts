// A TypeScript screenshot with `=` in an `if` condition gives exactly that finding, on the gutter's line, boxed on that line's row.

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { codeScreen, TS_ASSIGNMENT_IN_CONDITION } from './codeScreen.fixture';
import { useCodeOcr } from './ocr.fixture';

describe('readCodeFromFrame on TypeScript with an assignment in a condition', () => {
  const ocr = useCodeOcr();

  it('reports line 7 only, with its box on line 7 of the screenshot', async () => {
    const screen = codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { theme: 'midnight' });
    const result = await readCodeFromFrame(screen.frame, ocr());
    expect(result.status).toBe('code');
    expect(result.language).toBe('typescript');
    expect(result.firstLine).toBe(1);
    expect(result.lastLine).toBe(20);
    expect(result.findings.map((f) => [f.line, f.rule, f.message])).toEqual([[7, 'tandem:assignment-in-condition', 'line 7: `=` in the condition, did you mean `===`?']]);
    const [finding] = result.findings;
    expect(finding.lineText.trim()).toBe('if (level = max) {');
    expect(finding.frameWidth).toBe(1024);
    expect(finding.frameHeight).toBe(768);
    expect(finding.ocrConfidence).toBeGreaterThan(80);
    const row = screen.rowOf(7);
    const box = finding.box!;
    const middle = box.y + box.height / 2;
    expect(middle).toBeGreaterThan(row.top);
    expect(middle).toBeLessThan(row.bottom);
    // The box covers the code, right of the gutter.
    expect(box.x).toBeGreaterThanOrEqual(screen.geometry.textArea.x);
    expect(finding.id).toBe('tandem:assignment-in-condition||if (level = max) {');
  });
});
