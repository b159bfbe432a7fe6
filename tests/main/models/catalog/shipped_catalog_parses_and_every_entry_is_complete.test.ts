// The catalog that ships in resources/ parses with the strict schema, and every entry is complete and pinned to a revision.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, parseCatalog, MODEL_ROLES } from '../../../../main/models/catalog/catalogSchema';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
const catalog = loadCatalog(join(REPO_ROOT, 'resources/catalog.json'));

describe('resources/catalog.json', () => {
  it('has an ASR, a TTS and an LLM model, each role with exactly one default', () => {
    for (const role of ['asr', 'tts', 'llm'] as const) {
      expect(catalog.models.filter((model) => model.role === role).length, role).toBeGreaterThan(0);
      expect(catalog.models.filter((model) => model.role === role && model.default).length, role).toBe(1);
    }
    expect(catalog.models.map((model) => model.name)).toEqual(expect.arrayContaining(['moonshine-tiny', 'moonshine-base']));
    expect(catalog.models.every((model) => MODEL_ROLES.includes(model.role))).toBe(true);
  });

  it('pins every URL to the revision it names, on huggingface.co over https', () => {
    for (const model of catalog.models) {
      for (const file of model.files) {
        expect(file.revision, `${model.name}/${file.path}`).toMatch(/^[0-9a-f]{40}$/);
        expect(file.url, `${model.name}/${file.path}`).toMatch(new RegExp(`^https://huggingface\\.co/[^/]+/[^/]+/resolve/${file.revision}/.+$`));
        // The URL ends with the file's name, so the file saved is the one the entry is about.
        expect(file.url.endsWith(`/${file.path.split('/').pop()}`), `${model.name}/${file.path}`).toBe(true);
      }
    }
  });

  it('gives each model its weights with a published checksum (the large files), and each checksum once', () => {
    const weights = catalog.models.flatMap((model) => model.files.filter((file) => /\.(onnx|gguf)$/.test(file.path)).map((file) => ({ model: model.name, file })));
    const published = weights.filter(({ file }) => file.sha256 !== null);
    // moonshine-tiny's fp32 decoder has no published checksum found; it is pinned on first download (docs/models.md).
    expect(weights.filter(({ file }) => file.sha256 === null).map(({ model, file }) => `${model}/${file.path}`)).toEqual(['moonshine-tiny/onnx/decoder_model_merged.onnx']);
    const hashes = published.map(({ file }) => file.sha256);
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const model of catalog.models) {
      expect(model.files.some((file) => file.sha256 !== null), model.name).toBe(true);
      expect(model.hardware.note.length).toBeGreaterThan(10);
      expect(model.licence.length).toBeGreaterThan(2);
    }
  });

  it('rejects an incomplete entry, naming the field', () => {
    const broken = structuredClone(catalog) as unknown as { models: Array<{ files: Array<Record<string, unknown>> }> };
    delete broken.models[1].files[0].revision;
    expect(() => parseCatalog(broken, 'catalog.json')).toThrowError(/models\[1\]\.files\[0\]\.revision/);
    const escaping = structuredClone(catalog) as unknown as { models: Array<{ files: Array<Record<string, unknown>> }> };
    escaping.models[0].files[0].path = '../../outside.onnx';
    let caught: unknown;
    try {
      parseCatalog(escaping, 'catalog.json');
    } catch (error) {
      caught = error;
    }
    expect(isModelStoreError(caught, 'CATALOG_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/models\[0\]\.files\[0\]\.path/);
  });
});
