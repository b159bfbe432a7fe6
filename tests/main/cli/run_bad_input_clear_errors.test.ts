// Every way a user can get `tandem run` wrong ends with a non-zero exit and one `tandem:` line naming the file or field — never a stack trace.

import { execFileSync } from 'node:child_process';
import { copyFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, TempDirs, ensureBuilt, runTandem, type TandemResult } from './cli.fixture';
import { readPcm16Wav, readSummary, singleErrorLine, speechWav, transcode, writeScenario } from './cliMedia.fixture';

const temp = new TempDirs();
/** Scratch folder every command runs in, so relative --out folders land here too. */
let dir: string;
/** A valid 16 kHz scenario, for the cases where the problem is elsewhere. */
let goodScenario: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = temp.make('bad-input');
  copyFileSync(join(DEMO_DIR, 'user.wav'), join(dir, 'user.wav'));
  goodScenario = writeScenario(dir, 'good.scenario.json', { version: 1, name: 'good', durationMs: 1000, mic: [{ file: 'user.wav', atMs: 0 }] });
});
afterAll(() => temp.removeAll());

function tandem(...args: string[]): Promise<TandemResult> {
  return runTandem(args, { cwd: dir });
}

/** A non-zero exit with exactly one `tandem: …` line on stderr that contains every one of `names`, and no stack frames. */
function expectCleanFailure(result: TandemResult, ...names: string[]): string {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('unexpected failure');
  const line = singleErrorLine(result.stderr);
  expect(line.startsWith('tandem: ')).toBe(true);
  for (const name of names) expect(line).toContain(name);
  return line;
}

describe('tandem run with bad input', () => {
  it('names a missing input path', async () => {
    const result = await tandem('run', 'nowhere.scenario.json', '--out', 'out');
    const line = expectCleanFailure(result, join(dir, 'nowhere.scenario.json'));
    expect(line).toMatch(/not found/i);
  });

  it('names the scenario field with a bad value: text[0].atMs', async () => {
    const scenario = writeScenario(dir, 'bad-field.scenario.json', { version: 1, name: 'bad field', mic: [{ file: 'user.wav' }], text: [{ atMs: -5, text: 'hello' }] });
    expectCleanFailure(await tandem('run', scenario, '--out', 'out'), scenario, 'text[0].atMs');
  });

  it('names an unknown scenario key and lists the allowed ones', async () => {
    const scenario = writeScenario(dir, 'unknown-key.scenario.json', { version: 1, name: 'typo', mic: [{ file: 'user.wav' }], micGap: [] });
    const line = expectCleanFailure(await tandem('run', scenario, '--out', 'out'), scenario, '"micGap"');
    expect(line).toContain('micGaps');
  });

  it('names a truncated wav and says how to repair it', async () => {
    const truncated = join(dir, 'truncated.wav');
    const half = Math.floor(statSync(join(dir, 'user.wav')).size / 2);
    writeFileSync(truncated, execFileSync('head', ['-c', String(half), join(dir, 'user.wav')]));
    const scenario = writeScenario(dir, 'truncated.scenario.json', { version: 1, name: 'truncated', mic: [{ file: 'truncated.wav' }] });
    const line = expectCleanFailure(await tandem('run', scenario, '--out', 'out'), truncated, 'mic[0].file');
    expect(line).toMatch(/truncated/i);
    expect(line).toMatch(/repair/i);
    expect(line).toContain(`sox "${truncated}"`);
  });

  it('names a file that is not a wav although it is called .wav', async () => {
    const ogg = join(dir, 'speech.ogg');
    transcode(join(dir, 'user.wav'), ogg, 'ogg');
    const disguised = join(dir, 'disguised.wav');
    renameSync(ogg, disguised);
    const scenario = writeScenario(dir, 'disguised.scenario.json', { version: 1, name: 'disguised', mic: [{ file: 'disguised.wav' }] });
    const line = expectCleanFailure(await tandem('run', scenario, '--out', 'out'), disguised);
    expect(line).toContain('Not a RIFF/WAVE file');
    expect(line).toMatch(/convert/i);
  });

  it('names an output folder that cannot be created (its parent is a regular file)', async () => {
    // Tests run as root, so permissions alone would not stop a write; a file where a folder must be does.
    const parentFile = join(dir, 'a-regular-file');
    writeFileSync(parentFile, 'not a folder');
    const out = join(parentFile, 'out');
    const line = expectCleanFailure(await tandem('run', goodScenario, '--out', out), out);
    expect(line).toMatch(/output folder/i);
  });

  it('asks for --out when it is missing', async () => {
    const result = await tandem('run', goodScenario);
    expectCleanFailure(result, '--out');
    expect(result.code).toBe(2);
  });

  it('names an unknown command', async () => {
    const result = await tandem('rnu', goodScenario, '--out', 'out');
    expectCleanFailure(result, '"rnu"', 'tandem --help');
    expect(result.code).toBe(2);
  });

  it('lists `harness` for an unknown --im name', async () => {
    const result = await tandem('run', goodScenario, '--out', 'out', '--im', 'gpt-voice');
    expectCleanFailure(result, '"gpt-voice"', '--im', 'harness');
    expect(result.code).toBe(2);
  });

  it('names a missing VAD model file from --im-config and how to get one', async () => {
    const config = join(dir, 'missing-vad.config.json');
    writeFileSync(config, JSON.stringify({ vad: { modelPath: 'models/silero_vad_v5.onnx' } }));
    // Relative model paths are taken relative to the config file.
    const line = expectCleanFailure(await tandem('run', goodScenario, '--out', 'out', '--im-config', config), join(dir, 'models/silero_vad_v5.onnx'));
    expect(line).toContain('npm ci');
    expect(line).toContain('vad.modelPath');
  });

  it('names an invalid harness config field', async () => {
    const config = join(dir, 'bad-field.config.json');
    writeFileSync(config, JSON.stringify({ turnTaking: { silenceTimeoutMs: -100 } }));
    expectCleanFailure(await tandem('run', goodScenario, '--out', 'out', '--im-config', config), 'turnTaking.silenceTimeoutMs', config);
  });
});

describe('tandem run with unusual but valid input', () => {
  it('accepts a 44.1 kHz wav in a scenario and resamples it to 16 kHz', async () => {
    speechWav(join(dir, 'cd-quality.wav'), 'This recording is at compact disc quality.', { rateHz: 44_100, leadMs: 200 });
    const scenario = writeScenario(dir, 'cd-quality.scenario.json', { version: 1, name: 'cd quality', mic: [{ file: 'cd-quality.wav' }] });
    const out = join(dir, 'cd-quality-out');
    const result = await tandem('run', scenario, '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = readSummary(out);
    expect(summary.input.durationMs % 200).toBe(0);
    const output = readPcm16Wav(join(out, 'output.wav'));
    expect([output.sampleRateHz, output.channels]).toEqual([16_000, 1]);
    expect(output.samples.length).toBe(summary.input.samples);
  });
});
