// Serve mode carries screen frames big enough to read code (1920×1080 RGB, 6.2 MB) to the engine; only a frame larger than the contract allows is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VIDEO_FRAME_SIDE, encodeMediaFrame } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { MAX_MESSAGE_BYTES } from '../../../main/serve/serveMode';
import { BridgeClient, startTestServe, waitUntil, type ServeFixture } from './serveBridge.fixture';

describe('full-resolution screen frames over the serve-mode bridge', () => {
  let fixture: ServeFixture;
  let client: BridgeClient;
  beforeAll(async () => {
    fixture = await startTestServe();
    client = await BridgeClient.connect(fixture.serve);
    expect(await client.invoke('session:start', { im: 'harness' })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await client?.close();
    await fixture.dispose();
  });

  const frames = () => (client.events('timeline:event') as TimelineEvent[]).filter((event) => event.kind === 'frame');

  it('the socket accepts the largest frame the contract allows', () => {
    expect(MAX_VIDEO_FRAME_SIDE).toBe(1920);
    const largest = encodeMediaFrame({ kind: 'video', source: 'screen', seq: 0, width: 1920, height: 1920 }, new Uint8Array(1920 * 1920 * 3));
    expect(largest.byteLength).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('a 1920×1080 screen frame is accepted whole and perceived; the connection stays open', async () => {
    const rgb = new Uint8Array(1920 * 1080 * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7) & 0xff;
    client.sendRaw(encodeMediaFrame({ kind: 'video', source: 'screen', seq: 0, width: 1920, height: 1080 }, rgb));
    await waitUntil('the screen frame event', () => frames().length === 1, 5_000);
    // The frame event reports what perception made of it (downscaled patches); that it exists proves the 6.2 MB frame was accepted whole.
    expect(frames()[0]).toMatchObject({ kind: 'frame', payload: { source: 'screen', frameIndex: 0 } });
    expect(fixture.serve.counters()).toMatchObject({ clients: 1, videoFrames: 1, invalidAudioFrames: 0 });
  });

  it('a frame one pixel wider than the contract is refused with its reason; the session keeps ticking', async () => {
    const before = client.errorsWithNullId().length;
    const width = MAX_VIDEO_FRAME_SIDE + 1;
    const header = JSON.stringify({ kind: 'video', source: 'screen', seq: 1, width, height: 1 });
    const json = new TextEncoder().encode(header);
    const headerBytes = Math.ceil(json.length / 4) * 4;
    const buffer = new ArrayBuffer(4 + headerBytes + width * 3);
    new DataView(buffer).setUint32(0, headerBytes, true);
    new Uint8Array(buffer).fill(0x20, 4, 4 + headerBytes).set(json, 4);
    client.sendRaw(buffer);
    await waitUntil('the answer to the oversized frame', () => client.errorsWithNullId().length > before);
    expect(client.errorsWithNullId().at(-1)).toMatch(/invalid media frame dropped \(1 so far\):[^]*<=1920[^]*width/);
    const ticksBefore = client.events('tick:measure').length;
    await waitUntil('two more ticks', () => client.events('tick:measure').length >= ticksBefore + 2, 2_000);
    expect(frames()).toHaveLength(1);
  });
});
