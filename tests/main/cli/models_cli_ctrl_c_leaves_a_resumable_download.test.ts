// Ctrl-C during `tandem models pull` exits 130 and keeps the partial file; the next pull resumes it with a Range request.

import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runTandem, startTandem, waitFor } from './cli.fixture';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from '../models/catalog/modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('cli-sigint');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('tandem models pull and Ctrl-C', () => {
  it('stops with 130, keeps the .part, and the next pull resumes and verifies', async () => {
    const weights = randomContent(3_000_000);
    server.serve('/big/w.bin', weights);
    server.behaviour.slowChunk = { bytes: 32 * 1024, everyMs: 25 };
    const env = {
      TANDEM_CATALOG: temp.writeCatalog(testCatalog([{ name: 'big', files: [catalogFileFor(server, '/big/w.bin', weights)] }])),
      TANDEM_MODELS_DIR: join(temp.dir, 'models'),
    };
    const part = join(temp.dir, 'models/big/w.bin.part');

    const pulling = startTandem(['models', 'pull', 'big'], { env });
    await waitFor('some bytes on disk', () => existsSync(part) && statSync(part).size >= 200_000, 20_000);
    pulling.child.kill('SIGINT');
    const stopped = await pulling.done;

    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain(`stopped: the partial download is kept in ${join(temp.dir, 'models', 'big')}; \`tandem models pull big\` resumes it`);
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThanOrEqual(200_000);
    expect(kept).toBeLessThan(weights.length);

    server.behaviour.slowChunk = undefined;
    const resumed = await runTandem(['models', 'pull', 'big'], { env });
    expect(resumed.code).toBe(0);
    expect(server.requests.map((request) => request.range)).toEqual([null, `bytes=${kept}-`]);
    expect(readFileSync(join(temp.dir, 'models/big/w.bin')).equals(weights)).toBe(true);
  }, 60_000);
});
