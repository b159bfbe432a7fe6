// Not enough free disk space fails the pull before any byte is written or requested, saying how much is needed and free.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('space');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('disk-space check', () => {
  it('refuses when the files need more than is free, before any request', async () => {
    const weights = randomContent(3_000_000);
    server.serve('/m/weights.bin', weights);
    const asked: string[] = [];
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]),
      modelsDir: join(temp.dir, 'models'),
      freeSpace: async (path) => {
        asked.push(path);
        return { freeBytes: 1_000_000 };
      },
    });

    const failure = await store.pull('m').catch((error: unknown) => error);

    expect(isModelStoreError(failure, 'NO_DISK_SPACE')).toBe(true);
    expect((failure as Error).message).toContain('needs 3.0 MB, 1.0 MB free');
    expect((failure as Error).message).toContain('TANDEM_MODELS_DIR');
    expect(asked).toEqual([join(temp.dir, 'models/m')]);
    expect(server.requests).toEqual([]);
    expect(readdirSync(join(temp.dir, 'models/m')).filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('with no size in the catalog, checks the Content-Length before writing the body', async () => {
    const weights = randomContent(2_000_000);
    server.serve('/m/weights.bin', weights);
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights, { sizeBytes: null, approxBytes: null })] }]),
      modelsDir: join(temp.dir, 'models'),
      freeSpace: async () => ({ freeBytes: 1_500_000 }),
    });

    const failure = await store.pull('m').catch((error: unknown) => error);

    expect(isModelStoreError(failure, 'NO_DISK_SPACE')).toBe(true);
    expect((failure as Error).message).toContain('needs 2.0 MB, 1.5 MB free');
    expect(existsSync(join(temp.dir, 'models/m/weights.bin.part'))).toBe(false);
  });

  it('counts only what is still missing: a .part already on disk needs no space again', async () => {
    const weights = randomContent(1_000_000);
    server.serve('/m/weights.bin', weights);
    server.behaviour.dropAfterBytes = { bytes: 600_000, times: 1 };
    let freeBytes = 2_000_000;
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]),
      modelsDir: join(temp.dir, 'models'),
      attemptsPerFile: 1,
      freeSpace: async () => ({ freeBytes }),
    });
    await store.pull('m').catch(() => undefined);
    freeBytes = 500_000; // 400 000 bytes are still to come
    await store.pull('m');
    expect((await store.verify('m')).ok).toBe(true);
  });
});
