// A frame read by two tesseract workers, one band each, gives the same code, lines and findings as the whole frame read
// by one: the band cut does not lose, duplicate or move a line (the bug sits below the cut).

import { describe, expect, it } from 'vitest';
import { readCodeFromFrame } from '../../../../main/perception/code';
import { prepareOcrImage, splitOcrBands } from '../../../../main/perception/code/screenImage';
import { codeScreen, TS_ASSIGNMENT_IN_CONDITION, TS_FRAGMENT_UNUSED } from './codeScreen.fixture';
import { useTwoCodeOcrs } from './ocr.fixture';

describe('readCodeFromFrame with two OCR workers', () => {
  const ocrs = useTwoCodeOcrs();

  it('reads the same text and findings as one worker, with the cut inside the code', async () => {
    // 34 lines, of which a 768 px screen shows 33: the cut falls inside the code, above the `=` in a condition on line 21.
    const lines = [...TS_FRAGMENT_UNUSED, '', ...TS_ASSIGNMENT_IN_CONDITION.slice(2)];
    const screen = codeScreen(lines, 'typescript', { theme: 'midnight' });
    const image = prepareOcrImage(screen.frame);
    const [upper] = splitOcrBands(image, 2);
    const cutOnFrame = upper.keepBottom / image.scale;
    expect(cutOnFrame).toBeGreaterThan(screen.rowOf(12).top);
    expect(cutOnFrame).toBeLessThan(screen.rowOf(21).top);

    const [first, second] = ocrs();
    const one = await readCodeFromFrame(screen.frame, first);
    const two = await readCodeFromFrame(screen.frame, [first, second]);
    expect(one.status).toBe('code');
    expect(two.status).toBe('code');
    expect(two.firstLine).toBe(1);
    expect(two.lastLine).toBe(one.lastLine);
    expect(two.text).toBe(one.text);
    expect(two.findings).toEqual(one.findings);
    expect(two.findings.map((f) => [f.line, f.rule])).toEqual([[21, 'tandem:assignment-in-condition']]);
  });
});
