// Serve mode: the built renderer over http on loopback and the IPC contract over a token- and Origin-checked WebSocket.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  IPC_EVENT_CHANNELS,
  MAX_VIDEO_FRAME_SIDE,
  SERVE_BRIDGE_PATH,
  SERVE_TOKEN_PARAM,
  WsClientMessageSchema,
  decodeMediaFrame,
  encodeMediaFrame,
  isIpcInvokeChannel,
  validateIpcPayload,
  validateIpcResponse,
  type IpcEventChannel,
  type IpcInvokeChannel,
  type IpcRequest,
  type WsServerMessage,
} from '../../common/ipc';
import { TandemError } from '../../common/errors';
import { answerLiveInvoke } from '../live/liveInvoke';
import { LiveSessionError, LiveSessionHost } from '../live/liveSession';
import { SettingsError, SettingsStore, defaultSettingsPath } from '../live/settingsStore';
import { ModelDownloadError } from '../live/modelDownloads';
import { SessionHistoryError } from '../live/sessionHistory';
import { contentSecurityPolicy } from '../../common/contentSecurityPolicy';

export interface ServeModeOptions {
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  /** Loopback only: the bridge drives the microphone session, so it is never exposed on a network. */
  host?: '127.0.0.1';
  /** The built renderer (npm run build writes out/renderer). */
  rendererDir?: string;
  /** Interaction model for session:start when the renderer names none (`--im`); it wins over the settings' choice for this run. */
  im?: string;
  /** Folder for session folders (timeline.jsonl, mic.wav); default: the user data folder. */
  sessionsDir?: string;
  /** A host to serve instead of a new one (tests, or an app that owns the session). */
  sessionHost?: LiveSessionHost;
  /** Reported by app:getInfo. */
  version?: string;
  /** The settings file; default: settings.json next to the sessions folder. */
  settingsPath?: string;
  /** Refusals and faults are logged here; default stderr. */
  log?: (line: string) => void;
}

export interface ServeModeCounters {
  clients: number;
  refusedUpgrades: number;
  invalidMessages: number;
  /** Binary frames refused: undecodable (bad header, wrong payload size) or of a kind a client may not send. */
  invalidAudioFrames: number;
  /** Camera and screen frames passed to the session host (which drops them when no session runs or the source is absent). */
  videoFrames: number;
  droppedOutputFrames: number;
}

export interface ServeMode {
  /** The page to open, token included: http://127.0.0.1:PORT/?token=… */
  url: string;
  /** http://127.0.0.1:PORT — the only Origin the bridge accepts. */
  origin: string;
  token: string;
  port: number;
  sessionHost: LiveSessionHost;
  counters(): ServeModeCounters;
  /** Stops the session (session_stopped written), disconnects every client and closes the server. */
  close(): Promise<void>;
}

/** About one second of output audio (16 000 Float32 samples); a client further behind loses audio frames, not memory. */
export const MAX_BUFFERED_AUDIO_BYTES = 16_000 * 4;
/** A client this far behind on everything (events included) is disconnected; it reconnects and calls session:sync. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** The largest binary frame is a video frame of MAX_VIDEO_FRAME_SIDE² RGB pixels (11 MB at 1920 px) plus its header; a mic frame (≤ 64 kB) and text messages are far smaller. */
export const MAX_MESSAGE_BYTES = 4 + 1024 + MAX_VIDEO_FRAME_SIDE * MAX_VIDEO_FRAME_SIDE * 3;
/** At most one error answer per second for bad audio or video frames, so a broken sender cannot flood its own socket. */
const AUDIO_ERROR_INTERVAL_MS = 1000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.onnx': 'application/octet-stream',
};

/**
 * The policy of every page served: the app's own policy, with network access only back to this server's
 * bridge socket.
 */
export function serveContentSecurityPolicy(port: number): string {
  return contentSecurityPolicy({ bridgeSocket: `ws://127.0.0.1:${port}` });
}

interface Client {
  socket: WebSocket;
  id: number;
  lastMicSeq: number | null;
  lastAudioErrorAtMs: number;
  droppedOutputFrames: number;
  /** Capture sources this page reported present: they go absent with the page (a reload, a crash, a closed tab). */
  presentSources: Set<'mic' | 'camera' | 'screen'>;
}

export async function startServeMode(options: ServeModeOptions = {}): Promise<ServeMode> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') {
    throw new TandemError('USAGE', `Serve mode listens on 127.0.0.1 only, not ${String(host)}`, 'host', 'Reach it from another machine through an SSH tunnel.');
  }
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new TandemError('INPUT_NOT_FOUND', 'The built renderer is missing (no index.html)', rendererDir, 'Run `npm run build` first.');
  }
  const rendererRoot = realpathSync(rendererDir);
  const log = options.log ?? ((line: string) => process.stderr.write(`[tandem serve] ${line}\n`));
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = createHash('sha256').update(token).digest();
  const sessionHost = options.sessionHost ?? new LiveSessionHost({ defaultIm: options.im, sessionsDir: options.sessionsDir, log });
  const ownsHost = !options.sessionHost;
  const settings = new SettingsStore({ path: options.settingsPath ?? defaultSettingsPath(sessionHost.sessionsDir), log });
  // The tools read this process's settings; "remember" on a permission prompt saves the class there.
  sessionHost.useToolSettings(
    () => settings.get(),
    (tool, permission) => {
      try {
        settings.set({ tools: { [tool]: permission } });
      } catch (error) {
        log(`tools: could not remember ${permission} for ${tool}: ${(error as Error).message}`);
      }
    },
  );
  const invokeContext = { host: sessionHost, version: options.version ?? '0.1.0', settings, imOverride: options.im };
  const counters: ServeModeCounters = { clients: 0, refusedUpgrades: 0, invalidMessages: 0, invalidAudioFrames: 0, videoFrames: 0, droppedOutputFrames: 0 };
  const clients = new Set<Client>();
  let nextClientId = 1;
  let port = 0;
  let origin = '';
  let csp = '';

  // ---- http: the built renderer's files, nothing else ----

  const server = createServer((request, response) => {
    try {
      serveStatic(request, response);
    } catch (error) {
      log(`http ${request.method} ${request.url}: failed: ${(error as Error).message}`);
      if (!response.headersSent) plain(response, 500, 'Internal error');
      else response.destroy();
    }
  });

  function plain(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    response.end(`${text}\n`);
  }

  function serveStatic(request: IncomingMessage, response: ServerResponse): void {
    if (request.headers.host !== `127.0.0.1:${port}`) {
      // A foreign Host is a DNS-rebinding page trying to read us under its own name.
      log(`http ${request.url}: refused Host ${JSON.stringify(request.headers.host ?? null)} from ${request.socket.remoteAddress}`);
      return plain(response, 403, 'Forbidden');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'Method not allowed');
    }
    const file = resolveStaticPath(rendererRoot, request.url ?? '/');
    if (file.kind === 'refused') {
      log(`http ${request.url}: refused (${file.reason}) from ${request.socket.remoteAddress}`);
      return plain(response, 403, 'Forbidden');
    }
    if (file.kind === 'missing') return plain(response, 404, 'Not found');
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(file.size),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer', // the page URL carries the token
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file.path)
      .on('error', (error) => {
        log(`http ${request.url}: read failed: ${error.message}`);
        response.destroy();
      })
      .pipe(response);
  }

  // ---- the bridge: upgrade only with the token and our own Origin ----

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(request);
    if (refusal) {
      counters.refusedUpgrades++;
      log(`bridge: refused a connection from ${request.socket.remoteAddress} (Origin ${JSON.stringify(request.headers.origin ?? null)}): ${refusal.reason}`);
      const body = `${refusal.text}\n`;
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
  });

  function checkUpgrade(request: IncomingMessage): { status: number; text: string; reason: string } | null {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SERVE_BRIDGE_PATH) return { status: 404, text: 'Not Found', reason: `path ${url.pathname} is not ${SERVE_BRIDGE_PATH}` };
    const given = url.searchParams.get(SERVE_TOKEN_PARAM);
    if (given === null) return { status: 401, text: 'Unauthorized', reason: 'no token' };
    // Compared as fixed-length digests, so neither the length nor the content leaks through timing.
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), tokenDigest)) return { status: 401, text: 'Unauthorized', reason: 'wrong token' };
    if (request.headers.origin !== origin) return { status: 403, text: 'Forbidden', reason: 'Origin is not this server' };
    if (request.headers.host !== `127.0.0.1:${port}`) return { status: 403, text: 'Forbidden', reason: `Host ${JSON.stringify(request.headers.host ?? null)} is not this server` };
    return null;
  }

  function onConnection(socket: WebSocket): void {
    socket.binaryType = 'arraybuffer';
    const client: Client = { socket, id: nextClientId++, lastMicSeq: null, lastAudioErrorAtMs: -Infinity, droppedOutputFrames: 0, presentSources: new Set() };
    clients.add(client);
    counters.clients = clients.size;
    // A page that connects (or reloads) while a tool permission prompt waits shows it too.
    for (const ask of sessionHost.toolBroker.openAsks()) send(client, { type: 'event', channel: 'tool:ask', payload: ask });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        if (isBinary) onMediaFrame(client, data as ArrayBuffer);
        else void onTextMessage(client, data);
      } catch (error) {
        log(`bridge client ${client.id}: message handling failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    });
    socket.on('error', (error) => log(`bridge client ${client.id}: ${error.message}`));
    socket.on('close', () => {
      clients.delete(client);
      counters.clients = clients.size;
      // The session keeps running: a reloading renderer reconnects and calls session:sync. What this page was
      // capturing stops with it; a page cannot be trusted to say so while it unloads (that message races the close).
      // A source another open page captures now (the reloaded page may already have started the mic) stays present.
      for (const source of client.presentSources) {
        if (![...clients].some((other) => other.presentSources.has(source))) sessionHost.setSourcePresent({ source, present: false });
      }
      client.presentSources.clear();
    });
  }

  function send(client: Client, message: WsServerMessage): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }

  function refuse(client: Client, id: number | null, error: string): void {
    counters.invalidMessages++;
    log(`bridge client ${client.id}: refused a message: ${error}`);
    send(client, { type: 'result', id, ok: false, error });
  }

  async function onTextMessage(client: Client, data: RawData): Promise<void> {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return refuse(client, null, 'message is not JSON');
    }
    const envelope = WsClientMessageSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = Number.isInteger(rawId) && (rawId as number) >= 0 ? (rawId as number) : null;
    if (!envelope.success) {
      return refuse(client, id, `message is not an invoke {type:'invoke', id, channel, payload}: ${envelope.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
    }
    const { channel, payload } = envelope.data;
    if (!isIpcInvokeChannel(channel)) return refuse(client, envelope.data.id, `unknown channel "${channel}"; the invoke channels are listed in common/ipc.ts`);
    const request = validateIpcPayload(channel, payload);
    if (!request.ok) return refuse(client, envelope.data.id, `invalid payload for ${channel}: ${request.reason}`);
    let value: unknown;
    try {
      value = await answerLiveInvoke(invokeContext, channel, request.value as never);
      if (channel === 'source:setPresent') {
        const presence = request.value as IpcRequest<'source:setPresent'>;
        if (presence.present) client.presentSources.add(presence.source);
        else client.presentSources.delete(presence.source);
      }
    } catch (error) {
      if (error instanceof LiveSessionError || error instanceof SettingsError || error instanceof SessionHistoryError || error instanceof ModelDownloadError) return send(client, { type: 'result', id: envelope.data.id, ok: false, error: error.message });
      log(`bridge ${channel}: handler failed: ${(error as Error)?.stack ?? String(error)}`);
      return send(client, { type: 'result', id: envelope.data.id, ok: false, error: `${channel} failed: ${(error as Error)?.message ?? String(error)}` });
    }
    const checked = validateIpcResponse(channel, value);
    if (!checked.ok) {
      log(`bridge ${channel}: the answer is outside the contract: ${checked.reason}`);
      return send(client, { type: 'result', id: envelope.data.id, ok: false, error: `${channel} failed: internal error` });
    }
    send(client, { type: 'result', id: envelope.data.id, ok: true, value: checked.value });
  }

  /** A binary frame from a page: mic audio or a camera/screen frame; anything else is counted, answered (rate-limited) and dropped. */
  function onMediaFrame(client: Client, buffer: ArrayBuffer): void {
    const frame = decodeMediaFrame(buffer);
    if (!frame.ok || frame.kind === 'out') {
      // An 'out' frame is the server's to send, never a client's.
      const reason = frame.ok ? `a client sends mic and video frames only, got kind "out"` : frame.reason;
      counters.invalidAudioFrames++;
      const now = performance.now();
      if (now - client.lastAudioErrorAtMs >= AUDIO_ERROR_INTERVAL_MS) {
        client.lastAudioErrorAtMs = now;
        log(`bridge client ${client.id}: dropped an invalid media frame: ${reason}`);
        send(client, { type: 'result', id: null, ok: false, error: `invalid media frame dropped (${counters.invalidAudioFrames} so far): ${reason}` });
      }
      return;
    }
    if (frame.kind === 'video') {
      counters.videoFrames++;
      sessionHost.pushFrame(frame.header.source, { rgb: frame.rgb, width: frame.header.width, height: frame.header.height });
      return;
    }
    if (client.lastMicSeq !== null && frame.header.seq !== client.lastMicSeq + 1) {
      log(`bridge client ${client.id}: mic frames ${client.lastMicSeq + 1}…${frame.header.seq - 1} never arrived`);
    }
    client.lastMicSeq = frame.header.seq;
    sessionHost.pushMic(frame.samples);
  }

  // ---- events and output audio to every client ----

  function broadcast(channel: IpcEventChannel, payload: unknown): void {
    if (clients.size === 0) return;
    const checked = validateIpcPayload(channel, payload);
    if (!checked.ok) {
      log(`bridge ${channel}: event not sent, outside the contract: ${checked.reason}`);
      return;
    }
    const text = JSON.stringify({ type: 'event', channel, payload: checked.value } satisfies WsServerMessage);
    for (const client of clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        log(`bridge client ${client.id}: ${client.socket.bufferedAmount} bytes unsent; disconnecting it (it can reconnect and sync)`);
        client.socket.terminate();
        continue;
      }
      client.socket.send(text);
    }
  }

  const unsubscribe = [
    sessionHost.on('status', (status) => broadcast('session:status', status)),
    sessionHost.on('timelineEvent', (event) => broadcast('timeline:event', event)),
    sessionHost.on('tickMeasure', (measure) => broadcast('tick:measure', measure)),
    sessionHost.on('playbackFlush', (flush) => broadcast('playback:flush', flush)),
    settings.onChange((changed) => broadcast('settings:changed', changed)),
    sessionHost.on('modelProgress', (progress) => broadcast('models:progress', progress)),
    // Desktop tool calls and permission prompts go to every page; the first answer wins, later ones are ignored.
    sessionHost.toolBroker.onMessage((message) => broadcast(message.channel, message.payload)),
    sessionHost.on('audioOutput', (turn, samples) => {
      if (clients.size === 0) return;
      const frame = encodeMediaFrame({ kind: 'out', turn, samples: samples.length }, samples);
      for (const client of clients) {
        if (client.socket.readyState !== client.socket.OPEN) continue;
        if (client.socket.bufferedAmount > MAX_BUFFERED_AUDIO_BYTES) {
          // Late audio is useless to a real-time player: drop it rather than queue without bound.
          client.droppedOutputFrames++;
          counters.droppedOutputFrames++;
          continue;
        }
        client.socket.send(frame);
      }
    }),
  ];
  // Only the event channels above exist; a new one in the contract must be wired here too.
  const wired: IpcEventChannel[] = ['session:status', 'timeline:event', 'tick:measure', 'playback:flush', 'settings:changed', 'tool:request', 'tool:ask', 'tool:askSettled', 'models:progress'];
  for (const channel of Object.keys(IPC_EVENT_CHANNELS)) {
    if (!wired.includes(channel as IpcEventChannel)) log(`bridge: event channel ${channel} is not forwarded by serve mode yet`);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new TandemError('USAGE', `Port ${options.port} is already in use`, '--port', 'Choose another port, or --port 0 for any free one.', { cause: error })
          : error,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  server.on('error', (error) => log(`http server: ${error.message}`));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  csp = serveContentSecurityPolicy(port);

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?${SERVE_TOKEN_PARAM}=${token}`,
    origin,
    token,
    port,
    sessionHost,
    counters: () => ({ ...counters }),
    close: () =>
      (closing ??= (async () => {
        if (ownsHost) {
          await sessionHost.stop();
          await sessionHost.disposeTools();
          await sessionHost.models.dispose();
        }
        for (const off of unsubscribe) off();
        for (const client of clients) client.socket.close(1001, 'server closing');
        const wssClosed = new Promise<void>((resolvePromise) => wss.close(() => resolvePromise()));
        // A browser answers the close handshake at once; a peer that does not is cut off after a second.
        await Promise.race([wssClosed, sleep(1000, undefined, { ref: false })]);
        for (const socket of wss.clients) socket.terminate();
        await wssClosed;
        server.closeAllConnections();
        await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      })()),
  };
}

type StaticFile = { kind: 'file'; path: string; size: number } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/** Maps a request URL to a file inside `root`, refusing anything that could leave it. */
export function resolveStaticPath(root: string, requestUrl: string): StaticFile {
  const rawPath = requestUrl.split(/[?#]/, 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'path does not start with /' };
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'NUL or backslash in path' };
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return { kind: 'refused', reason: 'dot segment in path' };
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const candidate = resolve(root, relative);
  if (!candidate.startsWith(root + sep)) return { kind: 'refused', reason: 'outside the renderer folder' };
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return { kind: 'missing' };
  }
  // A symlink inside the folder must not lead out of it either.
  if (!real.startsWith(root + sep)) return { kind: 'refused', reason: 'symlink out of the renderer folder' };
  const stat = statSync(real);
  if (!stat.isFile()) return { kind: 'missing' };
  return { kind: 'file', path: real, size: stat.size };
}
