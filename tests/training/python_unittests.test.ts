// The training recipe's Python unit tests (parallel forward = cached steps, deterministic training) pass under Debian's torch.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('training/ Python unit tests', () => {
  it('pass under /usr/bin/python3 -m unittest discover training/tests', () => {
    const run = spawnSync('/usr/bin/python3', ['-m', 'unittest', 'discover', '-v', 'training/tests'], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 170_000,
    });
    const report = `${run.stdout}\n${run.stderr}`;
    expect(run.status, report).toBe(0);
    // Every test ran (a discovery that finds nothing also exits 0).
    expect(report).toMatch(/Ran [4-9]\d* tests?/);
    expect(report).toContain('test_two_runs_with_one_seed_give_identical_weights');
    expect(report).toContain('test_the_cached_steps_give_the_parallel_outputs_beyond_the_window');
    expect(report).toMatch(/\nOK\s*$/);
  }, 180_000);
});
