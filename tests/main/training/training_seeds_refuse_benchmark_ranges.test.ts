// A training set whose seeds would touch any benchmark's seed block is refused before anything is generated.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrainingSeedBase, exportTrainingData, trainingSeedSpan } from '../../../main/training/exportData';

const root = mkdtempSync(join(tmpdir(), 'train-seeds-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('training seed bases', () => {
  it('a set spans 8 tasks × 10 000 seeds from its base', () => {
    expect(trainingSeedSpan(100_000_000)).toEqual({ first: 100_000_000, last: 100_079_999 });
  });

  it.each([
    [1_000_000, /fdbench/],
    [920_001, /fdbench/], // its last seed is 1 000 000
    [1_099_999, /fdbench/],
    [1_990_000, /timespeak/],
    [3_500_000, /cuespeak/],
    [4_000_000, /repcount/],
    [5_999_999, /codewatch/],
    [6_200_000, /voice latency/],
    [7_999_999, /visualwatch/],
  ])('refuses seed base %i', (seedBase, suite) => {
    expect(() => checkTrainingSeedBase(seedBase)).toThrow(suite);
  });

  it.each([0, 920_000, 1_100_000, 1_920_000, 8_000_000, 100_000_000, 101_000_000])('accepts seed base %i', (seedBase) => {
    expect(() => checkTrainingSeedBase(seedBase)).not.toThrow();
  });

  it('refuses -1 and fractions', () => {
    expect(() => checkTrainingSeedBase(-1)).toThrow(/whole number/);
    expect(() => checkTrainingSeedBase(1.5)).toThrow(/whole number/);
  });

  it('the exporter stops before generating anything', async () => {
    const out = join(root, 'data');
    await expect(exportTrainingData({ outDir: out, seedBase: 1_000_000, samplesPerTask: 1, tasks: ['pause_handling'] })).rejects.toMatchObject({ code: 'USAGE', where: '--seed-base' });
    expect(existsSync(out)).toBe(false);
  });
});
