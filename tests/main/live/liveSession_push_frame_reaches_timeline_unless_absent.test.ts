// LiveSessionHost.pushFrame: camera and screen frames reach the timeline as `frame` events of their source, numbered per source; dropped and counted with no session or an absent source.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { LiveSessionHost } from '../../../main/live/liveSession';

const W = 160;
const H = 120;
/** A flat grey frame; two different levels are certainly a change for the perceiver. */
const frame = (level: number) => ({ rgb: new Uint8Array(W * H * 3).fill(level), width: W, height: H });

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('LiveSessionHost.pushFrame', () => {
  const dirs: string[] = [];
  const hosts: LiveSessionHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const makeHost = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-frames-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: () => {} });
    hosts.push(host);
    return host;
  };

  it('drops frames while no session runs, counting them per source', () => {
    const host = makeHost();
    host.pushFrame('camera', frame(10));
    host.pushFrame('camera', frame(20));
    host.pushFrame('screen', frame(30));
    expect(host.droppedFrames).toEqual({ camera: 2, screen: 1 });
  });

  it('turns pushed frames into `frame` events with their source, per-source indices and a time inside the chunk being collected', async () => {
    const host = makeHost();
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({});
    const frames = () => events.filter((event) => event.kind === 'frame');

    host.pushFrame('camera', frame(10));
    host.pushFrame('screen', frame(200));
    await waitFor('the first two frames', () => frames().length === 2);
    host.pushFrame('camera', frame(120));
    await waitFor('the second camera frame', () => frames().length === 3);

    expect(frames().map((event) => [event.payload.source, event.payload.frameIndex, event.payload.width, event.payload.height])).toEqual([
      ['camera', 0, W, H],
      ['screen', 0, W, H],
      ['camera', 1, W, H],
    ]);
    for (const event of frames()) {
      expect(event.source).toBe('user');
      // Placed inside the chunk that the tick of its turn closed: [turn·200, (turn+1)·200).
      expect(event.atMs).toBeGreaterThanOrEqual(event.turn * 200);
      expect(event.atMs).toBeLessThan((event.turn + 1) * 200);
    }
    expect(host.droppedFrames).toEqual({ camera: 0, screen: 0 });
  });

  it('drops frames of a source marked absent (source_lost) and perceives them again once it is back (source_restored)', async () => {
    const host = makeHost();
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({});
    const cameraFrames = () => events.filter((event) => event.kind === 'frame' && event.payload.source === 'camera');

    host.pushFrame('camera', frame(10));
    await waitFor('the first camera frame', () => cameraFrames().length === 1);
    host.setSourcePresent({ source: 'camera', present: false });
    host.pushFrame('camera', frame(200));
    host.pushFrame('camera', frame(90));
    host.pushFrame('screen', frame(50)); // another source is unaffected
    await waitFor('source_lost and the screen frame', () => events.some((e) => e.kind === 'source_lost') && events.some((e) => e.kind === 'frame' && e.payload.source === 'screen'));
    await sleep(450); // two more ticks: a dropped camera frame would have been perceived by now
    expect(cameraFrames()).toHaveLength(1);
    expect(host.droppedFrames).toEqual({ camera: 2, screen: 0 });

    host.setSourcePresent({ source: 'camera', present: true });
    host.pushFrame('camera', frame(240));
    await waitFor('the camera frame after the restore', () => cameraFrames().length === 2);
    const kinds = events.filter((e) => ['source_lost', 'source_restored'].includes(e.kind) || (e.kind === 'frame' && e.payload.source === 'camera')).map((e) => e.kind);
    expect(kinds).toEqual(['frame', 'source_lost', 'source_restored', 'frame']);
    // Indices count frames passed to the session: the two dropped frames took none.
    expect(cameraFrames().map((event) => event.payload.frameIndex)).toEqual([0, 1]);
  });

  it('a new session numbers frames from 0 again', async () => {
    const host = makeHost();
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({});
    host.pushFrame('screen', frame(10));
    await waitFor('a frame', () => events.some((e) => e.kind === 'frame'));
    await host.stop();
    events.length = 0;
    await host.start({});
    host.pushFrame('screen', frame(10));
    await waitFor('a frame of the second session', () => events.some((e) => e.kind === 'frame'));
    expect(events.find((e) => e.kind === 'frame')?.payload.frameIndex).toBe(0);
  });
});
