// resolve() is what loaders call: for a model that is not installed it fails with the exact command to run.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';
import { tempStoreDir, testCatalog } from './modelServer.fixture';

const temp = tempStoreDir('resolve');
afterEach(() => temp.remove());

describe('ModelStore.resolve', () => {
  it('names `npx tandem models pull NAME` when the model is not installed', async () => {
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'moon', files: [{ path: 'onnx/enc.onnx', url: 'https://example.org/enc.onnx', sha256: null, sizeBytes: null, approxBytes: null, revision: 'r' }] }]),
      modelsDir: join(temp.dir, 'models'),
    });
    const failure = await store.resolve('moon').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'NOT_INSTALLED')).toBe(true);
    expect((failure as Error).message).toBe(
      `Model "moon" is not installed (onnx/enc.onnx is missing) (${join(temp.dir, 'models', 'moon')}). Run \`npx tandem models pull moon\`.`,
    );
  });
});
