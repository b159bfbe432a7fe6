// A stalled connection times out (keeping the .part), redirects are followed, and a redirect to plain http off loopback is refused.

import { existsSync, readFileSync, statSync } from 'node:fs';
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
  temp = tempStoreDir('stall');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('stalls and redirects', () => {
  it('a transfer that stops sending fails as stalled after the timeout, and the next pull resumes', async () => {
    const weights = randomContent(500_000);
    server.serve('/m/w.bin', weights);
    server.behaviour.stallAfterBytes = 200_000;
    const store = new ModelStore({
      catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/w.bin', weights)] }]),
      modelsDir: join(temp.dir, 'models'),
      stallTimeoutMs: 1000,
      attemptsPerFile: 1,
    });

    const failure = await store.pull('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'DOWNLOAD_STALLED')).toBe(true);
    expect(statSync(join(temp.dir, 'models/m/w.bin.part')).size).toBe(200_000);

    server.behaviour.stallAfterBytes = undefined;
    await store.pull('m');
    expect(server.requests.map((request) => request.range)).toEqual([null, 'bytes=200000-']);
    expect(readFileSync(join(temp.dir, 'models/m/w.bin')).equals(weights)).toBe(true);
  });

  it('follows a redirect on loopback (as Hugging Face redirects to its CDN)', async () => {
    const weights = randomContent(10_000);
    server.serve('/cdn/w.bin', weights);
    server.behaviour.redirects = { '/m/w.bin': server.url('/cdn/w.bin') };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/w.bin', weights)] }]), modelsDir: join(temp.dir, 'models') });
    await store.pull('m');
    expect(server.requests.map((request) => [request.path, request.status])).toEqual([['/m/w.bin', 302], ['/cdn/w.bin', 200]]);
    expect(readFileSync(join(temp.dir, 'models/m/w.bin')).equals(weights)).toBe(true);
  });

  it('refuses a redirect to plain http on another host, without contacting it', async () => {
    const weights = randomContent(10_000);
    server.serve('/m/w.bin', weights);
    // 192.0.2.1 is TEST-NET-1: never routed, and never contacted because the hop is refused first.
    server.behaviour.redirects = { '/m/w.bin': 'http://192.0.2.1/w.bin' };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/w.bin', weights)] }]), modelsDir: join(temp.dir, 'models') });
    const failure = await store.pull('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'REDIRECT_REFUSED')).toBe(true);
    expect((failure as Error).message).toContain('Refusing to download from http://192.0.2.1');
    expect(existsSync(join(temp.dir, 'models/m/w.bin'))).toBe(false);
  });
});
