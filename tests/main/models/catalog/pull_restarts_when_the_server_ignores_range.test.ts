// A server that ignores Range (answers 200 with the whole file) makes the download start over cleanly instead of appending a second copy.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from './modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('norange');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('a server without Range support', () => {
  it('gets a Range request, answers 200, and the file is rewritten from byte 0 and verified', async () => {
    const weights = randomContent(400_000);
    server.serve('/m/weights.bin', weights);
    server.behaviour.ignoreRange = true;
    const dir = join(temp.dir, 'models/m');
    mkdirSync(dir, { recursive: true });
    // A partial file from an earlier attempt (its first 150 000 bytes).
    writeFileSync(join(dir, 'weights.bin.part'), weights.subarray(0, 150_000));
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/weights.bin', weights)] }]), modelsDir: join(temp.dir, 'models') });

    await store.pull('m');

    expect(server.requests.map((request) => [request.range, request.status])).toEqual([['bytes=150000-', 200]]);
    const saved = readFileSync(join(dir, 'weights.bin'));
    expect(saved.length).toBe(weights.length);
    expect(saved.equals(weights)).toBe(true);
  });
});
