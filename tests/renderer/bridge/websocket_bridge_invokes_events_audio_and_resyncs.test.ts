// WebSocketBridge against a fake socket: invoke/result pairing, ok:false rejections, events, binary audio, reconnect + session:sync.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMediaFrame, encodeMediaFrame } from '../../../common/ipc';
import { WebSocketBridge, bridgeUrlFromPage, type BridgeSocket } from '../../../renderer/src/bridge/webSocketBridge';

class FakeSocket implements BridgeSocket {
  binaryType = 'blob';
  readyState = 0;
  sent: Array<string | ArrayBuffer> = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string | ArrayBuffer) { this.sent.push(data); }
  close() { this.readyState = 3; this.onclose?.({}); }
  open() { this.readyState = 1; this.onopen?.({}); }
  receive(data: unknown) { this.onmessage?.({ data }); }
  lastInvoke() { return JSON.parse(this.sent.filter((d) => typeof d === 'string').at(-1) as string); }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const bridge = new WebSocketBridge({ url: 'ws://x/bridge?token=t', initialBackoffMs: 10, createSocket: () => { const s = new FakeSocket(); sockets.push(s); return s; } });
  return { bridge, sockets };
}

afterEach(() => vi.useRealTimers());

const timelineEvent = (seq: number) => ({ seq, turn: seq, atMs: seq * 200, source: 'engine', kind: 'audio_chunk', payload: {} });

describe('WebSocketBridge', () => {
  it('takes the token from the page URL', () => {
    expect(bridgeUrlFromPage({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:5000/bridge?token=a%2Bb');
    expect(bridgeUrlFromPage({ protocol: 'http:', host: 'h', search: '' })).toBeUndefined();
  });

  it('pairs an invoke with its result and rejects on ok:false', async () => {
    const { bridge, sockets } = setup();
    sockets[0].open();
    const started = bridge.startSession({});
    const sent = sockets[0].lastInvoke();
    expect(sent).toEqual({ type: 'invoke', id: sent.id, channel: 'session:start', payload: {} });
    sockets[0].receive(JSON.stringify({ type: 'result', id: sent.id, ok: true, value: { state: 'running', turn: 0 } }));
    await expect(started).resolves.toEqual({ state: 'running', turn: 0 });
    const paused = bridge.pauseSession();
    sockets[0].receive(JSON.stringify({ type: 'result', id: sockets[0].lastInvoke().id, ok: false, error: 'not running' }));
    await expect(paused).rejects.toThrow(/session:pause failed: not running/);
  });

  it('delivers validated events and output audio; sends mic audio as binary frames', () => {
    const { bridge, sockets } = setup();
    sockets[0].open();
    const ticks: number[] = [];
    const audio: Array<[number, number]> = [];
    bridge.onTickMeasure((m) => ticks.push(m.turn));
    bridge.onAudioOutput((turn, samples) => audio.push([turn, samples.length]));
    sockets[0].receive(JSON.stringify({ type: 'event', channel: 'tick:measure', payload: { turn: 3, latenessMs: 0, stepMs: 1, overheadMs: 0 } }));
    sockets[0].receive(JSON.stringify({ type: 'event', channel: 'tick:measure', payload: { turn: -1 } }));
    sockets[0].receive(encodeMediaFrame({ kind: 'out', turn: 4, samples: 3200 }, new Float32Array(3200)));
    bridge.sendMicAudio(new Float32Array(320));
    expect(ticks).toEqual([3]);
    expect(audio).toEqual([[4, 3200]]);
    const frame = decodeMediaFrame(sockets[0].sent.at(-1) as ArrayBuffer);
    expect(frame.ok && frame.header).toEqual({ kind: 'mic', seq: 0, samples: 320 });
  });

  it('reconnects after a close and asks session:sync for events after the last seq seen', async () => {
    vi.useFakeTimers();
    const { bridge, sockets } = setup();
    sockets[0].open();
    const seen: number[] = [];
    bridge.onTimelineEvent((e) => seen.push(e.seq));
    const resyncs: number[][] = [];
    bridge.onResync((sync) => resyncs.push(sync.events.map((e) => e.seq)));
    sockets[0].receive(JSON.stringify({ type: 'event', channel: 'timeline:event', payload: timelineEvent(0) }));
    sockets[0].receive(JSON.stringify({ type: 'event', channel: 'timeline:event', payload: timelineEvent(1) }));
    sockets[0].close();
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    const sync = sockets[1].lastInvoke();
    expect(sync).toMatchObject({ channel: 'session:sync', payload: { sinceSeq: 2 } });
    sockets[1].receive(JSON.stringify({ type: 'result', id: sync.id, ok: true, value: { status: { state: 'running', turn: 9 }, events: [timelineEvent(2)], truncated: false } }));
    await vi.advanceTimersByTimeAsync(0);
    sockets[1].receive(JSON.stringify({ type: 'event', channel: 'timeline:event', payload: timelineEvent(2) }));
    expect(resyncs).toEqual([[2]]);
    expect(seen).toEqual([0, 1]); // seq 2 came through the sync, its live duplicate is dropped
    bridge.close();
  });
});
