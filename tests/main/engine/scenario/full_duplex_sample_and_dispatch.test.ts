// A Full-Duplex-Bench sample folder loads with its exact length; loadInput tells folders, scenario files and everything else apart.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFullDuplexSample, loadInput } from '../../../../main/engine/scenario/load';
import { expectTandemErrorAsync, makeTempDir, removeTempDir, runTool } from '../media/mediaFixtures';

let dir: string;
let sample: string;
beforeAll(() => {
  dir = makeTempDir('fd-bench');
  sample = nodePath.join(dir, 'sample_0007');
  fs.mkdirSync(sample);
  // 12 345 samples: not a whole number of micro-turns (771.5625 ms).
  runTool('sox', ['-r', '16000', '-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(sample, 'input.wav'), 'synth', '12345s', 'sine', '300']);
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(sample, 'clean_input.wav'), 'synth', '0.5', 'sine', '300']);
  fs.writeFileSync(nodePath.join(sample, 'interrupt.json'), JSON.stringify([{ timestamp: [0.2, 0.4] }]));
});
afterAll(() => removeTempDir(dir));

describe('Full-Duplex-Bench sample folders', () => {
  it('the mic is input.wav and the run lasts exactly as long, not rounded to a micro-turn', async () => {
    const loaded = await loadFullDuplexSample(sample);
    expect(loaded.kind).toBe('full-duplex-bench');
    expect(loaded.name).toBe('sample_0007');
    expect(loaded.sourcePath).toBe(sample);
    expect(loaded.exactSamples).toBe(12345);
    expect(loaded.micAudio.length).toBe(12345);
    expect(loaded.durationMs).toBe(771.5625);
    expect(loaded.micGaps).toEqual([]);
    expect(loaded.text).toEqual([]);
    expect(loaded.camera).toBeUndefined();
    expect(loaded.inputs).toHaveLength(1);
    expect(loaded.inputs[0]).toMatchObject({ field: 'input.wav', path: nodePath.join(sample, 'input.wav'), fileCount: 1 });
    expect(loaded.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    loaded.close();
  });

  it('a 24 kHz stereo input.wav is converted and keeps its length in time', async () => {
    const other = nodePath.join(dir, 'sample_24k');
    fs.mkdirSync(other);
    runTool('sox', ['-n', '-r', '24000', '-c', '2', '-b', '16', nodePath.join(other, 'input.wav'), 'synth', '1.5', 'sine', '300']);
    const loaded = await loadFullDuplexSample(other);
    expect(loaded.exactSamples).toBe(24000);
    expect(loaded.durationMs).toBe(1500);
  });
});

describe('loadInput', () => {
  it('a folder with input.wav is a Full-Duplex-Bench sample', async () => {
    expect((await loadInput(sample)).kind).toBe('full-duplex-bench');
  });

  it('a .json file is a scenario', async () => {
    const file = nodePath.join(dir, 'tiny.scenario.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, name: 'tiny', mic: [{ file: 'sample_0007/input.wav' }] }));
    const loaded = await loadInput(file);
    expect(loaded.kind).toBe('scenario');
    expect(loaded.durationMs).toBe(800);
  });

  it('a folder without input.wav, or another kind of file, is a USAGE error explaining both forms', async () => {
    const empty = nodePath.join(dir, 'empty');
    fs.mkdirSync(empty);
    const error = await expectTandemErrorAsync(() => loadInput(empty), 'USAGE', ['no input.wav', empty]);
    expect(error.hint).toContain('*.scenario.json');
    expect(error.hint).toContain('Full-Duplex-Bench sample folder');
    await expectTandemErrorAsync(() => loadInput(nodePath.join(sample, 'input.wav')), 'USAGE', ['input.wav']);
  });

  it('a path that does not exist is INPUT_NOT_FOUND', async () => {
    await expectTandemErrorAsync(() => loadInput(nodePath.join(dir, 'ghost')), 'INPUT_NOT_FOUND', ['ghost']);
  });
});
