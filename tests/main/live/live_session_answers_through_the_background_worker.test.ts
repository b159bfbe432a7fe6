// A live session (real-time clock) with the background provider in its worker thread: a typed question is answered from a loopback server, "never mind" cancels a slow one, and no tick waits for the network.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { LiveSessionHost } from '../../../main/live/liveSession';
import { finishChunk, startLoopbackServer, textChunk, type LoopbackServer } from '../background/loopbackOpenAiServer.fixture';
import { ensureBuilt, waitFor } from '../cli/cli.fixture';

let server: LoopbackServer;
beforeAll(async () => {
  await ensureBuilt(); // the worker runs out/main/backgroundWorker.js
  server = await startLoopbackServer((body) => {
    const last = (body.messages as Array<{ content: string }>).at(-1)!.content;
    // The slow question streams one chunk every 400 ms: long enough to be cancelled mid-way.
    if (last.includes('slow')) return { kind: 'stream', chunks: [textChunk('one '), textChunk('two '), textChunk('three '), textChunk('four'), finishChunk()], delayMs: 400 };
    return { kind: 'stream', chunks: [textChunk('Paris is '), textChunk('the capital.'), finishChunk()] };
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('live session with a background provider', () => {
  const dirs: string[] = [];
  const hosts: LiveSessionHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function startHost() {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-bg-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: () => undefined });
    hosts.push(host);
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({ background: { active: 'loop', providers: [{ id: 'loop', kind: 'openai', baseURL: server.baseURL, model: 'tiny', timeoutMs: 10_000, idleTimeoutMs: 5_000 }], contextChars: 12_000 } });
    return { host, events };
  }

  it('speaks the streamed answer to a typed question', async () => {
    const { host, events } = await startHost();
    host.sendText({ text: 'what is the capital of France?' });
    await waitFor('the answer spoken', () => events.some((e) => e.kind === 'assistant_speech_started' && e.payload.text === 'Paris is the capital.'), 15_000);
    const updates = events.filter((e) => e.kind === 'background_update').map((e) => e.payload.type);
    expect(updates).toEqual(['started', 'text', 'text', 'done']);
    const delegate = events.find((e) => e.kind === 'model_event' && e.payload.event === 'delegate')!;
    const done = events.find((e) => e.kind === 'background_update' && e.payload.type === 'done')!;
    expect(done.turn).toBeGreaterThan(delegate.turn);
    expect(events[0].payload.background).toEqual({ provider: `openai-compatible model tiny at ${server.baseURL}` });
  }, 30_000);

  it('cancels a slow task when the user types "never mind": the task ends cancelled and its text is never spoken', async () => {
    const { host, events } = await startHost();
    host.sendText({ text: 'tell me something slow' });
    await waitFor('the first streamed chunk', () => events.some((e) => e.kind === 'background_update' && e.payload.type === 'text'), 15_000);
    host.sendText({ text: 'never mind' });
    await waitFor('the task cancelled', () => events.some((e) => e.kind === 'background_update' && e.payload.type === 'cancelled'), 15_000);
    await new Promise((r) => setTimeout(r, 2000)); // what the server would still have sent
    const types = events.filter((e) => e.kind === 'background_update').map((e) => e.payload.type);
    expect(types.at(-1)).toBe('cancelled');
    expect(types).not.toContain('done');
    expect(events.some((e) => e.kind === 'model_event' && e.payload.event === 'cancel_task')).toBe(true);
    const said = events.filter((e) => e.kind === 'assistant_speech_started').map((e) => String(e.payload.text));
    expect(said).toContain('Okay, dropped it.');
    expect(said.some((text) => text.includes('one'))).toBe(false);
  }, 30_000);
});
