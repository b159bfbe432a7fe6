// A file with `sha256: null` in the catalog is pinned on its first download: its hash is recorded and every later check compares with it.

import { openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore, type PullProgress } from '../../../../main/models/catalog/modelStore';
import { isModelStoreError } from '../../../../main/models/catalog/modelStoreErrors';
import { ModelFileServer, catalogFileFor, randomContent, sha256Of, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('pin');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('unpublished checksums', () => {
  it('are recorded on first download, then verified against, and a changed source is refused', async () => {
    const tokenizer = randomContent(40_000);
    server.serve('/m/tokenizer.json', tokenizer);
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/tokenizer.json', tokenizer, { sha256: null, sizeBytes: null, approxBytes: null })] }]),
      modelsDir: join(temp.dir, 'models'),
    });

    const progress: PullProgress[] = [];
    expect(await store.pull('m', { onProgress: (event) => progress.push(event) })).toEqual({ name: 'm', downloaded: ['tokenizer.json'], pinned: ['tokenizer.json'] });
    // No size in the catalog: the total shown comes from the server's Content-Length.
    expect(progress.filter((event) => event.phase === 'downloading').at(-1)).toMatchObject({ bytesDone: tokenizer.length, bytesTotal: tokenizer.length });
    expect((await store.list())[0]).toMatchObject({ state: 'installed', unpublishedChecksums: 1 });
    expect((await store.verify('m')).files).toEqual([{ path: 'tokenizer.json', status: 'ok', expectedSha256: sha256Of(tokenizer), actualSha256: sha256Of(tokenizer) }]);

    // Corrupted on disk: verify compares with the pinned hash.
    const path = join(temp.dir, 'models/m/tokenizer.json');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([tokenizer[5] ^ 0x80]), 0, 1, 5);
    closeSync(fd);
    expect((await store.verify('m')).files[0]).toMatchObject({ status: 'mismatch', expectedSha256: sha256Of(tokenizer) });

    // The source now serves something else: the re-download does not match the pin and is refused.
    rmSync(path);
    const changed = randomContent(40_000);
    server.serve('/m/tokenizer.json', changed);
    const failure = await store.pull('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'CHECKSUM_MISMATCH')).toBe(true);
    expect((failure as Error).message).toContain(`expected sha256 ${sha256Of(tokenizer)} (pinned on first download), got ${sha256Of(changed)}`);
    expect((failure as Error).message).toContain('npx tandem models remove m');

    // After remove (the user accepts the new source), the next pull pins the new content.
    await store.remove('m');
    expect(await store.pull('m')).toEqual({ name: 'm', downloaded: ['tokenizer.json'], pinned: ['tokenizer.json'] });
    expect((await store.verify('m')).files[0].expectedSha256).toBe(sha256Of(changed));
  });
});
