// LiveSessionHost on its own: start twice is a clear error, stop is idempotent, presence set before the start applies, a failing listener cannot stop the loop.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { LiveSessionError, LiveSessionHost } from '../../../main/live/liveSession';

describe('LiveSessionHost', () => {
  const dirs: string[] = [];
  const hosts: LiveSessionHost[] = [];
  const makeHost = (logLines: string[] = []) => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: (line) => logLines.push(line) });
    hosts.push(host);
    return host;
  };
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is idle before a start; stop, pause, resume and sync are harmless then; text is refused clearly', async () => {
    const host = makeHost();
    expect(host.status()).toEqual({ state: 'idle', turn: 0 });
    expect(await host.stop()).toEqual({ state: 'idle', turn: 0 });
    expect(host.pause()).toEqual({ state: 'idle', turn: 0 });
    expect(host.resume()).toEqual({ state: 'idle', turn: 0 });
    expect(host.sync({ sinceSeq: 0 })).toEqual({ status: { state: 'idle', turn: 0 }, events: [], truncated: false });
    expect(() => host.sendText({ text: 'hi' })).toThrow(LiveSessionError);
    host.pushMic(new Float32Array(320));
    expect(host.droppedMicSamples).toBe(320);
  });

  it('refuses an unknown interaction model with the known names, and stays idle', async () => {
    const host = makeHost();
    await expect(host.start({ im: 'nope' })).rejects.toThrow(/interaction model "nope".*harness/);
    expect(host.status().state).toBe('idle');
  });

  it('start twice → a clear error; stop twice → the same stopped status; a new start after a stop begins a new session', async () => {
    const logLines: string[] = [];
    const host = makeHost(logLines);
    const statuses: string[] = [];
    host.on('status', (status) => statuses.push(status.state));
    host.on('tickMeasure', () => {
      throw new Error('a broken transport');
    });
    host.setSourcePresent({ source: 'camera', present: false });
    const first = host.start({});
    await expect(host.start({})).rejects.toThrow(/already starting/);
    expect(await first).toEqual({ state: 'running', turn: 0 });
    await expect(host.start({})).rejects.toThrow(/already running.*stop it before/);
    await sleep(700);
    expect(host.status().turn).toBeGreaterThanOrEqual(1); // the throwing listener did not stop the ticks
    expect(logLines.some((line) => line.includes('tickMeasure listener failed'))).toBe(true);

    const [a, b] = await Promise.all([host.stop(), host.stop()]);
    expect(a).toEqual(b);
    expect(a.state).toBe('stopped');
    expect(await host.stop()).toEqual(a);
    expect(statuses).toEqual(['running', 'stopped']);

    const folder = host.sessionFolder!;
    const events = readFileSync(join(folder, 'timeline.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TimelineEvent);
    expect(events[0].kind).toBe('session_started');
    expect(events[0].payload.input).toMatchObject({ kind: 'live', micWav: 'mic.wav' });
    expect(events.find((e) => e.kind === 'source_lost')?.payload).toEqual({ source: 'camera' });
    expect(events.at(-1)!.kind).toBe('session_stopped');
    expect(host.sync({ sinceSeq: 0 }).events).toEqual(events);

    expect(await host.start({})).toEqual({ state: 'running', turn: 0 });
    expect(host.sessionFolder).not.toBe(folder);
    expect(host.sync({ sinceSeq: 0 }).events[0].kind).toBe('session_started');
  });

  it('a stop while the model is still loading ends the session as soon as it exists', async () => {
    const host = makeHost();
    const starting = host.start({});
    const stopped = await host.stop();
    await starting;
    expect(stopped.state).toBe('stopped');
    expect(host.status().state).toBe('stopped');
  });
});
