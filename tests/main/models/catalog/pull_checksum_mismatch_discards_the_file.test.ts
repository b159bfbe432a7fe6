// A downloaded file whose sha256 differs from the catalog's is deleted, with an error naming the expected and actual hash and the URL.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';
import { ModelFileServer, catalogFileFor, randomContent, sha256Of, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('mismatch');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('checksum mismatch', () => {
  it('deletes the .part, installs nothing and says what was expected and what came', async () => {
    const published = randomContent(200_000);
    const tampered = Buffer.from(published);
    tampered[12_345] ^= 0xff;
    server.serve('/m/weights.bin', tampered);
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', published)] }]), modelsDir: join(temp.dir, 'models') });

    const failure = await store.pull('m').catch((error: unknown) => error);

    expect(isModelStoreError(failure, 'CHECKSUM_MISMATCH')).toBe(true);
    const message = (failure as Error).message;
    expect(message).toContain(`expected sha256 ${sha256Of(published)}, got ${sha256Of(tampered)}`);
    expect(message).toContain(server.url('/m/weights.bin'));
    expect(existsSync(join(temp.dir, 'models/m/weights.bin.part'))).toBe(false);
    expect(existsSync(join(temp.dir, 'models/m/weights.bin'))).toBe(false);
    expect((await store.list())[0].state).toBe('absent');
    // Not retried: a wrong file is not a network hiccup.
    expect(server.requests).toHaveLength(1);
  });
});
