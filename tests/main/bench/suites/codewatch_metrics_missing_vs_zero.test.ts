// codewatch's metrics: precision/recall by hand, exact-line matching, an absent codeFindings field vs an empty list.

import { describe, expect, it } from 'vitest';
import { codewatchSuite } from '../../../../main/bench/suites/codewatch';
import { fakeRun, fakeSample } from './sampleRun.fake';

const bug = (line: number, kind: string) => ({ line, kind, description: kind });
const samples = [
  fakeSample('f1', 'codewatch', { clean: false, language: 'typescript', bugs: [bug(12, 'unused_variable'), bug(30, 'missing_await')] }),
  fakeSample('f2', 'codewatch', { clean: false, language: 'python', bugs: [bug(5, 'none_comparison')] }),
  fakeSample('f3', 'codewatch', { clean: true, language: 'javascript', bugs: [] }),
  fakeSample('f4', 'codewatch', { clean: true, language: 'python', bugs: [] }),
];
const findings = (...lines: unknown[]) => lines.map((line) => ({ line, message: `line ${String(line)}: something` }));
const runs = (perFile: Array<unknown[] | undefined>) => samples.map((sample, i) => fakeRun(sample, { durationMs: 8000, summary: perFile[i] === undefined ? {} : { codeFindings: perFile[i] } }));
const KEYS = ['codewatch.precision', 'codewatch.recall', 'codewatch.false_alarms_clean', 'codewatch.clean_files_flagged'];

describe('codewatch metrics', () => {
  it('a model with no codeFindings field gets every metric missing with the reason', () => {
    const result = codewatchSuite.score(runs([undefined, undefined, undefined, undefined]));
    for (const key of KEYS) {
      expect(result.metrics[key]).toEqual({ value: null, n: 0, missingReason: 'the model reports no code findings (summary.json has no codeFindings)' });
    }
  });

  it('an empty codeFindings list is a real answer: recall 0, no false alarms, precision 0/0 missing', () => {
    const result = codewatchSuite.score(runs([[], [], [], []]));
    expect(result.metrics['codewatch.precision']).toEqual({ value: null, n: 0, missingReason: 'no finding was reported, so precision (matched / reported) is 0/0' });
    expect(result.metrics['codewatch.recall']).toEqual({ value: 0, n: 3 });
    expect(result.metrics['codewatch.false_alarms_clean']).toEqual({ value: 0, n: 2 });
    expect(result.metrics['codewatch.clean_files_flagged']).toEqual({ value: 0, n: 2 });
  });

  it('a perfect model finds every planted bug on its line and nothing else', () => {
    const result = codewatchSuite.score(runs([findings(30, 12), findings(5), [], []]));
    expect(result.metrics['codewatch.precision']).toEqual({ value: 1, n: 3 });
    expect(result.metrics['codewatch.recall']).toEqual({ value: 1, n: 3 });
    expect(result.metrics['codewatch.false_alarms_clean']).toEqual({ value: 0, n: 2 });
  });

  it('repeats, off-by-one lines, non-numeric lines and findings on clean files are false', () => {
    // f1: 12 ✓, 12 again (a repeat) ✗, 31 (one off) ✗, "12" (a string) ✗; f2: 5 ✓; f3: one false alarm.
    const result = codewatchSuite.score(runs([findings(12, 12, 31, '12'), findings(5), findings(2), []]));
    expect(result.metrics['codewatch.precision']).toEqual({ value: 2 / 6, n: 6 });
    expect(result.metrics['codewatch.recall']).toEqual({ value: 2 / 3, n: 3 });
    expect(result.metrics['codewatch.false_alarms_clean']).toEqual({ value: 1, n: 2 });
    expect(result.metrics['codewatch.clean_files_flagged']).toEqual({ value: 1 / 2, n: 2 });
    expect(result.notes?.[0]).toContain('unused_variable 1/1, missing_await 0/1, none_comparison 1/1');
  });

  it('findings reported for only some files are not scored', () => {
    const result = codewatchSuite.score(runs([findings(12), undefined, [], []]));
    for (const key of KEYS) expect(result.metrics[key].missingReason).toMatch(/^1 of 4 runs have no codeFindings field/);
  });
});
