// TandemBridge over serve mode's token-protected WebSocket: invokes as numbered JSON messages, events to listeners, audio in binary frames.

import {
  SERVE_BRIDGE_PATH,
  SERVE_TOKEN_PARAM,
  decodeMediaFrame,
  encodeMediaFrame,
  validateIpcPayload,
  validateIpcResponse,
  videoFrameProblem,
  type IpcEventChannel,
  type IpcInvokeChannel,
  type IpcRequest,
  type IpcResponse,
  type ModelProgress,
  type SessionStatus,
  type Settings,
  type SettingsPatch,
  type SyncResponse,
  type TandemBridge,
  type TickMeasure,
  type ToolAsk,
  type ToolRequest,
  type VideoFramePixels,
  type VideoSource,
} from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';

/** The smallest part of the browser WebSocket this bridge uses, so tests can hand in a fake. */
export interface BridgeSocket {
  binaryType: string;
  readonly readyState: number;
  /** Bytes queued but not yet sent (the browser WebSocket has it; fakes may leave it out). */
  readonly bufferedAmount?: number;
  send(data: string | ArrayBuffer): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketBridgeOptions {
  url: string;
  createSocket?: (url: string) => BridgeSocket;
  /** Reconnect delays grow from this (ms), doubling, up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

const OPEN = 1;
/**
 * Video frames are skipped while this much is still unsent (two 320×240 frames), so a slow link delays nothing but
 * the picture: a 1920-px screen frame (up to 6.2 MB) goes out whole, and the next one waits until it has drained.
 */
const MAX_UNSENT_VIDEO_BYTES = 2 * 320 * 240 * 3;

/** The bridge URL for a served page: same host, the token from the page's own query string. */
export function bridgeUrlFromPage(location: { protocol: string; host: string; search: string }): string | undefined {
  const token = new URLSearchParams(location.search).get(SERVE_TOKEN_PARAM);
  if (!token) return undefined;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${SERVE_BRIDGE_PATH}?${SERVE_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** Thrown by an invoke the engine refused (ok:false) or that could not be delivered. */
export class BridgeInvokeError extends Error {
  constructor(
    readonly channel: string,
    reason: string,
  ) {
    super(`bridge call ${channel} failed: ${reason}`);
    this.name = 'BridgeInvokeError';
  }
}

type Pending = { channel: IpcInvokeChannel; resolve: (value: unknown) => void; reject: (error: Error) => void };

export class WebSocketBridge implements TandemBridge {
  private socket: BridgeSocket | undefined;
  private nextId = 1;
  private micSeq = 0;
  private readonly videoSeq = { camera: 0, screen: 0 };
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(...args: never[]) => void>>();
  private backoffMs: number;
  private closed = false;
  private everConnected = false;
  /** Highest timeline seq delivered to listeners: a reconnect asks session:sync for what came after it. */
  private lastSeq = -1;
  private readonly createSocket: (url: string) => BridgeSocket;

  constructor(private readonly options: WebSocketBridgeOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as BridgeSocket);
    this.backoffMs = options.initialBackoffMs ?? 250;
    this.connect();
  }

  getInfo = () => this.invoke('app:getInfo', undefined);
  startSession = (request: IpcRequest<'session:start'>) => this.invoke('session:start', request);
  pauseSession = () => this.invoke('session:pause', undefined);
  resumeSession = () => this.invoke('session:resume', undefined);
  stopSession = () => this.invoke('session:stop', undefined);
  sync = (request: { sinceSeq: number }) => this.invoke('session:sync', request);
  sendText = (request: { text: string }) => this.invoke('text:send', request);
  setSourcePresent = (request: { source: 'mic' | 'camera' | 'screen'; present: boolean }) =>
    this.invoke('source:setPresent', request);
  listTimers = () => this.invoke('timers:list', undefined);
  addTimer = (request: { inMs: number; text: string; repeatEveryMs?: number }) => this.invoke('timers:add', request);
  cancelTimer = (request: { id: string }) => this.invoke('timers:cancel', request);
  listWatches = () => this.invoke('watches:list', undefined);
  addWatch = (request: IpcRequest<'watches:add'>) => this.invoke('watches:add', request);
  cancelWatch = (request: { id: string }) => this.invoke('watches:cancel', request);
  getSettings = () => this.invoke('settings:get', undefined);
  setSettings = (patch: SettingsPatch) => this.invoke('settings:set', patch);
  listHistory = (request: IpcRequest<'history:list'>) => this.invoke('history:list', request);
  openHistory = (request: IpcRequest<'history:open'>) => this.invoke('history:open', request);
  deleteHistory = (request: IpcRequest<'history:delete'>) => this.invoke('history:delete', request);
  verifyHistory = (request: IpcRequest<'history:verify'>) => this.invoke('history:verify', request);
  historyAudio = (request: IpcRequest<'history:audio'>) => this.invoke('history:audio', request);
  listTools = () => this.invoke('tools:list', undefined);
  sendToolResult = (request: IpcRequest<'tool:result'>) => this.invoke('tool:result', request);
  decideTool = (request: IpcRequest<'tool:decide'>) => this.invoke('tool:decide', request);
  onToolRequest = (listener: (request: ToolRequest) => void) => this.listen('tool:request', listener);
  onToolAsk = (listener: (ask: ToolAsk) => void) => this.listen('tool:ask', listener);
  onToolAskSettled = (listener: (settled: { callId: string }) => void) => this.listen('tool:askSettled', listener);

  /** Serve mode has no Electron main: the link opens in a new tab of this browser (http and https only), never through the engine. */
  openUrl = async (request: IpcRequest<'url:open'>): Promise<{ accepted: true }> => {
    const checked = validateIpcPayload('url:open', request);
    if (!checked.ok) throw new BridgeInvokeError('url:open', checked.reason);
    const protocol = new URL(request.url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new BridgeInvokeError('url:open', `only http and https links are opened, not ${protocol}`);
    const opened = window.open(request.url, '_blank', 'noopener,noreferrer');
    // With noopener, window.open returns null even when the tab opened; a blocked popup cannot be told apart, so it is not claimed as an error.
    void opened;
    return { accepted: true };
  };

  sendMicAudio(samples: Float32Array): void {
    // The audio path is fire and forget: while disconnected, mic audio is dropped (the engine zero-fills).
    if (this.socket?.readyState !== OPEN || samples.length === 0) return;
    this.socket.send(encodeMediaFrame({ kind: 'mic', seq: this.micSeq++, samples: samples.length }, samples));
  }

  sendVideoFrame(source: VideoSource, frame: VideoFramePixels): void {
    // Fire and forget like mic audio; a socket still busy with earlier frames skips this one (the next follows within 200 ms).
    if (this.socket?.readyState !== OPEN) return;
    if ((this.socket.bufferedAmount ?? 0) > MAX_UNSENT_VIDEO_BYTES) return;
    const problem = videoFrameProblem(frame);
    if (problem) {
      console.warn(`[tandem] sendVideoFrame: ${problem}; frame dropped`);
      return;
    }
    this.socket.send(encodeMediaFrame({ kind: 'video', source, seq: this.videoSeq[source]++, width: frame.width, height: frame.height }, frame.rgb));
  }

  onSessionStatus = (listener: (status: SessionStatus) => void) => this.listen('session:status', listener);
  onTimelineEvent = (listener: (event: TimelineEvent) => void) => this.listen('timeline:event', listener);
  onTickMeasure = (listener: (measure: TickMeasure) => void) => this.listen('tick:measure', listener);
  onPlaybackFlush = (listener: (flush: { turn: number }) => void) => this.listen('playback:flush', listener);
  onSettingsChanged = (listener: (settings: Settings) => void) => this.listen('settings:changed', listener);
  listModels = () => this.invoke('models:list', undefined);
  pullModel = (request: IpcRequest<'models:pull'>) => this.invoke('models:pull', request);
  cancelModelPull = (request: IpcRequest<'models:cancel'>) => this.invoke('models:cancel', request);
  removeModel = (request: IpcRequest<'models:remove'>) => this.invoke('models:remove', request);
  onModelProgress = (listener: (progress: ModelProgress) => void) => this.listen('models:progress', listener);
  onAudioOutput = (listener: (turn: number, samples: Float32Array) => void) => this.listen('audio:out', listener);
  /** Called after a reconnect's session:sync, with what the page missed while it was away. */
  onResync = (listener: (sync: SyncResponse) => void) => this.listen('bridge:resync', listener);

  /** Stops reconnecting and fails every pending call. */
  close(): void {
    this.closed = true;
    this.socket?.close();
    this.failPending('the bridge was closed');
  }

  private invoke<C extends IpcInvokeChannel>(channel: C, payload: unknown): Promise<IpcResponse<C>> {
    return new Promise((resolve, reject) => {
      if (this.socket?.readyState !== OPEN) {
        reject(new BridgeInvokeError(channel, 'not connected to the engine; it reconnects by itself, try again shortly'));
        return;
      }
      const id = this.nextId++;
      this.pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify(payload === undefined ? { type: 'invoke', id, channel } : { type: 'invoke', id, channel, payload }));
    });
  }

  private listen(channel: string, listener: (...args: never[]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  private connect(): void {
    const socket = this.createSocket(this.options.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.backoffMs = this.options.initialBackoffMs ?? 250;
      if (this.everConnected) void this.resync();
      this.everConnected = true;
      this.emit('bridge:connected');
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.failPending('the connection to the engine closed');
      if (this.closed) return;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 5_000);
      setTimeout(() => this.connect(), delay);
    };
  }

  private async resync(): Promise<void> {
    try {
      const response = await this.sync({ sinceSeq: this.lastSeq + 1 });
      for (const event of response.events) this.lastSeq = Math.max(this.lastSeq, event.seq);
      this.emit('bridge:resync', response);
    } catch {
      // The next reconnect tries again; a live session keeps sending events meanwhile.
    }
  }

  private failPending(reason: string): void {
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.reject(new BridgeInvokeError(call.channel, reason));
    }
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      const frame = decodeMediaFrame(data);
      if (frame.ok && frame.kind === 'out') this.emit('audio:out', frame.header.turn, frame.samples);
      return;
    }
    if (typeof data !== 'string') return;
    let message: { type?: unknown; id?: unknown; ok?: unknown; value?: unknown; error?: unknown; channel?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === 'result' && typeof message.id === 'number') {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.ok !== true) {
        call.reject(new BridgeInvokeError(call.channel, String(message.error ?? 'refused')));
        return;
      }
      const checked = validateIpcResponse(call.channel, message.value);
      if (checked.ok) call.resolve(checked.value);
      else call.reject(new BridgeInvokeError(call.channel, `malformed answer: ${checked.reason}`));
      return;
    }
    if (message.type === 'event' && typeof message.channel === 'string') {
      const checked = validateIpcPayload(message.channel as IpcEventChannel, message.payload);
      if (!checked.ok) return;
      if (message.channel === 'timeline:event') {
        const { seq, kind } = checked.value as TimelineEvent;
        // Already delivered (a sync and a live event can overlap), unless a new session started its numbering again.
        if (seq <= this.lastSeq && kind !== 'session_started') return;
        this.lastSeq = seq;
      }
      this.emit(message.channel, checked.value);
    }
  }
}
