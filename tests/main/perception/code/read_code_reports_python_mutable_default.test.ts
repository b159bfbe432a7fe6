// A Python screenshot with a mutable default argument gives ruff's B006 on the `def` line, and nothing else.

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { codeScreen, PY_MUTABLE_DEFAULT } from './codeScreen.fixture';
import { useCodeOcr } from './ocr.fixture';

describe('readCodeFromFrame on Python with a mutable default', () => {
  const ocr = useCodeOcr();

  it('reports line 4 with rule ruff:B006 on a light theme', async () => {
    const screen = codeScreen(PY_MUTABLE_DEFAULT, 'python', { theme: 'paper', font: 'Liberation Mono', fontSizePx: 15 });
    const result = await readCodeFromFrame(screen.frame, ocr());
    expect(result.status).toBe('code');
    expect(result.language).toBe('python');
    expect(result.findings.map((f) => [f.line, f.rule, f.message])).toEqual([[4, 'ruff:B006', 'line 4: a mutable default argument is shared between calls, default to `None`']]);
    const row = screen.rowOf(4);
    const box = result.findings[0].box!;
    expect(box.y + box.height / 2).toBeGreaterThan(row.top);
    expect(box.y + box.height / 2).toBeLessThan(row.bottom);
  });
});
