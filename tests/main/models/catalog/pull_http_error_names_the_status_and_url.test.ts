// A URL the server does not have fails at once (no retries) with the HTTP status and the URL, and installs nothing.

import { existsSync } from 'node:fs';
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
  temp = tempStoreDir('http404');
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('HTTP errors', () => {
  it('404 is reported once, with status and URL', async () => {
    const weights = randomContent(1000);
    const store = new ModelStore({ catalog: testCatalog([{ name: 'm', files: [catalogFileFor(server, '/m/gone.bin', weights)] }]), modelsDir: join(temp.dir, 'models'), retryDelayMs: 1 });
    const failure = await store.pull('m').catch((error: unknown) => error);
    expect(isModelStoreError(failure, 'DOWNLOAD_FAILED')).toBe(true);
    expect((failure as Error).message).toBe(`HTTP 404 Not Found (${server.url('/m/gone.bin')}). Check your connection and run the pull again; the catalog URL may have moved.`);
    expect(server.requests).toHaveLength(1);
    expect(existsSync(join(temp.dir, 'models/m/gone.bin'))).toBe(false);
  });
});
