// The harness's perception weaving: counts are said at once (only the newest), findings once each and speakably, the total after "stop counting".

import { describe, expect, it } from 'vitest';
import type { InputEvent } from '../../../../common/microturn';
import {
  createPerceptionWeavingState,
  numberToWords,
  onCountingStarted,
  onCountingStopped,
  onPerceptionEvent,
  speakableFinding,
  takeCountUtterance,
  takeFindingUtterance,
} from '../../../../main/models/harness/perceptionWeaving';

const rep = (count: number, atMs: number): InputEvent => ({ atMs, kind: 'repetition', payload: { count, repEndMs: atMs - 50 } });
const findings = (...items: Array<{ id: string; line: number; message: string }>): InputEvent => ({ atMs: 0, kind: 'code_findings', payload: { findings: items } });

describe('perception weaving', () => {
  it('says the newest count only while counting, announcing every count with its repetition end', () => {
    const state = createPerceptionWeavingState();
    onPerceptionEvent(state, rep(1, 1000));
    expect(takeCountUtterance(state)).toBeNull();
    onCountingStarted(state, 'squats');
    onPerceptionEvent(state, rep(1, 2000));
    onPerceptionEvent(state, rep(2, 2600));
    expect(takeCountUtterance(state)).toEqual({
      text: 'Two',
      events: [
        { kind: 'announce', payload: { count: 1, repEndMs: 1950 } },
        { kind: 'announce', payload: { count: 2, repEndMs: 2550 } },
      ],
    });
    expect(takeCountUtterance(state)).toBeNull();
    onPerceptionEvent(state, rep(2, 3000));
    expect(takeCountUtterance(state)).toBeNull();
    onCountingStopped(state);
    expect(takeCountUtterance(state)?.text).toBe("That's two squats in total.");
    expect(takeCountUtterance(state)).toBeNull();
  });

  it('says each finding once, in order, however often it is reported', () => {
    const state = createPerceptionWeavingState();
    onPerceptionEvent(state, findings({ id: 'a', line: 14, message: 'line 14: `=` in the condition, did you mean `===`?' }, { id: 'b', line: 22, message: '`attemps` is not defined' }));
    onPerceptionEvent(state, findings({ id: 'a', line: 14, message: 'again' }));
    expect(takeFindingUtterance(state)).toEqual({ text: 'Line 14: single equals in the condition, did you mean triple equals?', events: [{ kind: 'announce', payload: { findingId: 'a', line: 14 } }] });
    onPerceptionEvent(state, findings({ id: 'a', line: 14, message: 'again' }));
    expect(takeFindingUtterance(state)?.text).toBe('Line 22: attemps is not defined');
    expect(takeFindingUtterance(state)).toBeNull();
  });

  it('writes numbers as words', () => {
    expect([0, 7, 13, 20, 21, 99, 100, 105, 342, 1000, 1005, 2340, 10000].map(numberToWords)).toEqual([
      'zero', 'seven', 'thirteen', 'twenty', 'twenty-one', 'ninety-nine', 'one hundred', 'one hundred and five', 'three hundred and forty-two', 'one thousand', 'one thousand and five', 'two thousand three hundred and forty', '10000',
    ]);
    expect(speakableFinding({ line: 3, message: '`x` is never used' })).toBe('Line 3: x is never used');
  });
});
