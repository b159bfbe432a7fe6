// Entry of the engine's Electron utilityProcess: hosts LiveSessionHost off main's UI-critical thread and speaks engineProtocol over parentPort.

import {
  decodeMediaFrame,
  isIpcInvokeChannel,
  encodeMediaFrame,
  validateIpcPayload,
  validateIpcResponse,
  type IpcEventChannel,
} from '../../common/ipc';
import { answerLiveInvoke } from '../live/liveInvoke';
import { LiveSessionHost } from '../live/liveSession';
import { readSettingsSnapshot } from '../live/settingsStore';
import { EngineInboundSchema, type EngineOutbound } from './engineProtocol';

// Electron's utility-process globals, typed here so this file needs no `electron` import (it runs in a plain Node context).
interface UtilityMessagePort {
  on(event: 'message', listener: (message: { data: unknown; ports: UtilityMessagePort[] }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
}
const parentPort = (process as unknown as { parentPort?: UtilityMessagePort }).parentPort;
if (!parentPort) throw new Error('engineProcess must run as an Electron utilityProcess (process.parentPort is missing)');
const toMain: UtilityMessagePort = parentPort;

const host = new LiveSessionHost({ log: (line) => process.stderr.write(`[tandem engine] ${line}\n`) });
const audioPorts = new Set<UtilityMessagePort>();

function send(message: EngineOutbound): void {
  toMain.postMessage(message);
}

function forward(channel: IpcEventChannel, payload: unknown): void {
  const checked = validateIpcPayload(channel, payload);
  if (checked.ok) send({ type: 'event', channel, payload: checked.value });
  else process.stderr.write(`[tandem engine] ${channel} not sent, outside the contract: ${checked.reason}\n`);
}

host.on('status', (status) => forward('session:status', status));
host.on('timelineEvent', (event) => forward('timeline:event', event));
host.on('tickMeasure', (measure) => forward('tick:measure', measure));
host.on('playbackFlush', (flush) => forward('playback:flush', flush));
host.on('modelProgress', (progress) => forward('models:progress', progress));
// Main owns settings.json and writes a remembered tool class itself (on tool:decide) before forwarding the decision.
host.useToolSettings(() => readSettingsSnapshot(), () => {});
host.toolBroker.onMessage((message) => forward(message.channel, message.payload));
host.on('audioOutput', (turn, samples) => {
  // MessagePortMain transfers only ports, so the ~12.8 kB frame is structured-cloned to each page (the renderer
  // side, a DOM MessagePort, does transfer its mic buffers). `samples` is reused by the host, so it is encoded now.
  if (audioPorts.size === 0) return;
  const buffer = encodeMediaFrame({ kind: 'out', turn, samples: samples.length }, samples);
  for (const port of audioPorts) port.postMessage(buffer);
});

/** Frames from pages that were refused; counted, and logged at most once a second so a broken sender cannot flood stderr. */
let invalidFrames = 0;
let lastInvalidFrameLogMs = -Infinity;
const INVALID_FRAME_LOG_INTERVAL_MS = 1000;
function noteInvalidFrame(reason: string): void {
  invalidFrames++;
  const now = performance.now();
  if (now - lastInvalidFrameLogMs < INVALID_FRAME_LOG_INTERVAL_MS) return;
  lastInvalidFrameLogMs = now;
  process.stderr.write(`[tandem engine] dropped an invalid media frame (${invalidFrames} so far): ${reason}\n`);
}

toMain.on('message', ({ data, ports }) => {
  const parsed = EngineInboundSchema.safeParse(data);
  if (!parsed.success) {
    process.stderr.write('[tandem engine] dropped a message from main outside engineProtocol\n');
    return;
  }
  const message = parsed.data;
  if (message.type === 'audioPort') {
    const port = ports[0];
    if (!port) return;
    audioPorts.add(port);
    port.on('message', ({ data: frame }) => {
      const decoded = decodeMediaFrame(frame as ArrayBuffer);
      if (decoded.ok && decoded.kind === 'mic') host.pushMic(decoded.samples);
      else if (decoded.ok && decoded.kind === 'video') host.pushFrame(decoded.header.source, { rgb: decoded.rgb, width: decoded.header.width, height: decoded.header.height });
      else noteInvalidFrame(decoded.ok ? 'a page sends mic and video frames only, got kind "out"' : decoded.reason);
    });
    port.on('close', () => audioPorts.delete(port));
    port.start();
    // A new audio port means the full window (re)loaded: it shows the tool prompts that still wait (pages drop duplicates by callId).
    for (const ask of host.toolBroker.openAsks()) forward('tool:ask', ask);
    return;
  }
  // Main validated the request already; it is checked again because this process trusts nothing it did not check.
  const channel = message.channel;
  if (!isIpcInvokeChannel(channel)) {
    send({ type: 'result', id: message.id, ok: false, error: `the engine does not serve ${channel}` });
    return;
  }
  const request = validateIpcPayload(channel, message.payload);
  if (!request.ok) {
    send({ type: 'result', id: message.id, ok: false, error: `invalid payload for ${message.channel}` });
    return;
  }
  answerLiveInvoke({ host, version: process.env.TANDEM_APP_VERSION ?? '0.0.0' }, channel, request.value as never)
    .then((value) => {
      const checked = validateIpcResponse(message.channel, value);
      if (checked.ok) send({ type: 'result', id: message.id, ok: true, value: checked.value });
      else send({ type: 'result', id: message.id, ok: false, error: `${message.channel}: engine answer outside the contract` });
    })
    .catch((error: unknown) => {
      send({ type: 'result', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    });
});

send({ type: 'ready' });
