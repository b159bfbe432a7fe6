// Reminders and playback flushes over serve mode's bridge: timers channels validated and answered by the running session, playback:flush sent on pause and stop.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient, startTestServe, waitUntil, type ServeFixture } from './serveBridge.fixture';

describe('timers and flushes over the serve-mode bridge', () => {
  let fixture: ServeFixture;
  let client: BridgeClient;
  beforeAll(async () => {
    fixture = await startTestServe();
    client = await BridgeClient.connect(fixture.serve);
  });
  afterAll(async () => {
    await client?.close();
    await fixture.dispose();
  });

  it('refuses timers outside the contract and reminders without a session', async () => {
    expect((await client.invoke('timers:add', { inMs: -5, text: 'tea' })).ok).toBe(false);
    expect((await client.invoke('timers:add', { inMs: 1_000, text: '   ' })).ok).toBe(false);
    expect((await client.invoke('timers:add', { inMs: 1_000, text: 'tea', repeatEveryMs: 10 })).ok).toBe(false);
    expect((await client.invoke('timers:cancel', { id: 't0', extra: 1 })).ok).toBe(false);
    const noSession = await client.invoke('timers:add', { inMs: 1_000, text: 'tea' });
    expect(noSession).toMatchObject({ ok: false, error: expect.stringMatching(/No session is running/) });
    expect(await client.invoke('timers:list')).toMatchObject({ ok: true, value: { timers: [] } });
  });

  it('adds, lists and cancels a reminder on the running session', async () => {
    expect((await client.invoke('session:start', {})).ok).toBe(true);
    await sleep(300);
    const added = await client.invoke('timers:add', { inMs: 120_000, text: '  water the plants ', repeatEveryMs: 600_000 });
    expect(added).toMatchObject({ ok: true, value: { id: 't0', dueInMs: 120_000, text: 'water the plants', repeatEveryMs: 600_000 } });
    const listed = await client.invoke('timers:list');
    expect(listed).toMatchObject({ ok: true, value: { timers: [{ id: 't0', text: 'water the plants', repeatEveryMs: 600_000 }] } });
    expect(await client.invoke('timers:cancel', { id: 't0' })).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(await client.invoke('timers:list')).toMatchObject({ ok: true, value: { timers: [] } });
    await waitUntil('timer_cancelled on the timeline', () => client.timelineKinds().includes('timer_cancelled'));
    expect(client.timelineKinds().filter((kind) => kind.startsWith('timer_'))).toEqual(['timer_scheduled', 'timer_cancelled']);
  });

  it('sends playback:flush when the session is paused and when it is stopped', async () => {
    expect(client.events('playback:flush')).toEqual([]);
    const paused = await client.invoke('session:pause');
    expect(paused).toMatchObject({ ok: true, value: { state: 'paused' } });
    await waitUntil('a flush on pause', () => client.events('playback:flush').length === 1);
    expect(client.events('playback:flush')).toEqual([{ turn: (paused as { value: { turn: number } }).value.turn }]);
    expect((await client.invoke('session:resume')).ok).toBe(true);
    expect((await client.invoke('session:stop')).ok).toBe(true);
    await waitUntil('a flush on stop', () => client.events('playback:flush').length === 2);
  });
});
