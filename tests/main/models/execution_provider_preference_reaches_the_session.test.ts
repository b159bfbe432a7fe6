// The settings' execution-provider preference becomes the provider list onnxruntime tries; without one the model config decides (the CLI's CPU default).

import { describe, expect, it } from 'vitest';
import { loadInteractionModel, providersForPreference } from '../../../main/models/registry';

describe('execution provider preference', () => {
  it.each([
    [undefined, 'linux', undefined],
    ['auto', 'linux', ['cuda', 'cpu']],
    ['auto', 'win32', ['cuda', 'dml', 'cpu']],
    ['auto', 'darwin', ['coreml', 'cpu']],
    ['cpu', 'linux', ['cpu']],
    ['cuda', 'linux', ['cuda', 'cpu']],
    ['coreml', 'linux', ['coreml', 'cpu']],
  ] as const)('%s on %s → %j', (preference, platform, providers) => {
    expect(providersForPreference(preference, platform)).toEqual(providers);
  });

  it('loads the harness on the preferred provider and falls back to CPU where the GPU provider is missing', async () => {
    const model = await loadInteractionModel('harness', { executionProvider: 'cuda' });
    try {
      const provider = (model as unknown as { provider: { name: string; tried: Array<{ name: string; ok: boolean }> } }).provider;
      // This machine has no CUDA: the attempt is reported, and the session runs on CPU.
      expect(provider.tried.map((attempt) => [attempt.name, attempt.ok])).toEqual([['cuda', false], ['cpu', true]]);
      expect(provider.name).toBe('cpu');
    } finally {
      await model.dispose();
    }
  });
});
