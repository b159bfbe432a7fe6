// The settings page's downloads: a pull reports throttled progress and ends installed; a cancel keeps a resumable part; remove and bad names answer clearly.

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelProgress } from '../../../common/ipc';
import { ModelStore } from '../../../main/models/catalog/modelStore';
import { ModelDownloadError, ModelDownloads } from '../../../main/live/modelDownloads';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from '../models/catalog/modelServer.fixture';
import { waitFor } from '../cli/cli.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
let store: ModelStore;
let events: ModelProgress[];
let downloads: ModelDownloads;
const weights = randomContent(400_000);

beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  temp = tempStoreDir('downloads');
  server.serve('/voice/weights.bin', weights);
  store = new ModelStore({ catalog: testCatalog([{ name: 'voice', files: [catalogFileFor(server, '/voice/weights.bin', weights)] }]), modelsDir: join(temp.dir, 'models'), retryDelayMs: 10 });
  events = [];
  downloads = new ModelDownloads({ store, onProgress: (progress) => events.push(progress), progressEveryMs: 100 });
});
afterEach(async () => {
  await downloads.dispose();
  await server.stop();
  temp.remove();
});

const finished = () => events.some((event) => ['done', 'failed', 'cancelled'].includes(event.phase));

describe('model downloads for the settings page', () => {
  it('lists the catalog, downloads in the background with progress, and lists the model installed afterwards', async () => {
    const before = await downloads.list();
    expect(before.models).toEqual([expect.objectContaining({ name: 'voice', state: 'absent', pulling: false, installedBytes: 0, totalBytes: 400_000 })]);
    expect(before.modelsDir).toBe(join(temp.dir, 'models'));

    server.behaviour.slowChunk = { bytes: 50_000, everyMs: 40 };
    expect(downloads.pull('voice')).toEqual({ accepted: true });
    expect((await downloads.list()).models[0].pulling).toBe(true);
    expect(downloads.pull('voice')).toEqual({ accepted: true }); // a second click joins the running download
    await waitFor('the download to end', finished, 20_000);

    const downloading = events.filter((event) => event.phase === 'downloading');
    expect(downloading.length).toBeGreaterThan(1);
    // Throttled: ~8 chunks 40 ms apart give fewer events than chunks, and bytes never go back.
    expect(downloading.length).toBeLessThan(8);
    for (let i = 1; i < downloading.length; i++) expect(downloading[i].bytesDone).toBeGreaterThanOrEqual(downloading[i - 1].bytesDone);
    expect(events.at(-1)).toEqual({ name: 'voice', phase: 'done', file: null, bytesDone: 400_000, bytesTotal: 400_000, rateBytesPerS: expect.any(Number) });
    expect(server.requests.filter((request) => request.status === 200)).toHaveLength(1);
    expect((await downloads.list()).models[0]).toMatchObject({ state: 'installed', pulling: false, installedBytes: 400_000 });
  });

  it('cancelling keeps the partial file, the model shows as partial, and the next pull resumes it with Range', async () => {
    server.behaviour.slowChunk = { bytes: 40_000, everyMs: 60 };
    downloads.pull('voice');
    await waitFor('some bytes', () => events.some((event) => event.phase === 'downloading' && event.bytesDone > 0), 10_000);
    expect(downloads.cancel('voice')).toEqual({ accepted: true });
    await waitFor('the cancel', finished, 10_000);
    expect(events.at(-1)?.phase).toBe('cancelled');
    const partial = (await downloads.list()).models[0];
    expect(partial).toMatchObject({ state: 'partial', pulling: false });
    expect(partial.installedBytes).toBeGreaterThan(0);

    server.behaviour.slowChunk = undefined;
    events = [];
    downloads.pull('voice');
    await waitFor('the resumed download', finished, 10_000);
    expect(events.at(-1)?.phase).toBe('done');
    expect(server.requests.at(-1)?.range).toBe(`bytes=${partial.installedBytes}-`);
    expect((await downloads.list()).models[0].state).toBe('installed');
  });

  it('a failed download says why; remove deletes an installed model; unknown names and removing while downloading are refused', async () => {
    server.serve('/voice/weights.bin', randomContent(400_000)); // not what the catalog's checksum says
    downloads.pull('voice');
    await waitFor('the failure', finished, 10_000);
    expect(events.at(-1)).toMatchObject({ phase: 'failed', error: expect.stringMatching(/checksum|sha256/i) });

    server.serve('/voice/weights.bin', weights);
    events = [];
    downloads.pull('voice');
    await waitFor('the download', finished, 10_000);
    await expect(downloads.remove('voice')).resolves.toEqual({ accepted: true });
    expect((await downloads.list()).models[0].state).toBe('absent');

    expect(() => downloads.pull('nope')).toThrow(ModelDownloadError);
    expect(() => downloads.pull('nope')).toThrow(/voice/); // the error names the known models
    server.behaviour.slowChunk = { bytes: 20_000, everyMs: 100 };
    downloads.pull('voice');
    await sleep(50);
    await expect(downloads.remove('voice')).rejects.toThrow(/cancel the download before removing/);
  });
});
