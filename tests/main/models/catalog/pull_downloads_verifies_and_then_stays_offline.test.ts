// A pull downloads every file, verifies it, reports progress up to the total, and a second pull fetches nothing.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore, type PullProgress } from '../../../../main/models/catalog/modelStore';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('pull');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('ModelStore.pull', () => {
  it('downloads, verifies and resolves; a second pull makes no request', async () => {
    const encoder = randomContent(300_000);
    const config = Buffer.from('{"hidden_size": 288}');
    server.serve('/tiny/onnx/encoder.onnx', encoder);
    server.serve('/tiny/config.json', config);
    const catalog = testCatalog([{ name: 'tiny', files: [catalogFileFor(server, '/tiny/onnx/encoder.onnx', encoder), catalogFileFor(server, '/tiny/config.json', config)] }]);
    const store = new ModelStore({ catalog, modelsDir: join(temp.dir, 'models') });

    expect((await store.list()).map((entry) => [entry.name, entry.state])).toEqual([['tiny', 'absent']]);
    const progress: PullProgress[] = [];
    const result = await store.pull('tiny', { onProgress: (event) => progress.push(event) });

    expect(result).toEqual({ name: 'tiny', downloaded: ['onnx/encoder.onnx', 'config.json'], pinned: [] });
    const dir = join(temp.dir, 'models', 'tiny');
    expect(readFileSync(join(dir, 'onnx/encoder.onnx')).equals(encoder)).toBe(true);
    expect(readFileSync(join(dir, 'config.json')).equals(config)).toBe(true);
    expect(existsSync(join(dir, 'onnx/encoder.onnx.part'))).toBe(false);
    expect(server.requests.map((request) => [request.path, request.range, request.status])).toEqual([
      ['/tiny/onnx/encoder.onnx', null, 200],
      ['/tiny/config.json', null, 200],
    ]);

    // Progress: starts with checking, bytes never go backwards, ends with done at the total.
    expect(progress[0].phase).toBe('checking');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', bytesDone: encoder.length + config.length, bytesTotal: encoder.length + config.length });
    const downloading = progress.filter((event) => event.phase === 'downloading');
    expect(downloading.length).toBeGreaterThan(1);
    for (let i = 1; i < downloading.length; i++) expect(downloading[i].bytesDone).toBeGreaterThanOrEqual(downloading[i - 1].bytesDone);

    const listed = await store.list();
    expect(listed[0]).toMatchObject({ state: 'installed', installedBytes: encoder.length + config.length + 0 });
    expect(await store.resolve('tiny')).toEqual({
      name: 'tiny',
      role: 'asr',
      dir,
      files: { 'onnx/encoder.onnx': join(dir, 'onnx/encoder.onnx'), 'config.json': join(dir, 'config.json') },
    });

    const again = await store.pull('tiny');
    expect(again).toEqual({ name: 'tiny', downloaded: [], pinned: [] });
    expect(server.requests).toHaveLength(2);
  });
});
