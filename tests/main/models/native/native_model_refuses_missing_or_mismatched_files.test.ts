// Loading the native model: a missing manifest, a manifest of another contract, a missing graph each get an error that says what to do.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInteractionModel } from '../../../../main/models/registry';
import { loadNativeManifest } from '../../../../main/models/native/manifest';

const dir = mkdtempSync(join(tmpdir(), 'tandem-native-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeManifest(name: string, change: (manifest: Record<string, unknown>) => void): string {
  const manifest = JSON.parse(JSON.stringify(loadNativeManifest())) as Record<string, unknown>;
  for (const key of ['dir', 'onnxPath', 'vocabPath']) delete manifest[key];
  manifest.onnx = join(loadNativeManifest().dir, manifest.onnx as string);
  manifest.vocab = join(loadNativeManifest().dir, manifest.vocab as string);
  change(manifest);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

describe('loading the native model', () => {
  it('says the model is not installed when the manifest is missing', async () => {
    await expect(loadInteractionModel('native', { configPath: join(dir, 'nowhere.json') })).rejects.toMatchObject({
      code: 'MODEL_MISSING',
      where: join(dir, 'nowhere.json'),
      hint: expect.stringContaining('--im harness'),
    });
  });

  it('refuses a model trained for another input contract', async () => {
    const path = writeManifest('old.json', (m) => (m.contractVersion = 0));
    await expect(loadInteractionModel('native', { configPath: path })).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('contract 0') });
  });

  it('names the field of a manifest that is not valid', async () => {
    const path = writeManifest('bad.json', (m) => ((m.thresholds as Record<string, unknown>).speak = 2));
    await expect(loadInteractionModel('native', { configPath: path })).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('thresholds.speak') });
  });

  it('says where the graph should be when it is missing', async () => {
    const path = writeManifest('nograph.json', (m) => (m.onnx = 'missing.onnx'));
    await expect(loadInteractionModel('native', { configPath: path })).rejects.toMatchObject({ code: 'MODEL_MISSING', where: join(dir, 'missing.onnx') });
  });

  it('loads the shipped model on one CPU thread', async () => {
    const model = await loadInteractionModel('native');
    expect(model.name).toBe('native');
    expect(model.runtime).toMatch(/on onnxruntime cpu, 1 thread$/);
    await model.dispose();
  });
});
