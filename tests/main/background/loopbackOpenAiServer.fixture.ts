// A real OpenAI-compatible chat completions server on 127.0.0.1 (node:http, SSE), scripted per request, for provider tests.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one request: the SSE data lines to send (objects are JSON-encoded; strings go as they are). */
export type Script =
  | { kind: 'stream'; chunks: Array<object | string>; delayMs?: number; firstDelayMs?: number; hangUpAfter?: number; noDone?: boolean }
  | { kind: 'status'; status: number; body: object };

export interface LoopbackServer {
  baseURL: string;
  /** Every request body received, in order. */
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A text chunk in the chat.completion.chunk shape. */
export function textChunk(content: string, finish: string | null = null): object {
  return { id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] };
}

export function finishChunk(reason = 'stop'): object {
  return { id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: reason }] };
}

/** A tool-call fragment: the first of a call carries id and name, later ones more of the arguments. */
export function toolCallChunk(index: number, fragment: { id?: string; name?: string; arguments?: string }): object {
  const call = { index, ...(fragment.id ? { id: fragment.id, type: 'function' } : {}), function: { ...(fragment.name ? { name: fragment.name } : {}), arguments: fragment.arguments ?? '' } };
  return { id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }] };
}

/** Starts the server; `scripts` answers request i with scripts[i] (the last one repeats). */
export async function startLoopbackServer(scripts: Script[] | ((body: Record<string, unknown>, index: number) => Script)): Promise<LoopbackServer> {
  const requests: Array<Record<string, unknown>> = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push(body);
      const index = requests.length - 1;
      const script = typeof scripts === 'function' ? scripts(body, index) : scripts[Math.min(index, scripts.length - 1)];
      if (script.kind === 'status') {
        res.writeHead(script.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(script.body));
        return;
      }
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      void (async () => {
        for (let i = 0; i < script.chunks.length; i++) {
          const wait = i === 0 ? (script.firstDelayMs ?? 0) : (script.delayMs ?? 0);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (res.destroyed) return;
          if (script.hangUpAfter !== undefined && i >= script.hangUpAfter) {
            res.socket?.destroy();
            return;
          }
          const chunk = script.chunks[i];
          res.write(`data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
        }
        if (!script.noDone) res.write('data: [DONE]\n\n');
        res.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
