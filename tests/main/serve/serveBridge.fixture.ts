// A serve-mode server in a temp folder and a `ws` client that speaks the bridge protocol, for the serve tests.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { z } from 'zod';
import {
  SERVE_BRIDGE_PATH,
  SERVE_TOKEN_PARAM,
  WsServerMessageSchema,
  decodeMediaFrame,
  encodeMediaFrame,
  type WsServerMessage,
} from '../../../common/ipc';
import { startServeMode, type ServeMode } from '../../../main/serve/serveMode';

/**
 * The contract's WsServerMessageSchema, checked as a plain union: zod 4 refuses its discriminatedUnion at
 * first parse ("Duplicate discriminator value \"result\"": the ok and error answers share type 'result').
 * Its member schemas are used unchanged.
 */
const ServerMessageSchema = WsServerMessageSchema;

export const INDEX_HTML = '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body><div id="root"></div></body></html>\n';
export const APP_JS = 'console.log("tandem test renderer");\n';

export interface ServeFixture {
  serve: ServeMode;
  rendererDir: string;
  sessionsDir: string;
  logLines: string[];
  dispose(): Promise<void>;
}

/** A renderer folder with a page, a script, a stylesheet and a secret file beside it (to prove it is not served). */
export async function startTestServe(): Promise<ServeFixture> {
  const root = mkdtempSync(join(tmpdir(), 'tandem-serve-'));
  const rendererDir = join(root, 'renderer');
  const sessionsDir = join(root, 'sessions');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS);
  writeFileSync(join(rendererDir, 'assets', 'style.css'), 'body { margin: 0 }\n');
  writeFileSync(join(rendererDir, 'assets', 'playback.worklet.js'), 'registerProcessor("p", class {});\n');
  writeFileSync(join(root, 'secret.txt'), 'not for the browser\n');
  const logLines: string[] = [];
  const serve = await startServeMode({ port: 0, rendererDir, sessionsDir, im: 'harness', log: (line) => logLines.push(line) });
  return {
    serve,
    rendererDir,
    sessionsDir,
    logLines,
    dispose: async () => {
      await serve.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function bridgeUrl(serve: ServeMode, token: string | null = serve.token): string {
  return `ws://127.0.0.1:${serve.port}${SERVE_BRIDGE_PATH}${token === null ? '' : `?${SERVE_TOKEN_PARAM}=${encodeURIComponent(token)}`}`;
}

/** Tries to open the bridge; resolves with the HTTP status of a refusal, or 101 when it opened (and closes it). */
export function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.on('unexpected-response', (_request, response) => {
      resolvePromise(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolvePromise(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

export interface OutFrame {
  turn: number;
  samples: Float32Array;
}

/** The renderer's side of the bridge, recording everything the server sends. */
export class BridgeClient {
  readonly socket: WebSocket;
  readonly messages: WsServerMessage[] = [];
  readonly outFrames: OutFrame[] = [];
  /** Messages that do not parse as WsServerMessage (must stay empty). */
  readonly malformed: string[] = [];
  private nextId = 1;
  private micSeq = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        const frame = decodeMediaFrame(data as ArrayBuffer);
        if (frame.ok && frame.kind === 'out') this.outFrames.push({ turn: frame.header.turn, samples: frame.samples });
        else this.malformed.push(`binary: ${frame.ok ? frame.header.kind : frame.reason}`);
        return;
      }
      // With binaryType 'arraybuffer', ws hands text messages over as ArrayBuffers too.
      const text = Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed = ServerMessageSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.messages.push(parsed.data);
      else this.malformed.push(text);
    });
  }

  static connect(serve: ServeMode): Promise<BridgeClient> {
    return new Promise((resolvePromise, reject) => {
      const socket = new WebSocket(bridgeUrl(serve), { origin: serve.origin });
      socket.once('open', () => resolvePromise(new BridgeClient(socket)));
      socket.once('error', reject);
    });
  }

  events(channel: string): unknown[] {
    return this.messages.filter((m) => m.type === 'event' && m.channel === channel).map((m) => (m as { payload: unknown }).payload);
  }

  timelineKinds(): string[] {
    return (this.events('timeline:event') as Array<{ kind: string }>).map((event) => event.kind);
  }

  errorsWithNullId(): string[] {
    return this.messages.filter((m) => m.type === 'result' && m.ok === false && m.id === null).map((m) => (m as { error: string }).error);
  }

  /** Sends an invoke and waits for its answer. */
  async invoke(channel: string, payload?: unknown): Promise<WsServerMessage & { type: 'result' }> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ type: 'invoke', id, channel, ...(payload === undefined ? {} : { payload }) }));
    return this.waitForResult(id);
  }

  /** Sends raw text (for malformed messages). */
  sendRaw(text: string | ArrayBuffer): void {
    this.socket.send(text);
  }

  async waitForResult(id: number | null, timeoutMs = 10_000): Promise<WsServerMessage & { type: 'result' }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === 'result' && m.id === id);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found as WsServerMessage & { type: 'result' };
      }
      if (performance.now() > deadline) throw new Error(`no result for invoke ${id} within ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  sendMic(samples: Float32Array): void {
    this.socket.send(encodeMediaFrame({ kind: 'mic', seq: this.micSeq++, samples: samples.length }, samples));
  }

  close(): Promise<void> {
    return new Promise((resolvePromise) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolvePromise();
      this.socket.once('close', () => resolvePromise());
      this.socket.close();
    });
  }
}

/**
 * Feeds `pcm` to the bridge at the pace of a live microphone, in `frameSamples` frames, staying `leadMs`
 * ahead of the wall clock (as capture does). Resolves once every sample was sent.
 */
export async function streamLikeAMic(client: BridgeClient, pcm: Float32Array, frameSamples = 320, leadMs = 60): Promise<void> {
  const started = performance.now();
  let sent = 0;
  while (sent < pcm.length) {
    const dueSamples = Math.min(pcm.length, Math.floor(((performance.now() - started + leadMs) * 16_000) / 1000));
    while (sent + frameSamples <= dueSamples || (dueSamples === pcm.length && sent < pcm.length)) {
      const end = Math.min(pcm.length, sent + frameSamples);
      client.sendMic(pcm.slice(sent, end));
      sent = end;
    }
    await sleep(10);
  }
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
