// remove deletes a model's files (complete and partial) and reports what it freed; the model then lists as absent.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('remove');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('ModelStore.remove', () => {
  it('deletes the folder, leaves other models alone, and is harmless when repeated', async () => {
    const a = randomContent(50_000);
    const b = randomContent(60_000);
    server.serve('/a/w.bin', a);
    server.serve('/b/w.bin', b);
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'a', files: [catalogFileFor(server, '/a/w.bin', a)] }, { name: 'b', files: [catalogFileFor(server, '/b/w.bin', b)] }]),
      modelsDir: join(temp.dir, 'models'),
    });
    await store.pull('a');
    await store.pull('b');
    writeFileSync(join(temp.dir, 'models/a/extra.bin.part'), Buffer.alloc(1000));

    const removed = await store.remove('a');

    expect(removed.name).toBe('a');
    expect(removed.removed).toBe(true);
    expect(removed.freedBytes).toBeGreaterThanOrEqual(51_000);
    expect(existsSync(join(temp.dir, 'models/a'))).toBe(false);
    expect(existsSync(join(temp.dir, 'models/b/w.bin'))).toBe(true);
    expect((await store.list()).map((entry) => [entry.name, entry.state])).toEqual([['a', 'absent'], ['b', 'installed']]);
    expect(await store.remove('a')).toEqual({ name: 'a', removed: false, freedBytes: 0 });
  });
});
