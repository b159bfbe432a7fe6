// The OCR image of a code screenshot is split for parallel reading at a row without ink between two text lines, the
// bands' kept parts tile the image, and each band reaches one line pitch past its cut; a short image is not split.

import { describe, expect, it } from 'vitest';
import { prepareOcrImage, splitOcrBands, inkedShare } from '../../../../main/perception/code/screenImage';
import { codeScreen, TS_ASSIGNMENT_IN_CONDITION } from './codeScreen.fixture';

describe('splitOcrBands', () => {
  it('cuts a screen of code in two at an empty row inside the code', () => {
    const screen = codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { theme: 'midnight', height: 520 });
    const image = prepareOcrImage(screen.frame);
    const bands = splitOcrBands(image, 2);
    expect(bands).toHaveLength(2);
    const [upper, lower] = bands;
    const cut = upper.keepBottom;
    expect(upper.keepTop).toBe(0);
    expect(lower.keepTop).toBe(cut);
    expect(lower.keepBottom).toBe(image.height);
    // The cut is a gap between text lines: not one dark pixel on its row, across the whole width.
    expect(inkedShare(image, 0, cut, image.width, cut + 1)).toBe(0);
    // It lies inside the code (between the first and the last line), near the middle of the image.
    const cutOnFrame = cut / image.scale;
    expect(cutOnFrame).toBeGreaterThan(screen.rowOf(1).bottom);
    expect(cutOnFrame).toBeLessThan(screen.rowOf(20).top);
    expect(Math.abs(cut - image.height / 2)).toBeLessThanOrEqual(Math.round(image.linePitchPx! * image.scale));
    // Each band reaches one line pitch past its cut, so a word the cut would touch is whole in the band that keeps it.
    const pitch = Math.round(image.linePitchPx! * image.scale);
    expect(upper).toEqual({ top: 0, bottom: cut + pitch, keepTop: 0, keepBottom: cut });
    expect(lower).toEqual({ top: cut - pitch, bottom: image.height, keepTop: cut, keepBottom: image.height });
  });

  it('leaves an image of a few lines whole (splitting would cost more than it saves)', () => {
    const screen = codeScreen(TS_ASSIGNMENT_IN_CONDITION.slice(0, 4), 'typescript', { theme: 'paper', height: 150 });
    const image = prepareOcrImage(screen.frame);
    expect(splitOcrBands(image, 2)).toEqual([{ top: 0, bottom: image.height, keepTop: 0, keepBottom: image.height }]);
  });

  it('gives one band when asked for one', () => {
    const image = prepareOcrImage(codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript').frame);
    expect(splitOcrBands(image, 1)).toEqual([{ top: 0, bottom: image.height, keepTop: 0, keepBottom: image.height }]);
  });
});
