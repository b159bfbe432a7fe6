// The run length is whole micro-turns (explicit or from the last input); inputs past an explicit end are errors; overlapping clips are summed and clamped.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { expectTandemErrorAsync, makeTempDir, removeTempDir, rms, runTool, toneAmplitude } from '../media/mediaFixtures';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = makeTempDir('scenario-duration');
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(dir, 'a04.wav'), 'synth', '1', 'sine', '500', 'vol', '0.4']);
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(dir, 'a07.wav'), 'synth', '1', 'sine', '500', 'vol', '0.7']);
});
afterAll(() => removeTempDir(dir));

function scenarioFile(content: object): string {
  const file = nodePath.join(dir, `case${counter++}.scenario.json`);
  fs.writeFileSync(file, JSON.stringify({ version: 1, name: 'duration', ...content }));
  return file;
}

describe('scenario duration', () => {
  it('an explicit durationMs is rounded up to a multiple of 200 ms; a longer clip is cut there', async () => {
    const scenario = await loadScenario(scenarioFile({ durationMs: 601, mic: [{ file: 'a04.wav' }] }));
    expect(scenario.durationMs).toBe(800);
    expect(scenario.micAudio.length).toBe(800 * 16);
    expect(scenario.exactSamples).toBe(800 * 16);
  });

  it('without durationMs, a text event counts as an input (the run goes past it)', async () => {
    const scenario = await loadScenario(scenarioFile({ text: [{ atMs: 1200, text: 'hi' }] }));
    expect(scenario.durationMs).toBe(1400);
    expect(rms(scenario.micAudio)).toBe(0);
  });

  it('a clip placed late extends the run to its end', async () => {
    const scenario = await loadScenario(scenarioFile({ mic: [{ file: 'a04.wav', atMs: 2050 }] }));
    expect(scenario.durationMs).toBe(3200); // 2050 + 1000 = 3050 → 3200
    expect(rms(scenario.micAudio.subarray(0, 2050 * 16))).toBe(0);
    expect(toneAmplitude(scenario.micAudio.subarray(2100 * 16, 3000 * 16), 500, 16000)).toBeCloseTo(0.4, 2);
  });

  it('inputs that start at or after an explicit end are errors naming them', async () => {
    await expectTandemErrorAsync(
      () => loadScenario(scenarioFile({ durationMs: 1000, text: [{ atMs: 100, text: 'ok' }, { atMs: 1000, text: 'late' }], mic: [{ file: 'a04.wav', atMs: 1500 }] })),
      'SCENARIO_INVALID',
      ['mic[0].atMs = 1500', 'text[1].atMs = 1000', 'durationMs 1000'],
    );
  });

  it('expectations that cannot fit in the run are errors', async () => {
    await expectTandemErrorAsync(
      () => loadScenario(scenarioFile({ durationMs: 1000, expect: { minTurns: 6, actions: [{ action: 'listen', fromMs: 1000, toMs: 1200 }] } })),
      'SCENARIO_INVALID',
      ['expect.actions[0].fromMs', 'expect.minTurns: 6 micro-turns cannot happen in 1000 ms (5 micro-turns)'],
    );
  });

  it('a scenario with nothing in it has no length', async () => {
    await expectTandemErrorAsync(() => loadScenario(scenarioFile({})), 'SCENARIO_INVALID', ['no inputs and no durationMs']);
  });
});

describe('mic mixing', () => {
  it('overlapping clips are summed', async () => {
    const scenario = await loadScenario(scenarioFile({ mic: [{ file: 'a04.wav' }, { file: 'a04.wav', atMs: 0 }] }));
    expect(toneAmplitude(scenario.micAudio.subarray(1600, 14400), 500, 16000)).toBeCloseTo(0.8, 2);
  });

  it('a sum beyond full scale is clamped to [-1, 1]', async () => {
    const scenario = await loadScenario(scenarioFile({ mic: [{ file: 'a07.wav' }, { file: 'a07.wav' }] }));
    let peak = 0;
    for (const value of scenario.micAudio) peak = Math.max(peak, Math.abs(value));
    expect(peak).toBe(1);
  });
});
