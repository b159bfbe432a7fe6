// cuespeak's generated samples: byte-identical per seed, loadable, the cue word sits mid-sentence exactly where the ground truth says (silent gaps at its edges), controls never say it.

import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchSample } from '../../../../main/bench/suite';
import { CUESPEAK_SEED_RANGE, cuespeakSuite } from '../../../../main/bench/suites/cuespeak';
import { CUE_RESPONSE_WINDOW_MS, type CuespeakTruth } from '../../../../main/bench/gen/cueSentences';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { hashTree, makeWorkDir, maxFrameDbfs, removeWorkDir, spanDbfs } from './suiteFixtures';

describe('cuespeak samples', () => {
  let dirA: string;
  let dirB: string;
  let samples: BenchSample[];

  beforeAll(async () => {
    dirA = makeWorkDir('cuespeak-a');
    dirB = makeWorkDir('cuespeak-b');
    samples = (await cuespeakSuite.prepare({ size: 'small', workDir: dirA })).samples;
    await cuespeakSuite.prepare({ size: 'small', workDir: dirB });
  });
  afterAll(() => {
    removeWorkDir(dirA);
    removeWorkDir(dirB);
  });

  it('are byte-identical when made again from the same seeds; one in five is a control', () => {
    expect(samples.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4].map((k) => CUESPEAK_SEED_RANGE.first + k));
    for (const sample of samples) expect(hashTree(nodePath.join(dirB, sample.id))).toEqual(hashTree(nodePath.join(dirA, sample.id)));
    expect(samples.map((s) => (s.truth as CuespeakTruth).cue === null)).toEqual([false, false, false, false, true]);
  });

  it('say the cue word mid-sentence at the stated time, with a silent gap on either side of it', async () => {
    for (const sample of samples) {
      const truth = sample.truth as CuespeakTruth;
      const scenario = await loadScenario(sample.input);
      try {
        expect(scenario.text).toEqual([truth.request]);
        expect(truth.request.text.toLowerCase()).toContain(truth.cueWord.toLowerCase());
        for (const keyword of truth.response.keywords) expect(truth.request.text.toLowerCase()).toContain(keyword);
        if (truth.cue === null) {
          expect(truth.saidInstead).not.toBe(truth.cueWord);
          expect(truth.userSpeech.some((s) => s.text.includes(` ${truth.saidInstead} `))).toBe(true);
          expect(truth.userSpeech.some((s) => s.text.toLowerCase().includes(truth.cueWord.toLowerCase()))).toBe(false);
          continue;
        }
        const cue = truth.cue;
        expect(cue.sentence).toContain(` ${truth.cueWord} `);
        // Mid-sentence: words before and after it.
        expect(cue.fromMs - cue.sentenceFromMs).toBeGreaterThan(300);
        expect(cue.sentenceToMs - cue.toMs).toBeGreaterThan(300);
        // The word is sound; the 30–90 ms gaps cut at its edges hold only the noise floor.
        expect(maxFrameDbfs(scenario.micAudio, cue.fromMs, cue.toMs)).toBeGreaterThan(-30);
        expect(spanDbfs(scenario.micAudio, cue.fromMs - 25, cue.fromMs - 5)).toBeLessThan(-50);
        expect(spanDbfs(scenario.micAudio, cue.toMs + 5, cue.toMs + 25)).toBeLessThan(-50);
        expect(cue.toMs - cue.fromMs).toBeGreaterThan(150);
        expect(cue.toMs - cue.fromMs).toBeLessThan(1500);
        // No other user speech starts inside the response window, and the run outlasts it.
        expect(truth.userSpeech.filter((s) => s.fromMs > cue.toMs && s.fromMs <= cue.toMs + CUE_RESPONSE_WINDOW_MS)).toEqual([]);
        expect(scenario.durationMs).toBeGreaterThanOrEqual(cue.toMs + CUE_RESPONSE_WINDOW_MS);
      } finally {
        scenario.close();
      }
    }
  });
});
