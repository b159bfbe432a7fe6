// timespeak's generated samples: byte-identical per seed, loadable by `tandem run`, and their ground truth agrees with the typed text and the mic audio.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchSample } from '../../../../main/bench/suite';
import { TIMESPEAK_SEED_RANGE, timespeakSuite } from '../../../../main/bench/suites/timespeak';
import { makeTimespeakSample, type TimespeakTruth } from '../../../../main/bench/gen/timedRequests';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { hashTree, makeWorkDir, maxFrameDbfs, removeWorkDir } from './suiteFixtures';

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** An independent reading of the delay a request's text asks for, in seconds. */
function secondsIn(text: string): number {
  const t = text.toLowerCase();
  if (/half minute/.test(t)) return 30;
  if (/a minute and a half|one and a half minutes/.test(t)) return 90;
  const minuteAndSeconds = /a minute and (\d+) seconds/.exec(t);
  if (minuteAndSeconds) return 60 + Number(minuteAndSeconds[1]);
  const minutes = /(\d+|a|one|two) minutes?/.exec(t);
  if (minutes) return 60 * ({ a: 1, one: 1, two: 2 }[minutes[1]] ?? Number(minutes[1]));
  const seconds = /(\d+|[a-z]+(?:-[a-z]+)?) seconds/.exec(t);
  if (!seconds) throw new Error(`no delay in "${text}"`);
  if (/^\d+$/.test(seconds[1])) return Number(seconds[1]);
  return seconds[1].split('-').reduce((sum, w) => sum + WORD_NUMBERS[w], 0);
}

describe('timespeak samples', () => {
  let dirA: string;
  let dirB: string;
  let samples: BenchSample[];

  beforeAll(async () => {
    dirA = makeWorkDir('timespeak-a');
    dirB = makeWorkDir('timespeak-b');
    samples = (await timespeakSuite.prepare({ size: 'small', workDir: dirA })).samples;
    await timespeakSuite.prepare({ size: 'small', workDir: dirB });
  });
  afterAll(() => {
    removeWorkDir(dirA);
    removeWorkDir(dirB);
  });

  it('are byte-identical when made again from the same seeds, and cover every kind × condition', () => {
    expect(samples.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5].map((k) => TIMESPEAK_SEED_RANGE.first + k));
    for (const sample of samples) expect(hashTree(nodePath.join(dirB, sample.id))).toEqual(hashTree(nodePath.join(dirA, sample.id)));
    const combos = new Set(samples.map((s) => `${(s.truth as TimespeakTruth).kind}/${(s.truth as TimespeakTruth).condition}`));
    expect(combos.size).toBe(6);
  });

  it('load as scenarios whose typed text, length and mic audio match the ground truth', async () => {
    for (const sample of samples) {
      const truth = sample.truth as TimespeakTruth;
      const scenario = await loadScenario(sample.input);
      try {
        expect(scenario.durationMs).toBe(truth.durationMs);
        expect(scenario.text).toEqual([truth.request, ...(truth.stop ? [truth.stop] : [])]);
        for (const due of truth.due) {
          if (due.userTalking) {
            // Speech is on at the due time and ends 400–1800 ms later.
            expect(maxFrameDbfs(scenario.micAudio, due.atMs - 400, due.atMs + 200)).toBeGreaterThan(-35);
            expect(due.talkingUntilMs! - due.atMs).toBeGreaterThanOrEqual(399);
            expect(due.talkingUntilMs! - due.atMs).toBeLessThanOrEqual(1801);
            expect(truth.userSpeech.some((s) => s.fromMs <= due.atMs - 500 && s.toMs === due.talkingUntilMs)).toBe(true);
          } else {
            // Nothing but the −60 dBFS noise floor within 3 s of a silent due moment.
            expect(maxFrameDbfs(scenario.micAudio, due.atMs - 3000, due.atMs + 3000)).toBeLessThan(-50);
          }
        }
      } finally {
        scenario.close();
      }
    }
  });

  it('put every due moment where the typed request says, and the content in the request', async () => {
    const dir = makeWorkDir('timespeak-more');
    try {
      for (let k = 0; k < 18; k++) {
        const sampleDir = nodePath.join(dir, String(k));
        fs.mkdirSync(sampleDir);
        const truth = (await makeTimespeakSample(TIMESPEAK_SEED_RANGE.first + k, k, sampleDir)).truth as TimespeakTruth;
        expect(truth.request.text.toLowerCase()).toContain(truth.content.text.toLowerCase());
        const seconds = secondsIn(truth.request.text);
        if (truth.kind === 'repeat_until_stop') {
          expect(truth.periodMs).toBe(seconds * 1000);
          truth.due.forEach((due, i) => expect(due.atMs).toBe(truth.request.atMs + (i + 1) * seconds * 1000));
          expect(truth.due.length).toBeGreaterThanOrEqual(2);
          expect(truth.stop!.atMs).toBeGreaterThan(truth.due[truth.due.length - 1].atMs);
          expect(truth.stop!.atMs).toBeLessThan(truth.nextDueIfNotStoppedMs!);
          expect(truth.stop!.text).toMatch(/stop/);
        } else {
          expect(truth.due).toEqual([expect.objectContaining({ atMs: truth.request.atMs + seconds * 1000 })]);
        }
        // The user never says the words the assistant is asked to say.
        for (const speech of truth.userSpeech) {
          for (const keyword of truth.content.keywords) expect(speech.text.toLowerCase().split(/[^a-z]+/)).not.toContain(keyword);
        }
      }
    } finally {
      removeWorkDir(dir);
    }
  });
});
