// A bad harness config is CONFIG_INVALID naming the field; the shipped file spells out exactly the defaults.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import {
  defaultHarnessConfigPath,
  HARNESS_CONFIG_DEFAULTS,
  loadHarnessConfig,
  parseHarnessConfig,
} from '../../../../main/models/harness/config';
import { HarnessModel } from '../../../../main/models/harness/harness';

function configError(run: () => unknown): TandemError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('CONFIG_INVALID');
    return error as TandemError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('harness config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships a file that lists every field at its documented default', async () => {
    const shipped = JSON.parse(readFileSync(defaultHarnessConfigPath(), 'utf8'));
    const { $comment, ...fields } = shipped;
    expect($comment).toMatch(/background model/i);
    expect(fields).toEqual(HARNESS_CONFIG_DEFAULTS);
    expect(await loadHarnessConfig()).toEqual({ ...HARNESS_CONFIG_DEFAULTS, $comment });
  });

  it('has the documented defaults', () => {
    expect(HARNESS_CONFIG_DEFAULTS.vad).toMatchObject({ onsetProbability: 0.5, offsetProbability: 0.35, minSpeechMs: 96, intraOpThreads: 1 });
    expect(HARNESS_CONFIG_DEFAULTS.turnTaking.silenceTimeoutMs).toBe(700);
    expect(HARNESS_CONFIG_DEFAULTS.reply.text).toBe('I hear you. Tell me more about that.');
    expect(HARNESS_CONFIG_DEFAULTS.backchannel.text).toBe('mm-hmm');
  });

  it('names a field with a value out of range', () => {
    const error = configError(() => parseHarnessConfig({ vad: { onsetProbability: 1.5 } }, 'my.json'));
    expect(error.where).toBe('my.json: vad.onsetProbability');
    expect(error.message).toContain('vad.onsetProbability');
  });

  it('names a field of the wrong type', () => {
    expect(configError(() => parseHarnessConfig({ turnTaking: { silenceTimeoutMs: '700' } })).where).toBe('harness config: turnTaking.silenceTimeoutMs');
  });

  it('names an unknown field (a typo would otherwise be ignored silently)', () => {
    expect(configError(() => parseHarnessConfig({ bargeIn: { minUserSpeechMS: 300 } })).where).toBe('harness config: bargeIn.minUserSpeechMS');
  });

  it('names the field of a rule that spans two fields', () => {
    expect(configError(() => parseHarnessConfig({ vad: { onsetProbability: 0.3 } })).where).toBe('harness config: vad.offsetProbability');
    expect(configError(() => parseHarnessConfig({ backchannel: { minPauseMs: 900 } })).where).toBe('harness config: backchannel.minPauseMs');
  });

  it('rejects a file that is not JSON, naming the file', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "vad": ');
    await expect(loadHarnessConfig(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID', where: path });
  });

  it('takes a relative vad.modelPath relative to the config file', async () => {
    const path = join(dir, 'relative.json');
    writeFileSync(path, JSON.stringify({ vad: { modelPath: 'models/vad.onnx' } }));
    expect((await loadHarnessConfig(path)).vad.modelPath).toBe(join(dir, 'models/vad.onnx'));
  });

  it('refuses to load the harness with a bad config', async () => {
    await expect(HarnessModel.load({ reply: { text: '   ' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', where: 'harness config: reply.text' });
  });
});
