// A live session driven over the bridge in real time: it ticks, hears espeak-ng speech, answers, survives bad messages and reconnects, and stops cleanly.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMediaFrame } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { SpeechAudio, concat } from '../models/speechAudio.fixture';
import { MAX_MESSAGE_BYTES } from '../../../main/serve/serveMode';
import { BridgeClient, startTestServe, streamLikeAMic, waitUntil, type ServeFixture } from './serveBridge.fixture';

describe('a live session over the serve-mode bridge', () => {
  let fixture: ServeFixture;
  let client: BridgeClient;
  const audio = new SpeechAudio();
  beforeAll(async () => {
    fixture = await startTestServe();
    client = await BridgeClient.connect(fixture.serve);
  });
  afterAll(async () => {
    await client?.close();
    await fixture.dispose();
    audio.dispose();
  });

  it('answers app:getInfo and reports an idle session before the start', async () => {
    const info = await client.invoke('app:getInfo');
    expect(info).toMatchObject({ ok: true, value: { platform: process.platform } });
    const sync = await client.invoke('session:sync', { sinceSeq: 0 });
    expect(sync).toEqual({ type: 'result', id: expect.any(Number), ok: true, value: { status: { state: 'idle', turn: 0 }, events: [], truncated: false } });
  });

  it('session:start → running, and micro-turns tick about 5 times a second on the wall clock', async () => {
    // A slow voice (110 words/min, ~3.5 s for the harness reply) keeps the reply playing when the user cuts in below.
    const started = await client.invoke('session:start', { im: 'harness', voice: { name: 'espeak', rate: 110, pitch: 50 } });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', turn: 0 } });
    await waitUntil('session:status running', () => (client.events('session:status') as Array<{ state: string }>).some((s) => s.state === 'running'));
    await sleep(1500);
    const ticks = client.events('tick:measure') as Array<{ turn: number; latenessMs: number }>;
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(9);
    expect(ticks.map((t) => t.turn)).toEqual(ticks.map((_, i) => i));
    expect(client.timelineKinds()[0]).toBe('session_started');
    // One output chunk per micro-turn, silent while the assistant listens.
    expect(client.outFrames.length).toBeGreaterThanOrEqual(4);
    expect(client.outFrames.every((f) => f.samples.length === 3200)).toBe(true);
  });

  it('a second session:start is refused clearly while the session runs', async () => {
    const again = await client.invoke('session:start', {});
    expect(again.ok).toBe(false);
    expect((again as { error: string }).error).toMatch(/already running.*stop it/);
  });

  it('hears speech from mic frames and, after the user stops, speaks (non-zero output audio)', async () => {
    const { pcm } = concat(audio.speech('hello there, could you tell me what the weather is like today'), audio.silence(2200));
    const outBefore = client.outFrames.length;
    await streamLikeAMic(client, pcm);
    await waitUntil('the assistant to speak', () => client.timelineKinds().includes('assistant_speech_started'), 3000);
    const kinds = client.timelineKinds();
    expect(kinds).toContain('user_speech_started');
    expect(kinds.indexOf('user_speech_started')).toBeLessThan(kinds.indexOf('assistant_speech_started'));
    await waitUntil('output audio with the voice in it', () => client.outFrames.slice(outBefore).some((f) => f.samples.some((s) => s !== 0)), 2000);
    const audible = client.outFrames.slice(outBefore).filter((f) => f.samples.some((s) => Math.abs(s) > 1e-3));
    expect(audible.length).toBeGreaterThanOrEqual(1);
    expect(client.malformed).toEqual([]);
  });

  it('when the user cuts in, the assistant yields and playback:flush goes out', async () => {
    const { pcm } = concat(audio.speech('wait, no, I meant something else entirely'), audio.silence(400));
    await streamLikeAMic(client, pcm);
    await waitUntil('playback:flush', () => client.events('playback:flush').length > 0, 2000);
    const cut = (client.events('timeline:event') as TimelineEvent[]).find((e) => e.kind === 'assistant_speech_cut');
    expect(cut?.payload.reason).toBe('yield');
    expect(client.events('playback:flush')[0]).toEqual({ turn: cut!.turn });
  });

  it('answers invalid messages with ok:false naming the problem, and keeps ticking', async () => {
    const errorsBefore = client.errorsWithNullId().length;
    client.sendRaw('{not json');
    await waitUntil('the answer to bad JSON', () => client.errorsWithNullId().length > errorsBefore);
    expect(client.errorsWithNullId().at(-1)).toMatch(/not JSON/);

    const unknown = await client.invoke('session:explode', {});
    expect(unknown).toMatchObject({ ok: false, error: expect.stringMatching(/unknown channel "session:explode"/) });
    const eventChannel = await client.invoke('session:status', { state: 'running', turn: 1 });
    expect(eventChannel).toMatchObject({ ok: false, error: expect.stringMatching(/unknown channel "session:status"/) });
    const wrongPayload = await client.invoke('text:send', { text: 42 });
    expect(wrongPayload).toMatchObject({ ok: false, error: expect.stringMatching(/invalid payload for text:send.*text/s) });
    const extraKey = await client.invoke('session:sync', { sinceSeq: 0, all: true });
    expect(extraKey).toMatchObject({ ok: false, error: expect.stringMatching(/invalid payload for session:sync/) });

    client.sendRaw(JSON.stringify({ type: 'invoke', id: 777, channel: 'session:pause', payload: 1, extra: true }));
    expect(await client.waitForResult(777)).toMatchObject({ ok: false, error: expect.stringMatching(/not an invoke/) });

    const before = client.errorsWithNullId().length;
    client.sendRaw(new Uint8Array([1, 2, 3]).buffer);
    await waitUntil('the answer to a bad audio frame', () => client.errorsWithNullId().length > before);
    expect(client.errorsWithNullId().at(-1)).toMatch(/invalid media frame dropped.*shorter than a header/);
    // An 'out' frame is the server's to send, never the client's.
    client.sendRaw(encodeMediaFrame({ kind: 'out', turn: 0, samples: 4 }, new Float32Array(4)));
    await waitUntil('the count of bad frames', () => fixture.serve.counters().invalidAudioFrames === 2);

    const ticksBefore = client.events('tick:measure').length;
    await sleep(600);
    expect(client.events('tick:measure').length).toBeGreaterThanOrEqual(ticksBefore + 2);
    expect(fixture.logLines.some((line) => line.includes('refused a message'))).toBe(true);
    expect(fixture.serve.counters().clients).toBe(1);
  });

  it('an oversized message closes only the connection that sent it (1009), the session and other tabs carry on', async () => {
    const other = await BridgeClient.connect(fixture.serve);
    const closed = new Promise<number>((resolvePromise) => other.socket.once('close', (code) => resolvePromise(code)));
    other.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 1024));
    expect(await closed).toBe(1009);
    const ticksBefore = client.events('tick:measure').length;
    await waitUntil('ticks on the first tab', () => client.events('tick:measure').length >= ticksBefore + 2, 2000);
    expect(fixture.serve.counters().clients).toBe(1);
  });

  it('typed text enters the timeline', async () => {
    expect(await client.invoke('text:send', { text: 'what time is it?' })).toMatchObject({ ok: true, value: { accepted: true } });
    await waitUntil('user_text', () => client.timelineKinds().includes('user_text'), 2000);
  });

  it('a reconnecting client gets the earlier events from session:sync, and the session kept running meanwhile', async () => {
    const seen = client.events('timeline:event') as TimelineEvent[];
    const lastTurnBefore = (client.events('tick:measure') as Array<{ turn: number }>).at(-1)!.turn;
    await client.close();
    await sleep(700); // nobody connected: the session must keep going
    client = await BridgeClient.connect(fixture.serve);
    const sync = await client.invoke('session:sync', { sinceSeq: 0 });
    expect(sync.ok).toBe(true);
    const value = (sync as { value: { status: { state: string; turn: number }; events: TimelineEvent[]; truncated: boolean } }).value;
    expect(value.truncated).toBe(false);
    expect(value.status.state).toBe('running');
    expect(value.status.turn).toBeGreaterThanOrEqual(lastTurnBefore + 3);
    expect(value.events.slice(0, seen.length)).toEqual(seen);
    expect(value.events.map((e) => e.seq)).toEqual(value.events.map((_, i) => i));
    const partial = await client.invoke('session:sync', { sinceSeq: 10 });
    expect((partial as { value: { events: TimelineEvent[] } }).value.events[0].seq).toBe(10);
    await waitUntil('live events on the new connection', () => client.events('tick:measure').length >= 2, 2000);
  });

  it('pause and resume are reported to every client', async () => {
    const second = await BridgeClient.connect(fixture.serve);
    try {
      expect(await client.invoke('session:pause')).toMatchObject({ ok: true, value: { state: 'paused' } });
      await waitUntil('paused on the other tab', () => (second.events('session:status') as Array<{ state: string }>).some((s) => s.state === 'paused'), 2000);
      expect(await client.invoke('session:resume')).toMatchObject({ ok: true, value: { state: 'running' } });
      await waitUntil('ticks on both tabs', () => second.events('tick:measure').length >= 1 && second.outFrames.length >= 1, 2000);
    } finally {
      await second.close();
    }
  });

  it('session:stop → session_stopped, the JSONL on disk ends with it, mic.wav holds the closed audio; a second stop is harmless', async () => {
    const stopped = await client.invoke('session:stop');
    expect(stopped).toMatchObject({ ok: true, value: { state: 'stopped' } });
    await waitUntil('session_stopped', () => client.timelineKinds().includes('session_stopped'), 2000);
    expect(await client.invoke('session:stop')).toMatchObject({ ok: true, value: { state: 'stopped' } });

    const folders = readdirSync(fixture.sessionsDir);
    expect(folders).toHaveLength(1);
    const folder = join(fixture.sessionsDir, folders[0]);
    const lines = readFileSync(join(folder, 'timeline.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TimelineEvent);
    expect(lines[0].kind).toBe('session_started');
    expect(lines.at(-1)!.kind).toBe('session_stopped');
    expect(lines.map((e) => e.kind)).toEqual(expect.arrayContaining(['user_speech_started', 'assistant_speech_started', 'user_text', 'session_paused', 'session_resumed']));
    const chunks = lines.filter((e) => e.kind === 'audio_chunk').length;
    expect(statSync(join(folder, 'mic.wav')).size).toBe(44 + chunks * 3200 * 2);

    const afterStop = await client.invoke('text:send', { text: 'anyone?' });
    expect(afterStop).toMatchObject({ ok: false, error: expect.stringMatching(/No session is running/) });
    const sync = await client.invoke('session:sync', { sinceSeq: 0 });
    expect((sync as { value: { status: { state: string } } }).value.status.state).toBe('stopped');
  });
});
