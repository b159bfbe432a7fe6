// The sandboxed preload: exposes `window.tandem` (TandemBridge), one function per IPC message, and never ipcRenderer itself.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  AUDIO_PORT_CHANNEL,
  decodeMediaFrame,
  encodeMediaFrame,
  validateIpcPayload,
  validateIpcResponse,
  videoFrameProblem,
  type IpcEvent,
  type IpcEventChannel,
  type IpcInvokeChannel,
  type IpcRequest,
  type IpcResponse,
  type TandemBridge,
} from '../common/ipc';

/** Invokes a channel with a payload checked before it leaves and an answer checked before the page sees it. */
async function invoke<C extends IpcInvokeChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const outgoing = validateIpcPayload(channel, request);
  if (!outgoing.ok) throw new Error(`${channel}: request outside the contract: ${outgoing.reason}`);
  const response: unknown = request === undefined ? await ipcRenderer.invoke(channel) : await ipcRenderer.invoke(channel, outgoing.value);
  const checked = validateIpcResponse(channel, response);
  if (!checked.ok) throw new Error(`${channel} returned a value outside the contract: ${checked.reason}`);
  return checked.value as IpcResponse<C>;
}

/** Subscribes to an event channel; the IpcRendererEvent (it carries `sender`) never reaches the page, only the checked payload. */
function subscribe<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEvent<C>) => void): () => void {
  const onMessage = (_event: IpcRendererEvent, payload: unknown): void => {
    const checked = validateIpcPayload(channel, payload);
    if (checked.ok) listener(checked.value as IpcEvent<C>);
    else console.warn(`[tandem] dropped a ${channel} event outside the contract: ${checked.reason}`);
  };
  ipcRenderer.on(channel, onMessage);
  return () => {
    ipcRenderer.removeListener(channel, onMessage);
  };
}

// ---- the audio MessagePort: mic frames out, output chunks in, as transferred ArrayBuffers ----

let audioPort: MessagePort | undefined;
let micSeq = 0;
const videoSeq = { camera: 0, screen: 0 };
const audioOutputListeners = new Set<(turn: number, samples: Float32Array) => void>();

ipcRenderer.on(AUDIO_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (!port) return;
  // A new port (main restarted the engine or reloaded the page's wiring) replaces the old one.
  audioPort?.close();
  audioPort = port;
  port.onmessage = (message: MessageEvent<unknown>) => {
    if (!(message.data instanceof ArrayBuffer)) return;
    const frame = decodeMediaFrame(message.data);
    if (!frame.ok || frame.kind !== 'out') {
      console.warn(`[tandem] dropped an output audio frame: ${frame.ok ? 'not an output frame' : frame.reason}`);
      return;
    }
    for (const listener of audioOutputListeners) listener(frame.header.turn, frame.samples);
  };
  port.start();
});

const bridge: TandemBridge = {
  getInfo: () => invoke('app:getInfo', undefined),
  startSession: (request) => invoke('session:start', request),
  pauseSession: () => invoke('session:pause', undefined),
  resumeSession: () => invoke('session:resume', undefined),
  stopSession: () => invoke('session:stop', undefined),
  sync: (request) => invoke('session:sync', request),
  sendText: (request) => invoke('text:send', request),
  setSourcePresent: (request) => invoke('source:setPresent', request),
  listTimers: () => invoke('timers:list', undefined),
  addTimer: (request) => invoke('timers:add', request),
  cancelTimer: (request) => invoke('timers:cancel', request),
  listWatches: () => invoke('watches:list', undefined),
  addWatch: (request) => invoke('watches:add', request),
  cancelWatch: (request) => invoke('watches:cancel', request),
  getSettings: () => invoke('settings:get', undefined),
  setSettings: (patch) => invoke('settings:set', patch),
  listHistory: (request) => invoke('history:list', request),
  openHistory: (request) => invoke('history:open', request),
  deleteHistory: (request) => invoke('history:delete', request),
  verifyHistory: (request) => invoke('history:verify', request),
  historyAudio: (request) => invoke('history:audio', request),
  listTools: () => invoke('tools:list', undefined),
  sendToolResult: (request) => invoke('tool:result', request),
  decideTool: (request) => invoke('tool:decide', request),
  openUrl: (request) => invoke('url:open', request),
  onToolRequest: (listener) => subscribe('tool:request', listener),
  onToolAsk: (listener) => subscribe('tool:ask', listener),
  onToolAskSettled: (listener) => subscribe('tool:askSettled', listener),

  sendMicAudio(samples: Float32Array): void {
    // Audio captured before the port arrives is dropped: the engine flags the gap as an underrun.
    if (!audioPort) return;
    if (!(samples instanceof Float32Array) || samples.length < 1 || samples.length > 16_000) {
      console.warn('[tandem] sendMicAudio: expected a Float32Array of 1..16000 samples; frame dropped');
      return;
    }
    const buffer = encodeMediaFrame({ kind: 'mic', seq: micSeq++, samples: samples.length }, samples);
    audioPort.postMessage(buffer, [buffer]);
  },

  sendVideoFrame(source, frame): void {
    // Like mic audio: frames before the port arrives are dropped; the next changed frame follows within 200 ms.
    if (!audioPort) return;
    const problem = source === 'camera' || source === 'screen' ? videoFrameProblem(frame) : `unknown source ${String(source)}`;
    if (problem) {
      console.warn(`[tandem] sendVideoFrame: ${problem}; frame dropped`);
      return;
    }
    const buffer = encodeMediaFrame({ kind: 'video', source, seq: videoSeq[source]++, width: frame.width, height: frame.height }, frame.rgb);
    audioPort.postMessage(buffer, [buffer]);
  },

  onSessionStatus: (listener) => subscribe('session:status', listener),
  onTimelineEvent: (listener) => subscribe('timeline:event', listener),
  onTickMeasure: (listener) => subscribe('tick:measure', listener),
  onPlaybackFlush: (listener) => subscribe('playback:flush', listener),
  onSettingsChanged: (listener) => subscribe('settings:changed', listener),
  listModels: () => invoke('models:list', undefined),
  pullModel: (request) => invoke('models:pull', request),
  cancelModelPull: (request) => invoke('models:cancel', request),
  removeModel: (request) => invoke('models:remove', request),
  onModelProgress: (listener) => subscribe('models:progress', listener),
  onAudioOutput(listener) {
    audioOutputListeners.add(listener);
    return () => {
      audioOutputListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('tandem', bridge);
