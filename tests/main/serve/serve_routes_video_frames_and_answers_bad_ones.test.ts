// Serve mode's binary path for video: a camera frame from a page reaches the session's timeline; a malformed video frame is counted and answered, and the session carries on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMediaFrame } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { BridgeClient, startTestServe, waitUntil, type ServeFixture } from './serveBridge.fixture';

/** A video frame whose header and payload disagree, built by hand (the encoder cannot produce one). */
function videoFrameWithPayload(header: Record<string, unknown>, payloadBytes: number): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const buffer = new ArrayBuffer(4 + headerBytes + payloadBytes);
  new DataView(buffer).setUint32(0, headerBytes, true);
  new Uint8Array(buffer).fill(0x20, 4, 4 + headerBytes).set(json, 4);
  return buffer;
}

describe('video frames over the serve-mode bridge', () => {
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

  it('a camera frame reaches the timeline as a `frame` event of the camera', async () => {
    const rgb = new Uint8Array(80 * 40 * 3).fill(128);
    client.sendRaw(encodeMediaFrame({ kind: 'video', source: 'camera', seq: 0, width: 80, height: 40 }, rgb));
    await waitUntil('the camera frame event', () => frames().length === 1);
    expect(frames()[0]).toMatchObject({ source: 'user', kind: 'frame', payload: { source: 'camera', frameIndex: 0, width: 80, height: 40 } });
    expect(fixture.serve.counters().videoFrames).toBe(1);
  });

  it('a video frame with the wrong payload size or an unknown source is answered with ok:false and counted; the session keeps ticking', async () => {
    const before = client.errorsWithNullId().length;
    client.sendRaw(videoFrameWithPayload({ kind: 'video', source: 'screen', seq: 1, width: 2, height: 2 }, 16)); // RGBA, not RGB
    await waitUntil('the answer to a bad video frame', () => client.errorsWithNullId().length > before);
    expect(client.errorsWithNullId().at(-1)).toBe('invalid media frame dropped (1 so far): header says 2×2 RGB (12 bytes), payload holds 16 bytes');
    // Within a second, a second bad frame is counted but not answered again (rate-limited).
    client.sendRaw(videoFrameWithPayload({ kind: 'video', source: 'microwave', seq: 2, width: 1, height: 1 }, 3));
    await waitUntil('the count of bad frames', () => fixture.serve.counters().invalidAudioFrames === 2);
    expect(client.errorsWithNullId().length).toBe(before + 1);
    expect(fixture.logLines.some((line) => line.includes('dropped an invalid media frame'))).toBe(true);

    const ticksBefore = client.events('tick:measure').length;
    await waitUntil('two more ticks', () => client.events('tick:measure').length >= ticksBefore + 2, 2_000);
    expect(fixture.serve.counters().clients).toBe(1);
    expect(fixture.serve.counters().videoFrames).toBe(1);
    expect(frames()).toHaveLength(1);
  });

  it('a screen frame after the bad ones is still perceived', async () => {
    client.sendRaw(encodeMediaFrame({ kind: 'video', source: 'screen', seq: 3, width: 40, height: 40 }, new Uint8Array(40 * 40 * 3).fill(10)));
    await waitUntil('the screen frame event', () => frames().some((event) => event.payload.source === 'screen'));
    expect(frames().map((event) => event.payload.source)).toEqual(['camera', 'screen']);
  });
});
