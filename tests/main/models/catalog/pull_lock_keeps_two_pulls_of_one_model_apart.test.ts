// Two pulls of one model never interleave: in one process the second waits and finds the files present; another process's live lock is refused.

import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
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
  temp = tempStoreDir('lock');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('pull lock', () => {
  it('a second pull in the same process waits for the first and downloads nothing', async () => {
    const weights = randomContent(600_000);
    server.serve('/m/w.bin', weights);
    server.behaviour.slowChunk = { bytes: 100_000, everyMs: 10 };
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/w.bin', weights)] }]), modelsDir: join(temp.dir, 'models') });
    const [first, second] = await Promise.all([store.pull('m'), store.pull('m')]);
    expect(first.downloaded).toEqual(['w.bin']);
    expect(second.downloaded).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('a lock held by a live process is refused with its pid; a stale one is taken over', async () => {
    const weights = randomContent(1000);
    server.serve('/m/w.bin', weights);
    const modelsDir = join(temp.dir, 'models');
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/w.bin', weights)] }]), modelsDir });
    mkdirSync(join(modelsDir, 'm'), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(modelsDir, 'm/.tandem-pull.lock'), String(holder.pid));
      const failure = await store.pull('m').catch((error: unknown) => error);
      expect(isModelStoreError(failure, 'BUSY')).toBe(true);
      expect((failure as Error).message).toContain(`(pid ${holder.pid})`);
      expect(server.requests).toHaveLength(0);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolvePromise) => holder.once('exit', resolvePromise));
    }
    // The holder is gone: its lock is stale and the pull goes ahead.
    await store.pull('m');
    expect(server.requests).toHaveLength(1);
  });
});
