// A local stand-in for the background language model in the voice benchmark: an OpenAI-compatible chat completions server on 127.0.0.1 that streams one fixed short answer after a set first-token latency.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TandemError } from '../../common/errors';

/** The answer the stub gives to every question: short, so the figure is about latency, not speech length. */
export const STUB_ANSWER = 'It is five past ten.';
/** Default first-token latency: about what a small local model on a laptop CPU takes to start streaming. */
export const STUB_FIRST_TOKEN_MS = 150;
/** The model name the stub reports and the benchmark configures. */
export const STUB_MODEL = 'tandem-bench-stub';

export interface StubLanguageModelOptions {
  /** Wall time from receiving a request to sending its first token. Default STUB_FIRST_TOKEN_MS. */
  firstTokenMs?: number;
  /** Wall time between the following tokens. Default 10 ms. */
  tokenIntervalMs?: number;
  answer?: string;
}

export interface StubLanguageModelServer {
  /** OpenAI-style base URL (…/v1) for an `openai` background provider. */
  baseURL: string;
  firstTokenMs: number;
  answer: string;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** Splits the answer into the pieces streamed as tokens: one word (with its leading space) each. */
export function answerTokens(answer: string): string[] {
  return answer.match(/\s*\S+/g) ?? [];
}

/** Starts the stub on 127.0.0.1 (a free port); only /v1/chat/completions with stream true is answered. */
export async function startStubLanguageModel(options: StubLanguageModelOptions = {}): Promise<StubLanguageModelServer> {
  const firstTokenMs = options.firstTokenMs ?? STUB_FIRST_TOKEN_MS;
  const tokenIntervalMs = options.tokenIntervalMs ?? 10;
  const answer = options.answer ?? STUB_ANSWER;
  if (!Number.isFinite(firstTokenMs) || firstTokenMs < 0 || !Number.isFinite(tokenIntervalMs) || tokenIntervalMs < 0) {
    throw new TandemError('USAGE', `Invalid stub latency: first token ${firstTokenMs} ms, interval ${tokenIntervalMs} ms`, 'stub language model', 'Give non-negative numbers of milliseconds.');
  }
  let answered = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `The benchmark's stub answers POST /v1/chat/completions only, not ${req.method} ${req.url}` } }));
        return;
      }
      let stream = false;
      try {
        stream = (JSON.parse(raw || '{}') as { stream?: unknown }).stream === true;
      } catch {
        // A body that is not JSON is answered like any other non-streaming request: refused.
      }
      if (!stream) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The benchmark stub streams only: send "stream": true' } }));
        return;
      }
      answered++;
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      void streamAnswer(res, answer, firstTokenMs, tokenIntervalMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    firstTokenMs,
    answer,
    requests: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function streamAnswer(res: ServerResponse, answer: string, firstTokenMs: number, tokenIntervalMs: number): Promise<void> {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'stub', object: 'chat.completion.chunk', created: 0, model: STUB_MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const tokens = answerTokens(answer);
  for (let i = 0; i < tokens.length; i++) {
    await sleep(i === 0 ? firstTokenMs : tokenIntervalMs);
    if (res.destroyed) return;
    res.write(chunk({ content: tokens[i] }, null));
  }
  if (res.destroyed) return;
  res.write(chunk({}, 'stop'));
  res.write('data: [DONE]\n\n');
  res.end();
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
