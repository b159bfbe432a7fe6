// LiveSessionHost reminders (list, add, cancel on the running session) and playback flushed at once on pause and on stop.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { LiveSessionError, LiveSessionHost } from '../../../main/live/liveSession';

describe('LiveSessionHost timers and flushes', () => {
  const dirs: string[] = [];
  const hosts: LiveSessionHost[] = [];
  const makeHost = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-timers-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: () => {} });
    hosts.push(host);
    return host;
  };
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a reminder with no session and lists none', () => {
    const host = makeHost();
    expect(() => host.addTimer({ inMs: 1_000, text: 'tea' })).toThrow(LiveSessionError);
    expect(host.listTimers()).toEqual({ timers: [] });
    expect(host.cancelTimer({ id: 't0' })).toEqual({ cancelled: false });
  });

  it('lists a reminder until it falls due, records scheduling and cancelling, and cancels only pending ones', async () => {
    const host = makeHost();
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({});
    await sleep(250);
    const soon = host.addTimer({ inMs: 400, text: 'tea' });
    const later = host.addTimer({ inMs: 60_000, text: 'call mum', repeatEveryMs: 3_600_000 });
    expect(soon).toMatchObject({ id: 't0', dueInMs: 400, text: 'tea' });
    expect(later).toMatchObject({ id: 't1', dueInMs: 60_000, text: 'call mum', repeatEveryMs: 3_600_000 });
    expect(host.listTimers().timers.map((t) => [t.id, t.dueAtMs, t.text])).toEqual([['t0', soon.dueAtMs, 'tea'], ['t1', later.dueAtMs, 'call mum']]);

    const due = () => events.find((event) => event.kind === 'timer_due');
    for (let i = 0; i < 40 && !due(); i++) await sleep(50);
    expect(due()).toMatchObject({ atMs: soon.dueAtMs, source: 'scheduler', payload: { id: 't0', label: 'tea' } });
    expect(host.listTimers().timers.map((t) => t.id)).toEqual(['t1']);

    expect(host.cancelTimer({ id: 't1' })).toEqual({ cancelled: true });
    expect(host.cancelTimer({ id: 't1' })).toEqual({ cancelled: false });
    expect(host.listTimers()).toEqual({ timers: [] });
    await sleep(450);
    expect(events.filter((e) => e.kind === 'timer_scheduled' || e.kind === 'timer_cancelled').map((e) => [e.kind, e.payload.id])).toEqual([
      ['timer_scheduled', 't0'],
      ['timer_scheduled', 't1'],
      ['timer_cancelled', 't1'],
    ]);
  });

  it('flushes playback when the session is paused and when it is stopped, not on resume', async () => {
    const host = makeHost();
    const flushes: number[] = [];
    host.on('playbackFlush', (flush) => flushes.push(flush.turn));
    await host.start({});
    await sleep(450);
    expect(flushes).toEqual([]);
    const paused = host.pause();
    expect(paused.state).toBe('paused');
    expect(flushes).toEqual([paused.turn]);
    host.resume();
    expect(flushes).toHaveLength(1);
    await sleep(250);
    const stopping = host.stop();
    expect(flushes).toHaveLength(2);
    await stopping;
    expect(flushes[1]).toBeGreaterThanOrEqual(paused.turn);
  });
});
