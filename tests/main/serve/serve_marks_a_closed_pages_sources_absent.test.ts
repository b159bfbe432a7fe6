// A page that goes away (reload, crash, closed tab) takes its capture sources with it: serve mode marks them absent, unless another open page still reports them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient, startTestServe, waitUntil, type ServeFixture } from './serveBridge.fixture';

describe('serve mode and the capture sources of a page that closes', () => {
  let fixture: ServeFixture;
  let watcher: BridgeClient;
  beforeAll(async () => {
    fixture = await startTestServe();
    watcher = await BridgeClient.connect(fixture.serve);
    expect((await watcher.invoke('session:start', {})).ok).toBe(true);
  });
  afterAll(async () => {
    await watcher?.invoke('session:stop');
    await watcher?.close();
    await fixture.dispose();
  });

  const lost = (source: string) => (watcher.events('timeline:event') as Array<{ kind: string; payload: { source?: string } }>).filter((e) => e.kind === 'source_lost' && e.payload.source === source).length;

  it('marks the camera lost when the page that reported it closes without saying so', async () => {
    const page = await BridgeClient.connect(fixture.serve);
    expect((await page.invoke('source:setPresent', { source: 'camera', present: true })).ok).toBe(true);
    const before = lost('camera');
    await page.close();
    await waitUntil('source_lost for the camera', () => lost('camera') === before + 1);
  });

  it('keeps a source present while another open page still reports it (a reload that already reopened the mic)', async () => {
    const oldPage = await BridgeClient.connect(fixture.serve);
    const newPage = await BridgeClient.connect(fixture.serve);
    expect((await oldPage.invoke('source:setPresent', { source: 'mic', present: true })).ok).toBe(true);
    expect((await newPage.invoke('source:setPresent', { source: 'mic', present: true })).ok).toBe(true);
    const before = lost('mic');
    await oldPage.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lost('mic')).toBe(before);
    await newPage.close();
    await waitUntil('source_lost for the mic once no page has it', () => lost('mic') === before + 1);
  });
});
