// Main's EngineHost with a fake utilityProcess: invokes answered, events forwarded only in contract, a dead engine restarted and its session continued with a crash marker.

import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fake engine utility process: records what main posts, lets the test answer and exit. */
class FakeChild extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

const children: FakeChild[] = [];
vi.mock('electron', () => ({
  utilityProcess: { fork: () => { const child = new FakeChild(); children.push(child); return child; } },
  MessageChannelMain: class { port1 = { name: 'page side' }; port2 = { name: 'engine side' }; },
}));

const { EngineHost } = await import('../../../main/app/engineHost');

interface FakePage {
  sent: Array<[string, unknown]>;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  postMessage(): void;
}
function fakePage(): FakePage {
  const page: FakePage = { sent: [], send: (channel, payload) => page.sent.push([channel, payload]), isDestroyed: () => false, postMessage: () => undefined };
  return page;
}

describe('engine host', () => {
  let page: FakePage;
  let reports: string[];
  let host: InstanceType<typeof EngineHost>;
  beforeEach(() => {
    children.length = 0;
    page = fakePage();
    reports = [];
    host = new EngineHost({ entryPath: '/x/engineProcess.js', pages: () => [page as never], audioPages: () => [], report: (message) => reports.push(message) });
  });

  /** Answers the last invoke the child got. */
  function answerLast(child: FakeChild, value: unknown): void {
    const invoke = child.posted.at(-1) as { id: number };
    child.emit('message', { type: 'result', id: invoke.id, ok: true, value });
  }

  it('waits for ready, then forwards an invoke and resolves with the answer', async () => {
    host.launch();
    const started = host.invoke('session:start', { im: 'harness' });
    children[0].emit('message', { type: 'ready' });
    await Promise.resolve();
    expect(children[0].posted).toEqual([{ type: 'invoke', id: 0, channel: 'session:start', payload: { im: 'harness' } }]);
    answerLast(children[0], { state: 'running', turn: 0 });
    await expect(started).resolves.toEqual({ state: 'running', turn: 0 });
  });

  it('forwards events in the contract to the pages and drops the others', () => {
    host.launch();
    children[0].emit('message', { type: 'ready' });
    children[0].emit('message', { type: 'event', channel: 'session:status', payload: { state: 'running', turn: 3 } });
    children[0].emit('message', { type: 'event', channel: 'session:status', payload: { state: 'flying', turn: 3 } });
    children[0].emit('message', { type: 'event', channel: 'shell:exec', payload: 'rm -rf' });
    children[0].emit('message', 'garbage');
    expect(page.sent).toEqual([['session:status', { state: 'running', turn: 3 }]]);
  });

  it('rejects pending invokes when the engine dies, restarts it, and starts a new session', async () => {
    host.launch();
    children[0].emit('message', { type: 'ready' });
    const start = host.invoke('session:start', {});
    await Promise.resolve();
    answerLast(children[0], { state: 'running', turn: 0 });
    await start;
    const startedEvent = { seq: 0, turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: { input: { kind: 'live', micWav: 'mic.wav', folder: '/data/sessions/20261125T061500Z-abc123' } } };
    children[0].emit('message', { type: 'event', channel: 'timeline:event', payload: startedEvent });
    expect(page.sent).toEqual([['timeline:event', startedEvent]]);
    const sync = host.invoke('session:sync', { sinceSeq: 0 });
    await Promise.resolve();
    children[0].emit('exit', 139);
    await expect(sync).rejects.toThrow(/exited before answering/);
    expect(reports).toEqual(['the engine process exited with code 139; restarting it']);
    expect(children).toHaveLength(2);
    children[1].emit('message', { type: 'ready' });
    await Promise.resolve();
    // The new session's timeline says it continues the one that died, and with which exit code.
    expect(children[1].posted).toEqual([
      { type: 'invoke', id: 2, channel: 'session:start', payload: { afterEngineCrash: { previousSessionFolder: '/data/sessions/20261125T061500Z-abc123', exitCode: 139 } } },
    ]);
  });

  it('kills the engine on shutdown and does not restart it', () => {
    host.launch();
    children[0].emit('message', { type: 'ready' });
    host.shutdown();
    children[0].emit('exit', 0);
    expect(children[0].killed).toBe(true);
    expect(children).toHaveLength(1);
    expect(reports).toEqual([]);
  });
});
