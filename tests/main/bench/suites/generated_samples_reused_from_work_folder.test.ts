// Generated samples are cached in the work folder by seed and generator version: reused when unchanged, remade when the generator changed or a file is gone, never half-made.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareGeneratedSamples, seedsOf, writeScenario, type GeneratedSample } from '../../../../main/bench/gen/generatedSamples';
import { CODEWATCH_SEED_RANGE } from '../../../../main/bench/suites/codewatch';
import { CUESPEAK_SEED_RANGE } from '../../../../main/bench/suites/cuespeak';
import { REPCOUNT_SEED_RANGE } from '../../../../main/bench/suites/repcount';
import { TIMESPEAK_SEED_RANGE, timespeakSuite } from '../../../../main/bench/suites/timespeak';
import { makeWorkDir, removeWorkDir } from './suiteFixtures';

describe('generated samples in the work folder', () => {
  let workDir: string;
  let made: number[];
  const make = async (seed: number, dir: string): Promise<GeneratedSample> => {
    made.push(seed);
    fs.writeFileSync(nodePath.join(dir, 'mic.wav'), `audio of ${seed}`);
    return { task: 'demo', scenario: writeScenario(dir, 'demo.scenario.json', { version: 1, name: `demo-${seed}`, durationMs: 1000 }), truth: { seed } };
  };
  const prepare = (seeds: number[], generatorVersion = 'demo-1') => prepareGeneratedSamples({ suite: 'demo', workDir, seeds, generatorVersion, make });

  beforeEach(() => {
    workDir = makeWorkDir('cache');
    made = [];
  });
  afterEach(() => removeWorkDir(workDir));

  it('makes each seed once and reuses it afterwards, with the same ids, paths and truth', async () => {
    const first = await prepare([7, 8]);
    expect(first).toMatchObject({ made: 2, reused: 0 });
    expect(first.samples.map((s) => [s.id, s.task, s.seed, s.truth])).toEqual([
      ['demo-7', 'demo', 7, { seed: 7 }],
      ['demo-8', 'demo', 8, { seed: 8 }],
    ]);
    expect(first.samples[0].input).toBe(nodePath.join(workDir, 'demo-7', 'demo.scenario.json'));
    const again = await prepare([7, 8, 9]);
    expect(again).toMatchObject({ made: 1, reused: 2 });
    expect(again.samples.slice(0, 2)).toEqual(first.samples);
    expect(made).toEqual([7, 8, 9]);
  });

  it('remakes samples of an older generator version, or whose scenario file is gone', async () => {
    await prepare([7, 8]);
    fs.rmSync(nodePath.join(workDir, 'demo-8', 'demo.scenario.json'));
    expect(await prepare([7, 8])).toMatchObject({ made: 1, reused: 1 });
    expect(await prepare([7, 8], 'demo-2')).toMatchObject({ made: 2, reused: 0 });
    expect(made).toEqual([7, 8, 8, 7, 8]);
  });

  it('never reuses a sample whose making was interrupted', async () => {
    const failing = prepareGeneratedSamples({
      suite: 'demo',
      workDir,
      seeds: [7],
      generatorVersion: 'demo-1',
      make: async (seed, dir) => {
        fs.writeFileSync(nodePath.join(dir, 'demo.scenario.json'), '{"version":1');
        throw new Error(`espeak-ng crashed on seed ${seed}`);
      },
    });
    await expect(failing).rejects.toThrow('espeak-ng crashed on seed 7');
    expect(fs.readdirSync(workDir)).toEqual([]);
    expect(await prepare([7])).toMatchObject({ made: 1, reused: 0 });
  });

  it('a suite run twice on the same work folder generates nothing the second time', async () => {
    await timespeakSuite.prepare({ size: 'small', workDir });
    const second = await timespeakSuite.prepare({ size: 'small', workDir });
    expect(second.notes[0]).toMatch(/ 0 generated in 0\.0 s, 6 reused from the work folder\./);
  });

  it('the four suites draw from disjoint seed blocks, and full reuses the seeds of small', () => {
    const ranges = [TIMESPEAK_SEED_RANGE, CUESPEAK_SEED_RANGE, REPCOUNT_SEED_RANGE, CODEWATCH_SEED_RANGE].sort((a, b) => a.first - b.first);
    ranges.forEach((range, i) => {
      expect(range.last).toBeGreaterThan(range.first);
      if (i > 0) expect(range.first).toBeGreaterThan(ranges[i - 1].last);
    });
    expect(seedsOf(TIMESPEAK_SEED_RANGE, 60).slice(0, 6)).toEqual(seedsOf(TIMESPEAK_SEED_RANGE, 6));
    expect(() => seedsOf({ first: 10, last: 12 }, 4)).toThrow(/4 samples do not fit/);
  });
});
