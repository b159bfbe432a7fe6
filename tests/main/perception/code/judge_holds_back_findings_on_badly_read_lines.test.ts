// What the analyzers say about a line that read badly is held back (counted, never said); names probably defined above
// a scrolled view are not flagged; a typo of a name on screen is.

import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../../main/perception/code/analysis';
import { judgeIssues } from '../../../../main/perception/code/findings';
import type { CodeLayout, ReadLine } from '../../../../main/perception/code/screenLayout';

function line(number: number, text: string, confidence = 95): ReadLine {
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: m.index ?? 0, confidence, x0: 50 + 8 * (m.index ?? 0), y0: number * 20, x1: 50 + 8 * ((m.index ?? 0) + m[0].length), y1: number * 20 + 16 }));
  return { number, text, confidence, repaired: false, box: text ? { x: 50, y: number * 20, width: 300, height: 16 } : null, words };
}

function layout(lines: ReadLine[]): CodeLayout {
  return { lines, firstLine: lines[0].number, lastLine: lines[lines.length - 1].number, gutter: true, charWidthPx: 8, linePitchPx: 20, codeLeftPx: 50, rowCenterPx: (n) => n * 20 + 8 };
}

const frame = { width: 800, height: 600 };
const retry = (first: number, confidence: number) =>
  layout([
    line(first, 'export function retry(task, attempts) {'),
    line(first + 1, '  for (let attempt = 0; attempt < attemps; attempt++) {', confidence),
    line(first + 2, '    task();'),
    line(first + 3, '  }'),
    line(first + 4, '}'),
  ]);
const typo: Analysis = { issues: [{ kind: 'undefined_name', rule: 'ts:2552', line: 2, name: 'attemps', suggestion: 'attempts' }], syntaxErrorLines: [] };

describe('judgeIssues', () => {
  it('says a typo of a name on screen, with the name it is close to', () => {
    const judged = judgeIssues(typo, retry(40, 95), 'javascript', frame);
    expect(judged.heldBack).toBe(0);
    expect(judged.findings.map((f) => f.message)).toEqual(['line 41: `attemps` is not defined — did you mean `attempts`?']);
  });

  it('holds back the same finding when its line read badly', () => {
    const judged = judgeIssues(typo, retry(40, 60), 'javascript', frame);
    expect(judged.findings).toEqual([]);
    expect(judged.heldBack).toBe(1);
  });

  it('holds back an undefined name that is a misreading of a name on screen (`1d` for `id`)', () => {
    const view = layout([line(10, 'export function find(users, 1d) {'), line(11, '  return users.filter((u) => u.id === id);'), line(12, '}')]);
    const judged = judgeIssues({ issues: [{ kind: 'undefined_name', rule: 'ts:2304', line: 2, name: 'id', suggestion: null }], syntaxErrorLines: [] }, view, 'javascript', frame);
    expect(judged.findings).toEqual([]);
    expect(judged.heldBack).toBe(1);
  });

  it('does not flag a name that is probably defined above a scrolled view, but does when the top of the file is shown', () => {
    const lines = (first: number) => layout([line(first, 'export function total(items) {'), line(first + 1, '  return sumPrices(items);'), line(first + 2, '}')]);
    const analysis: Analysis = { issues: [{ kind: 'undefined_name', rule: 'ts:2304', line: 2, name: 'sumPrices', suggestion: null }], syntaxErrorLines: [] };
    expect(judgeIssues(analysis, lines(87), 'javascript', frame)).toEqual({ findings: [], heldBack: 0 });
    expect(judgeIssues(analysis, lines(1), 'javascript', frame).findings.map((f) => f.message)).toEqual(['line 2: `sumPrices` is not defined']);
  });

  it('holds back scope findings when the file does not parse (a brace that was not read moves every scope)', () => {
    const judged = judgeIssues({ ...typo, syntaxErrorLines: [5] }, retry(40, 95), 'javascript', frame);
    expect(judged.findings).toEqual([]);
    expect(judged.heldBack).toBe(1);
  });

  it('after healing (misread lines blanked so the rest parses), holds back what involves a name on a blanked line', () => {
    const view = layout([
      line(1, 'export function formatName(first, last) {'),
      line(2, '  const full = "${first} ${last} .trim();'),
      line(3, '  return full.length > 0 ? full : "(no name)";'),
      line(4, '}'),
      line(5, 'export function retry(task, attempts) {'),
      line(6, '  for (let attempt = 0; attempt < attemps; attempt++) {'),
      line(7, '    task();'),
      line(8, '  }'),
      line(9, '}'),
    ]);
    const healed: Analysis = {
      issues: [
        { kind: 'undefined_name', rule: 'ts:2304', line: 3, name: 'full', suggestion: null },
        { kind: 'undefined_name', rule: 'ts:2552', line: 6, name: 'attemps', suggestion: 'attempts' },
      ],
      syntaxErrorLines: [],
      healedLines: [{ line: 2, text: '  const full = "${first} ${last} .trim();' }],
    };
    const judged = judgeIssues(healed, view, 'javascript', frame);
    expect(judged.findings.map((f) => f.line)).toEqual([6]);
    expect(judged.heldBack).toBe(1);
  });
});

