// The background model's context carries what perception saw, so it can explain a finding more deeply: the code read
// off the screen (only the latest reading), each finding with its line, the running repetition count, fired watches.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { contextEntriesOf } from '../../../main/background/contextPackage';

let seq = 0;
const ev = (turn: number, kind: string, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn, atMs: turn * 200, source: 'engine', kind: kind as TimelineEvent['kind'], payload });

describe('context entries from perception', () => {
  it('keeps the latest code read, every finding, the newest count and fired watches, in time order', () => {
    const entries = contextEntriesOf([
      ev(5, 'code_reading', { frameIndex: 1, status: 'code', language: 'typescript', code: '1 const a = 1;' }),
      ev(6, 'repetition', { count: 1, exercise: 'squats' }),
      ev(9, 'code_reading', { frameIndex: 4, status: 'code', language: 'typescript', code: '14 if (level = max) {\n15   return level;' }),
      ev(9, 'code_findings', { frameIndex: 4, language: 'typescript', findings: [{ line: 14, message: 'line 14: `=` in the condition, did you mean `===`?', lineText: 'if (level = max) {' }] }),
      ev(10, 'repetition', { count: 2, exercise: 'squats' }),
      ev(12, 'watch_fired', { source: 'screen', label: 'The build turned red.' }),
      ev(13, 'code_reading', { frameIndex: 6, status: 'no_code', message: 'no code on the screen' }),
    ]);
    expect(entries.map((entry) => [entry.atMs, entry.role, entry.text])).toEqual([
      [1800, 'observation', "code on screen (typescript, as read by OCR, with the editor's line numbers):\n14 if (level = max) {\n15   return level;"],
      [1800, 'observation', 'code on screen (typescript), line 14: `=` in the condition, did you mean `===`? — the line reads: if (level = max) {'],
      [2000, 'observation', 'repetitions of squats counted on the camera so far: 2'],
      [2400, 'observation', 'watch on the screen fired: The build turned red.'],
    ]);
  });
});
