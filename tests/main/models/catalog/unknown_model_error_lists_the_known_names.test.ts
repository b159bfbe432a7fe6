// Asking for a model the catalog does not have fails with the list of the names it does have, for every operation.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';
import { tempStoreDir, testCatalog } from './modelServer.fixture';

const temp = tempStoreDir('unknown');
afterEach(() => temp.remove());

const file = (name: string) => ({ path: 'w.bin', url: `https://example.org/${name}/w.bin`, sha256: null, sizeBytes: null, approxBytes: null, revision: 'r1' });

describe('unknown model', () => {
  it.each(['pull', 'verify', 'remove', 'resolve'] as const)('%s names the known models', async (operation) => {
    const store = new ModelStore({ catalog: testCatalog([{ name: 'alpha', files: [file('alpha')] }, { name: 'beta', files: [file('beta')] }]), modelsDir: join(temp.dir, 'models') });
    const failure = await Promise.resolve()
      .then(() => (store[operation] as (name: string) => Promise<unknown>).call(store, 'gamma'))
      .catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'UNKNOWN_MODEL')).toBe(true);
    expect((failure as Error).message).toBe('Unknown model "gamma" (model catalog). Known models: alpha, beta.');
  });
});
