// The built preload (out/preload/index.cjs) requires only `electron`, exposes exactly TandemBridge, and checks messages both ways.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_PORT_CHANNEL, decodeAudioFrame, encodeAudioFrame, type TandemBridge } from '../../common/ipc';

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
  sendMicAudio: true,
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

    const heard: Array<[number, number[]]> = [];
    const unsubscribe = bridge.onAudioOutput((turn, out) => heard.push([turn, Array.from(out)]));
    const out = encodeAudioFrame({ kind: 'out', turn: 7, samples: 2 }, new Float32Array([0.5, 0.25]));
    engineSide.postMessage(out, [out]);
    const wrongKind = encodeAudioFrame({ kind: 'mic', seq: 0, samples: 1 }, new Float32Array([0]));
    engineSide.postMessage(wrongKind, [wrongKind]);

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(micFrames.map((frame) => decodeAudioFrame(frame))).toEqual([
      { ok: true, header: { kind: 'mic', seq: 0, samples: 3 }, samples: expect.any(Float32Array) },
      { ok: true, header: { kind: 'mic', seq: 1, samples: 3 }, samples: expect.any(Float32Array) },
    ]);
    const first = decodeAudioFrame(micFrames[0]);
    if (first.ok) expect(Array.from(first.samples)).toEqual(Array.from(samples));
    expect(heard).toEqual([[7, [0.5, 0.25]]]);
    // Each mic frame's buffer was transferred (no copy, no base64): the transfer list holds it.
    expect(transfers).toHaveLength(2);
    for (const transfer of transfers) expect(transfer).toEqual([expect.any(ArrayBuffer)]);
    unsubscribe();
    channel.port1.close();
    channel.port2.close();
  });
});
