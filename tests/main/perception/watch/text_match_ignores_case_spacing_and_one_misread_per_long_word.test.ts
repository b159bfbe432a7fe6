// The text a watch waits for matches OCR output regardless of case and spacing, with one misread character per word of six letters or more, and not a near miss.

import { describe, expect, it } from 'vitest';
import { allowedErrors, bestSubstringDistance, textAppears } from '../../../../main/perception/watch/textMatch';

describe('textAppears', () => {
  it.each([
    ['Deploy complete', '[ok] DEPLOY   COMPLETE in 42s', true],
    ['Deploy complete', 'Deploy\ncomplete', true],
    ['Deploy complete', 'Deploy cornplete', false], // "rn" for "m" is two edits in one word
    ['Deploy complete', 'Dep1oy complete', true], // one misread in "deploy" (6 letters)
    ['Deploy complete', 'Dep1oy compIete', true], // one in each long word
    ['Deploy complete', 'Deploy started', false],
    ['Server ready', 'Server reade', false], // "ready" has 5 letters: no misread allowed
    ['Server ready', 'Servor ready', true],
    ['Backup done', 'Backup running', false],
    ['ok', 'OK', true],
    ['ok', 'o k', true],
    ['   ', 'anything', false],
  ])('%j in %j → %s', (wanted, read, expected) => {
    expect(textAppears(wanted, read)).toBe(expected);
  });

  it('counts edits against the best stretch of the read text', () => {
    expect(bestSubstringDistance('complete', 'xxcompletexx')).toBe(0);
    expect(bestSubstringDistance('complete', 'xxcomp1etexx')).toBe(1);
    expect(bestSubstringDistance('complete', 'xxcompexx')).toBe(3);
    expect(allowedErrors('All tests passed')).toBe(1);
    expect(allowedErrors('Deploy complete')).toBe(2);
  });
});
