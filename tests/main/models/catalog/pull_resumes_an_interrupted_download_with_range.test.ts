// An interrupted download resumes with an HTTP Range request and ends verified, whether the server dropped the connection or the user cancelled.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  temp = tempStoreDir('resume');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('resuming', () => {
  it('a connection dropped halfway is resumed from the byte it stopped at, within the same pull', async () => {
    const weights = randomContent(1_000_000);
    server.serve('/m/weights.bin', weights);
    server.behaviour.dropAfterBytes = { bytes: 500_000, times: 1 };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]), modelsDir: join(temp.dir, 'models'), retryDelayMs: 10 });

    const result = await store.pull('m');

    expect(result.downloaded).toEqual(['weights.bin']);
    expect(server.requests.map((request) => [request.range, request.status])).toEqual([
      [null, 200],
      ['bytes=500000-', 206],
    ]);
    expect(readFileSync(join(temp.dir, 'models/m/weights.bin')).equals(weights)).toBe(true);
    expect((await store.verify('m')).ok).toBe(true);
  });

  it('with no retries left the .part is kept, and the next pull resumes it', async () => {
    const weights = randomContent(800_000);
    server.serve('/m/weights.bin', weights);
    server.behaviour.dropAfterBytes = { bytes: 300_000, times: 1 };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]), modelsDir: join(temp.dir, 'models'), attemptsPerFile: 1 });

    const failure = await store.pull('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'DOWNLOAD_FAILED')).toBe(true);
    expect((failure as Error).message).toContain(server.url('/m/weights.bin'));
    expect(statSync(join(temp.dir, 'models/m/weights.bin.part')).size).toBe(300_000);
    expect((await store.list())[0]).toMatchObject({ state: 'partial', installedBytes: 300_000 });

    await store.pull('m');
    expect(server.requests.map((request) => request.range)).toEqual([null, 'bytes=300000-']);
    expect(readFileSync(join(temp.dir, 'models/m/weights.bin')).equals(weights)).toBe(true);
  });

  it('a .part that is already whole (stopped just before the rename) is answered 416 and installed without a byte more', async () => {
    const weights = randomContent(100_000);
    server.serve('/m/weights.bin', weights);
    mkdirSync(join(temp.dir, 'models/m'), { recursive: true });
    writeFileSync(join(temp.dir, 'models/m/weights.bin.part'), weights);
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights, { sizeBytes: null })] }]), modelsDir: join(temp.dir, 'models') });

    await store.pull('m');

    expect(server.requests.map((request) => [request.range, request.status])).toEqual([['bytes=100000-', 416]]);
    expect(readFileSync(join(temp.dir, 'models/m/weights.bin')).equals(weights)).toBe(true);
    expect(existsSync(join(temp.dir, 'models/m/weights.bin.part'))).toBe(false);
  });

  it('cancelling with an AbortSignal leaves a resumable .part', async () => {
    const weights = randomContent(2_000_000);
    server.serve('/m/weights.bin', weights);
    server.behaviour.slowChunk = { bytes: 64 * 1024, everyMs: 20 };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]), modelsDir: join(temp.dir, 'models') });
    const controller = new AbortController();

    const failure = await store
      .pull('m', { signal: controller.signal, onProgress: (event) => event.bytesDone >= 500_000 && controller.abort() })
      .catch((error: unknown) => error);

    expect(isModelStoreError(failure, 'CANCELLED')).toBe(true);
    const partBytes = statSync(join(temp.dir, 'models/m/weights.bin.part')).size;
    expect(partBytes).toBeGreaterThanOrEqual(500_000);
    expect(partBytes).toBeLessThan(weights.length);
    expect(existsSync(join(temp.dir, 'models/m/weights.bin'))).toBe(false);

    server.behaviour.slowChunk = undefined;
    await store.pull('m');
    expect(server.requests.map((request) => request.range)).toEqual([null, `bytes=${partBytes}-`]);
    expect(readFileSync(join(temp.dir, 'models/m/weights.bin')).equals(weights)).toBe(true);
  });
});
