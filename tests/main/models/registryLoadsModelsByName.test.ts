// loadInteractionModel knows `harness` and `native`; an unknown name is a USAGE error that lists the known ones.

import { describe, expect, it } from 'vitest';
import { INTERACTION_MODEL_NAMES, loadInteractionModel } from '../../../main/models/registry';

describe('interaction model registry', () => {
  it('loads the harness with the shipped config', async () => {
    const model = await loadInteractionModel('harness');
    expect(model.name).toBe('harness');
    expect(model.runtime).toContain('onnxruntime cpu');
    await model.dispose();
  });

  it('passes a config object and a VAD path override through', async () => {
    await expect(loadInteractionModel('harness', { vadModelPath: '/nowhere/silero.onnx' })).rejects.toMatchObject({
      code: 'MODEL_MISSING',
      where: '/nowhere/silero.onnx',
    });
    await expect(loadInteractionModel('harness', { config: { turnTaking: { silenceTimeoutMs: -1 } } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      where: 'config option: turnTaking.silenceTimeoutMs',
    });
  });

  it('rejects an unknown name and lists the known ones', async () => {
    expect(INTERACTION_MODEL_NAMES).toEqual(['harness', 'native']);
    await expect(loadInteractionModel('nativ')).rejects.toMatchObject({ code: 'USAGE', hint: 'Use one of: harness, native.' });
    await expect(loadInteractionModel('toString')).rejects.toMatchObject({ code: 'USAGE' });
  });
});
