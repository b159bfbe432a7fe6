// verify re-hashes installed files and reports one that changed on disk; resolve refuses to hand out its path.

import { appendFileSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
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
  temp = tempStoreDir('verify');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('ModelStore.verify', () => {
  it('reports ok, then the corrupted file with both hashes, then the missing one', async () => {
    const encoder = randomContent(100_000);
    const decoder = randomContent(150_000);
    server.serve('/m/encoder.onnx', encoder);
    server.serve('/m/decoder.onnx', decoder);
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/encoder.onnx', encoder), catalogFileFor(server, '/m/decoder.onnx', decoder)] }]),
      modelsDir: join(temp.dir, 'models'),
    });
    await store.pull('m');
    expect(await store.verify('m')).toEqual({
      name: 'm',
      ok: true,
      files: [
        { path: 'encoder.onnx', status: 'ok', expectedSha256: sha256Of(encoder), actualSha256: sha256Of(encoder) },
        { path: 'decoder.onnx', status: 'ok', expectedSha256: sha256Of(decoder), actualSha256: sha256Of(decoder) },
      ],
    });

    // Flip one byte in place: same size, so only hashing can tell.
    const path = join(temp.dir, 'models/m/decoder.onnx');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([decoder[777] ^ 0x01]), 0, 1, 777);
    closeSync(fd);
    const corrupted = Buffer.from(decoder);
    corrupted[777] ^= 0x01;

    const result = await store.verify('m');
    expect(result.ok).toBe(false);
    expect(result.files[1]).toEqual({ path: 'decoder.onnx', status: 'mismatch', expectedSha256: sha256Of(decoder), actualSha256: sha256Of(corrupted) });
    const failure = await store.resolve('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'CORRUPT')).toBe(true);
    expect((failure as Error).message).toContain('npx tandem models remove m');

    // A pull repairs it: the changed file is fetched again, the intact one is not.
    appendFileSync(path, 'x');
    await store.pull('m');
    expect(server.requests.map((request) => request.path)).toEqual(['/m/encoder.onnx', '/m/decoder.onnx', '/m/decoder.onnx']);
    expect((await store.verify('m')).ok).toBe(true);

    rmSync(join(temp.dir, 'models/m/encoder.onnx'));
    expect((await store.verify('m')).files[0]).toEqual({ path: 'encoder.onnx', status: 'missing', expectedSha256: sha256Of(encoder), actualSha256: null });
  });
});
