// The OpenAI-compatible provider against a real loopback SSE server: streaming text, a tool call round trip, and every fault ends in one clear update.

import { afterEach, describe, expect, it } from 'vitest';
import type { BackgroundUpdatePayload } from '../../../common/timeline';
import { BackgroundUpdatePayloadSchema } from '../../../common/timeline';
import { runBackgroundTask } from '../../../main/background/backgroundTask';
import { buildContextPackage } from '../../../main/background/contextPackage';
import { OpenAiCompatibleProvider, isLoopbackUrl } from '../../../main/background/openaiProvider';
import { NO_TOOLS } from '../../../main/background/toolHost';
import { finishChunk, startLoopbackServer, textChunk, toolCallChunk, type LoopbackServer, type Script } from './loopbackOpenAiServer.fixture';
import { FakeToolHost } from './toolHost.fake';

let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const context = { nowMs: 4000, events: [], olderConversation: '', pendingTimers: [] };

async function run(scripts: Script[], options: { tools?: FakeToolHost; timeoutMs?: number; idleTimeoutMs?: number; abortAfterMs?: number } = {}): Promise<BackgroundUpdatePayload[]> {
  server = await startLoopbackServer(scripts);
  const provider = new OpenAiCompatibleProvider({ baseURL: server.baseURL, model: 'tiny', timeoutMs: options.timeoutMs ?? 5000, idleTimeoutMs: options.idleTimeoutMs ?? 5000 });
  const updates: BackgroundUpdatePayload[] = [];
  const controller = new AbortController();
  if (options.abortAfterMs !== undefined) setTimeout(() => controller.abort('the user said never mind'), options.abortAfterMs);
  await runBackgroundTask(buildContextPackage('task-1', 'what is 2 plus 3?', context), provider, options.tools ?? NO_TOOLS, controller.signal, (u) => updates.push(u));
  for (const update of updates) expect(BackgroundUpdatePayloadSchema.safeParse(update).success).toBe(true);
  return updates;
}

describe('OpenAI-compatible provider over loopback', () => {
  it('streams text deltas in order and ends with done carrying the whole answer', async () => {
    const updates = await run([{ kind: 'stream', chunks: [textChunk('It is '), textChunk('five.'), finishChunk()] }]);
    expect(updates).toEqual([
      { taskId: 'task-1', type: 'started', title: 'what is 2 plus 3?', query: 'what is 2 plus 3?' },
      { taskId: 'task-1', type: 'text', delta: 'It is ' },
      { taskId: 'task-1', type: 'text', delta: 'five.' },
      { taskId: 'task-1', type: 'done', text: 'It is five.' },
    ]);
    expect(server!.requests[0]).toMatchObject({ model: 'tiny', stream: true });
    expect((server!.requests[0].messages as Array<{ role: string; content: string }>).at(-1)).toEqual({ role: 'user', content: 'what is 2 plus 3?' });
    expect(server!.requests[0].tools).toBeUndefined();
  });

  it('assembles a streamed tool call, runs the tool, sends the result back and streams the final answer', async () => {
    const tools = new FakeToolHost();
    const updates = await run(
      [
        { kind: 'stream', chunks: [toolCallChunk(0, { id: 'call_a', name: 'add', arguments: '{"a": 2,' }), toolCallChunk(0, { arguments: ' "b": 3}' }), finishChunk('tool_calls')] },
        { kind: 'stream', chunks: [textChunk('Five.'), finishChunk()] },
      ],
      { tools },
    );
    expect(updates.map((u) => u.type)).toEqual(['started', 'tool_call', 'tool_result', 'text', 'done']);
    expect(updates[1]).toEqual({ taskId: 'task-1', type: 'tool_call', callId: 'call_a', name: 'add', arguments: { a: 2, b: 3 } });
    expect(updates[2]).toEqual({ taskId: 'task-1', type: 'tool_result', callId: 'call_a', ok: true, result: '5' });
    expect(updates[4]).toEqual({ taskId: 'task-1', type: 'done', text: 'Five.' });
    expect(tools.calls).toEqual([{ name: 'add', args: { a: 2, b: 3 }, context: { taskId: 'task-1', fromVisualContent: false } }]);
    const second = server!.requests[1].messages as Array<Record<string, unknown>>;
    expect(second.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'add', arguments: '{"a": 2, "b": 3}' } }] },
      { role: 'tool', tool_call_id: 'call_a', content: '5' },
    ]);
    expect((server!.requests[0].tools as Array<{ function: { name: string } }>)[0].function.name).toBe('add');
  });

  it('gives malformed tool arguments to the tool host as text and the rejection back to the model', async () => {
    const tools = new FakeToolHost();
    const updates = await run(
      [
        { kind: 'stream', chunks: [toolCallChunk(0, { id: 'call_b', name: 'add', arguments: '{"a": 2' }), finishChunk('tool_calls')] },
        { kind: 'stream', chunks: [textChunk('Sorry.'), finishChunk()] },
      ],
      { tools },
    );
    expect(updates[1]).toEqual({ taskId: 'task-1', type: 'tool_call', callId: 'call_b', name: 'add', arguments: { unparsedArguments: '{"a": 2' } });
    expect(updates[2]).toEqual({ taskId: 'task-1', type: 'tool_result', callId: 'call_b', ok: false, result: 'add needs numbers a and b.' });
    expect(updates.at(-1)).toEqual({ taskId: 'task-1', type: 'done', text: 'Sorry.' });
  });

  it('fails with http_error on HTTP 500, naming the status', async () => {
    const updates = await run([{ kind: 'status', status: 500, body: { error: { message: 'model crashed' } } }]);
    expect(updates.map((u) => u.type)).toEqual(['started', 'failed']);
    const failed = updates[1] as Extract<BackgroundUpdatePayload, { type: 'failed' }>;
    expect(failed.code).toBe('http_error');
    expect(failed.error).toContain('HTTP 500');
  });

  it('fails with malformed when a chunk is not JSON', async () => {
    const updates = await run([{ kind: 'stream', chunks: [textChunk('It is '), '{not json', finishChunk()] }]);
    expect(updates.map((u) => u.type)).toEqual(['started', 'text', 'failed']);
    expect((updates[2] as { code?: string }).code).toBe('malformed');
  });

  it('fails with malformed when a chunk is JSON of another shape', async () => {
    const updates = await run([{ kind: 'stream', chunks: [{ hello: 'world' }] }]);
    expect(updates.map((u) => u.type)).toEqual(['started', 'failed']);
    expect(updates[1]).toMatchObject({ code: 'malformed' });
    expect((updates[1] as { error: string }).error).toContain('without a choices array');
  });

  it('fails with unreachable when the server hangs up mid-stream', async () => {
    const updates = await run([{ kind: 'stream', chunks: [textChunk('It '), textChunk('is'), finishChunk()], delayMs: 30, hangUpAfter: 2 }]);
    expect(updates.map((u) => u.type)).toEqual(['started', 'text', 'text', 'failed']);
    expect(updates[3]).toMatchObject({ code: 'unreachable' });
  });

  it('fails with unreachable when nothing listens at the base URL', async () => {
    const probe = await startLoopbackServer([]);
    const deadURL = probe.baseURL;
    await probe.close();
    const provider = new OpenAiCompatibleProvider({ baseURL: deadURL, model: 'tiny', timeoutMs: 5000, idleTimeoutMs: 5000 });
    const updates: BackgroundUpdatePayload[] = [];
    await runBackgroundTask(buildContextPackage('task-1', 'hi', context), provider, NO_TOOLS, new AbortController().signal, (u) => updates.push(u));
    expect(updates.map((u) => u.type)).toEqual(['started', 'failed']);
    expect(updates[1]).toMatchObject({ code: 'unreachable' });
  });

  it('fails with timeout when the server is slower than the idle timeout', async () => {
    const updates = await run([{ kind: 'stream', chunks: [textChunk('late'), finishChunk()], firstDelayMs: 1500 }], { idleTimeoutMs: 200 });
    expect(updates.map((u) => u.type)).toEqual(['started', 'failed']);
    expect(updates[1]).toMatchObject({ code: 'timeout' });
    expect((updates[1] as { error: string }).error).toContain('sent nothing for 200 ms');
  });

  it('ends with cancelled (not failed, no done) when aborted mid-stream', async () => {
    const updates = await run([{ kind: 'stream', chunks: [textChunk('a'), textChunk('b'), textChunk('c'), finishChunk()], delayMs: 300 }], { abortAfterMs: 150 });
    expect(updates.map((u) => u.type)).toEqual(['started', 'text', 'cancelled']);
    expect(updates[2]).toEqual({ taskId: 'task-1', type: 'cancelled', reason: 'the user said never mind' });
  });

  it('knows loopback endpoints are local and others are not', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8080/v1')).toBe(true);
    expect(isLoopbackUrl('http://localhost:11434/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:1234/v1')).toBe(true);
    expect(isLoopbackUrl('https://api.openai.com/v1')).toBe(false);
    expect(isLoopbackUrl('http://192.168.1.5/v1')).toBe(false);
  });
});
