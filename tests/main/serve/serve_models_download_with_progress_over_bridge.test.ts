// The model catalog over serve mode's bridge: models:list, models:pull with models:progress events, refusals answered, not fatal.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient, startTestServe, waitUntil, type ServeFixture } from './serveBridge.fixture';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from '../models/catalog/modelServer.fixture';

describe('model downloads over the serve-mode bridge', () => {
  let fixture: ServeFixture;
  let client: BridgeClient;
  let files: ModelFileServer;
  let temp: ReturnType<typeof tempStoreDir>;
  beforeAll(async () => {
    files = new ModelFileServer();
    await files.start();
    temp = tempStoreDir('serve-models');
    const weights = randomContent(300_000);
    files.serve('/asr/encoder.onnx', weights);
    // The host's store is made on first use from the shipped catalog's place, which these point elsewhere.
    process.env.TANDEM_CATALOG = temp.writeCatalog(testCatalog([{ name: 'tiny-asr', files: [catalogFileFor(files, '/asr/encoder.onnx', weights)] }]));
    process.env.TANDEM_MODELS_DIR = join(temp.dir, 'models');
    fixture = await startTestServe();
    client = await BridgeClient.connect(fixture.serve);
  });
  afterAll(async () => {
    await client?.close();
    await fixture?.dispose();
    await files?.stop();
    temp?.remove();
  });

  it('refuses names outside the contract or the catalog with a reason', async () => {
    expect(await client.invoke('models:pull', { name: '../etc' })).toMatchObject({ ok: false });
    expect(await client.invoke('models:pull', { name: 'tiny-asr', extra: true })).toMatchObject({ ok: false });
    expect(await client.invoke('models:pull', { name: 'whisper-huge' })).toMatchObject({ ok: false, error: expect.stringMatching(/tiny-asr/) });
  });

  it('lists, downloads with progress events to every page, and lists the model installed', async () => {
    const listed = await client.invoke('models:list');
    expect(listed).toMatchObject({ ok: true, value: { modelsDir: join(temp.dir, 'models'), models: [{ name: 'tiny-asr', state: 'absent', pulling: false }] } });
    expect(await client.invoke('models:pull', { name: 'tiny-asr' })).toMatchObject({ ok: true, value: { accepted: true } });
    await waitUntil('the done event', () => client.events('models:progress').some((event) => (event as { phase: string }).phase === 'done'));
    expect(client.events('models:progress').at(-1)).toMatchObject({ name: 'tiny-asr', phase: 'done', bytesDone: 300_000, bytesTotal: 300_000 });
    expect(await client.invoke('models:list')).toMatchObject({ ok: true, value: { models: [{ name: 'tiny-asr', state: 'installed', installedBytes: 300_000 }] } });
    expect(await client.invoke('models:remove', { name: 'tiny-asr' })).toMatchObject({ ok: true, value: { accepted: true } });
    expect(await client.invoke('models:list')).toMatchObject({ ok: true, value: { models: [{ state: 'absent' }] } });
  });
});
