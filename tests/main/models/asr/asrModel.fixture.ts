// A Moonshine-signature model the tests build (main/models/asr/signatureModel.ts) and install through the real model store.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOONSHINE_FILES } from '../../../../main/models/asr/moonshineRecognizer';
import { writeSignatureModel } from '../../../../main/models/asr/signatureModel';
import { loadCatalog } from '../../../../main/models/catalog/catalogSchema';
import { ModelStore } from '../../../../main/models/catalog/modelStore';

/** The test model's pieces (ids 3…) and the transcript it spells, one token per 200 ms of audio. */
export const TEST_PIECES = ['▁hello', '▁wor', 'ld', '▁how', '▁are', '▁you', '<0x3F>', '▁caf', '<0xC3>', '<0xA9>', '▁today'];
export const TEST_SCRIPT = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** The script's ids as the decoder emits them. */
export const TEST_SCRIPT_IDS = TEST_SCRIPT.map((index) => 3 + index);
export const TEST_TEXT = 'hello world how are you? café today';

export function writeTestModel(dir: string): Record<string, string> {
  return writeSignatureModel(dir, { pieces: TEST_PIECES, script: TEST_SCRIPT, layers: 2, heads: 2, headDim: 4, maxPositions: 64 }).files;
}

export interface InstalledTestAsr {
  catalogPath: string;
  modelsDir: string;
  /** Environment for the CLI: TANDEM_CATALOG and TANDEM_MODELS_DIR. */
  env: Record<string, string>;
}

/**
 * Writes a catalog whose default ASR is `name` (with these files' real checksums) and, unless `install` is false,
 * puts the files in the models folder and lets ModelStore.pull record them (they match, so nothing is fetched).
 * `corrupt` replaces one file's bytes with garbage before the checksums are taken.
 */
export async function installTestAsr(root: string, options: { name?: string; install?: boolean; corrupt?: string } = {}): Promise<InstalledTestAsr> {
  const name = options.name ?? 'test-moonshine';
  const modelsDir = join(root, 'models');
  const modelDir = join(modelsDir, name);
  const staging = join(root, 'staging');
  const files = writeTestModel(options.install === false ? staging : modelDir);
  if (options.corrupt) writeFileSync(files[options.corrupt], 'this is not an ONNX model');
  const catalog = {
    version: 1,
    models: [
      {
        name,
        role: 'asr',
        description: 'A tiny model with Moonshine\'s ONNX signature, built by the tests.',
        licence: 'MIT',
        homepage: 'https://huggingface.co/onnx-community/moonshine-tiny-ONNX',
        default: true,
        hardware: { minRamMiB: 16, gpuUseful: false, cpuRealTimeFactor: null, note: 'test model' },
        files: Object.values(MOONSHINE_FILES).map((path) => {
          const bytes = readFileSync(files[path]);
          return {
            path,
            // Never fetched: the files are in place with matching checksums.
            url: `http://127.0.0.1:9/test-moonshine/resolve/test/${path}`,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            sizeBytes: bytes.length,
            approxBytes: bytes.length,
            revision: 'test',
          };
        }),
      },
    ],
  };
  mkdirSync(root, { recursive: true });
  const catalogPath = join(root, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog, null, 2));
  if (options.install !== false) await new ModelStore({ catalog: loadCatalog(catalogPath), modelsDir }).pull(name);
  return { catalogPath, modelsDir, env: { TANDEM_CATALOG: catalogPath, TANDEM_MODELS_DIR: modelsDir } };
}
