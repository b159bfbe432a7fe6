// The built preload (out/preload/index.cjs) requires only `electron`, exposes exactly TandemBridge, and checks messages both ways.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_PORT_CHANNEL, decodeMediaFrame, encodeMediaFrame, type TandemBridge } from '../../common/ipc';

const BUNDLE = path.resolve(import.meta.dirname, '../../out/preload/index.cjs');

/** Every TandemBridge method; `satisfies` makes tsc fail when the interface gains or loses one. */
const BRIDGE_METHODS = {
  getInfo: true,
  startSession: true,
  pauseSession: true,
  resumeSession: true,
  stopSession: true,
  sync: true,
  sendText: true,
  setSourcePresent: true,
  listTimers: true,
  addTimer: true,
  cancelTimer: true,
  listWatches: true,
  addWatch: true,
  cancelWatch: true,
  sendMicAudio: true,
  sendVideoFrame: true,
  onSessionStatus: true,
  onTimelineEvent: true,
  onTickMeasure: true,
  onPlaybackFlush: true,
  onAudioOutput: true,
  getSettings: true,
  setSettings: true,
  listHistory: true,
  openHistory: true,
  deleteHistory: true,
  verifyHistory: true,
  historyAudio: true,
  onSettingsChanged: true,
  listTools: true,
  sendToolResult: true,
  decideTool: true,
  openUrl: true,
  onToolRequest: true,
  onToolAsk: true,
  onToolAskSettled: true,
  listModels: true,
  pullModel: true,
  cancelModelPull: true,
  removeModel: true,
  onModelProgress: true,
} satisfies Record<keyof TandemBridge, true>;

type Listener = (event: { ports: MessagePort[] }, payload?: unknown) => void;

/** A small fake of the electron renderer API the preload uses; it records what the preload does. */
class FakeIpcRenderer {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answers = new Map<string, unknown>();
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answers.get(channel);
  }
  on(channel: string, listener: Listener): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, event: { ports: MessagePort[] }, payload?: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, payload);
  }
}

interface Loaded {
  required: string[];
  exposed: Map<string, unknown>;
  ipc: FakeIpcRenderer;
}

function loadBundle(): Loaded {
  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const ipc = new FakeIpcRenderer();
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer: ipc };
  const fakeRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  // Evaluated in this realm (not a vm context) so ArrayBuffers from Node's MessageChannel pass `instanceof` as in Chromium.
  new Function('require', 'module', 'exports', readFileSync(BUNDLE, 'utf8'))(fakeRequire, module, module.exports);
  return { required, exposed, ipc };
}

describe('preload bundle', () => {
  let loaded: Loaded;
  let bridge: TandemBridge;
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npx electron-vite build\` first`);
    loaded = loadBundle();
    bridge = loaded.exposed.get('tandem') as TandemBridge;
  });

  it('requires nothing but electron', () => {
    expect(new Set(loaded.required)).toEqual(new Set(['electron']));
    const text = readFileSync(BUNDLE, 'utf8');
    expect([...text.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1])).toEqual(['electron']);
  });

  it('exposes exactly the TandemBridge methods as window.tandem, and nothing else', () => {
    expect([...loaded.exposed.keys()]).toEqual(['tandem']);
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(BRIDGE_METHODS).sort());
    for (const name of Object.keys(BRIDGE_METHODS)) expect(typeof (bridge as unknown as Record<string, unknown>)[name]).toBe('function');
  });

  it('sends a valid request and hands back the checked answer', async () => {
    loaded.ipc.answers.set('session:start', { state: 'running', turn: 0 });
    await expect(bridge.startSession({ im: 'harness' })).resolves.toEqual({ state: 'running', turn: 0 });
    expect(loaded.ipc.invoked.at(-1)).toEqual({ channel: 'session:start', args: [{ im: 'harness' }] });
    loaded.ipc.answers.set('session:pause', { state: 'paused', turn: 4 });
    await bridge.pauseSession();
    expect(loaded.ipc.invoked.at(-1)).toEqual({ channel: 'session:pause', args: [] });
  });

  it('sends the reminder channels with their payloads', async () => {
    loaded.ipc.answers.set('timers:add', { id: 't0', dueAtMs: 4_000, dueInMs: 3_000, text: 'tea' });
    await expect(bridge.addTimer({ inMs: 3_000, text: 'tea' })).resolves.toEqual({ id: 't0', dueAtMs: 4_000, dueInMs: 3_000, text: 'tea' });
    expect(loaded.ipc.invoked.at(-1)).toEqual({ channel: 'timers:add', args: [{ inMs: 3_000, text: 'tea' }] });
    loaded.ipc.answers.set('timers:list', { timers: [] });
    await expect(bridge.listTimers()).resolves.toEqual({ timers: [] });
    expect(loaded.ipc.invoked.at(-1)).toEqual({ channel: 'timers:list', args: [] });
    loaded.ipc.answers.set('timers:cancel', { cancelled: true });
    await expect(bridge.cancelTimer({ id: 't0' })).resolves.toEqual({ cancelled: true });
    expect(loaded.ipc.invoked.at(-1)).toEqual({ channel: 'timers:cancel', args: [{ id: 't0' }] });
  });

  it('refuses a request outside the contract before it leaves the page', async () => {
    const before = loaded.ipc.invoked.length;
    await expect(bridge.sendText({ text: '' })).rejects.toThrow(/text:send: request outside the contract/);
    await expect(bridge.sync({ sinceSeq: 1.5 })).rejects.toThrow(/session:sync/);
    expect(loaded.ipc.invoked.length).toBe(before);
  });

  it('refuses an answer outside the contract', async () => {
    loaded.ipc.answers.set('app:getInfo', { version: '1', platform: 'linux', secret: 'x' });
    await expect(bridge.getInfo()).rejects.toThrow(/app:getInfo returned a value outside the contract/);
  });

  it('delivers checked events, drops malformed ones, and stops after unsubscribe', () => {
    const seen: unknown[] = [];
    const unsubscribe = bridge.onTickMeasure((measure) => seen.push(measure));
    const measure = { turn: 3, latenessMs: 0.5, stepMs: 1, overheadMs: 0.2 };
    loaded.ipc.emit('tick:measure', { ports: [] }, measure);
    loaded.ipc.emit('tick:measure', { ports: [] }, { turn: -1 });
    unsubscribe();
    loaded.ipc.emit('tick:measure', { ports: [] }, measure);
    expect(seen).toEqual([measure]);
    expect(loaded.ipc.listeners.get('tick:measure')?.size).toBe(0);
  });

  it('moves mic audio out and output audio in over the MessagePort, as transferred frames', async () => {
    const channel = new MessageChannel();
    const transfers: unknown[][] = [];
    const post = channel.port1.postMessage.bind(channel.port1);
    channel.port1.postMessage = ((message: unknown, transfer: Transferable[]) => {
      transfers.push(transfer);
      post(message, transfer);
    }) as typeof channel.port1.postMessage;
    loaded.ipc.emit(AUDIO_PORT_CHANNEL, { ports: [channel.port1] });
    const engineSide = channel.port2;
    const micFrames: ArrayBuffer[] = [];
    engineSide.onmessage = (message: MessageEvent) => micFrames.push(message.data as ArrayBuffer);

    const samples = new Float32Array([0.1, -0.2, 0.3]);
    bridge.sendMicAudio(samples);
    bridge.sendMicAudio(samples);
    bridge.sendMicAudio(new Float32Array(0)); // dropped: no empty frames
    const rgb = new Uint8Array([255, 0, 0, 0, 0, 255]);
    bridge.sendVideoFrame('camera', { rgb, width: 2, height: 1 });
    bridge.sendVideoFrame('screen', { rgb, width: 3, height: 1 }); // dropped: 3×1 needs 9 bytes
    bridge.sendVideoFrame('screen', { rgb: new Uint8Array(0), width: 0, height: 0 }); // dropped: empty

    const heard: Array<[number, number[]]> = [];
    const unsubscribe = bridge.onAudioOutput((turn, out) => heard.push([turn, Array.from(out)]));
    const out = encodeMediaFrame({ kind: 'out', turn: 7, samples: 2 }, new Float32Array([0.5, 0.25]));
    engineSide.postMessage(out, [out]);
    const wrongKind = encodeMediaFrame({ kind: 'mic', seq: 0, samples: 1 }, new Float32Array([0]));
    engineSide.postMessage(wrongKind, [wrongKind]);

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(micFrames.map((frame) => decodeMediaFrame(frame))).toEqual([
      { ok: true, kind: 'mic', header: { kind: 'mic', seq: 0, samples: 3 }, samples: expect.any(Float32Array) },
      { ok: true, kind: 'mic', header: { kind: 'mic', seq: 1, samples: 3 }, samples: expect.any(Float32Array) },
      { ok: true, kind: 'video', header: { kind: 'video', source: 'camera', seq: 0, width: 2, height: 1 }, rgb: expect.any(Uint8Array) },
    ]);
    const video = decodeMediaFrame(micFrames[2]);
    if (video.ok && video.kind === 'video') expect(Array.from(video.rgb)).toEqual([255, 0, 0, 0, 0, 255]);
    const first = decodeMediaFrame(micFrames[0]);
    if (first.ok && first.kind === 'mic') expect(Array.from(first.samples)).toEqual(Array.from(samples));
    expect(heard).toEqual([[7, [0.5, 0.25]]]);
    // Each mic and video frame's buffer was transferred (no copy, no base64): the transfer list holds it.
    expect(transfers).toHaveLength(3);
    for (const transfer of transfers) expect(transfer).toEqual([expect.any(ArrayBuffer)]);
    unsubscribe();
    channel.port1.close();
    channel.port2.close();
  });
});
