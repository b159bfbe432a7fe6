// ProviderBackgroundRunner: updates never arrive inside start(), tool calls carry the task and its visual origin, a model that calls tools forever is stopped, dispose cancels.

import { describe, expect, it } from 'vitest';
import type { BackgroundUpdatePayload } from '../../../common/timeline';
import { ProviderBackgroundRunner } from '../../../main/background/backgroundRunner';
import { ScriptedChatProvider } from './chatProvider.fake';
import { FakeToolHost } from './toolHost.fake';

const context = { nowMs: 0, events: [], olderConversation: '', pendingTimers: [] };
const addCall = { type: 'tool_call' as const, call: { callId: 'c1', name: 'add', argumentsJson: '{"a":1,"b":2}' } };

function collect(runner: ProviderBackgroundRunner, request: { taskId: string; query: string; fromVisualContent?: boolean }) {
  const updates: BackgroundUpdatePayload[] = [];
  const ended = new Promise<void>((resolve) => {
    runner.start({ ...request, context }, (update) => {
      updates.push(update);
      if (update.type === 'done' || update.type === 'failed' || update.type === 'cancelled') resolve();
    });
  });
  return { updates, ended };
}

describe('ProviderBackgroundRunner', () => {
  it('reports nothing synchronously, and hands the tool host the task id and whether visual content triggered it', async () => {
    const tools = new FakeToolHost();
    const runner = new ProviderBackgroundRunner(new ScriptedChatProvider([[addCall], [{ type: 'text', delta: 'Three.' }]]), { tools });
    const { updates, ended } = collect(runner, { taskId: 'v1', query: 'what does the screen add up to?', fromVisualContent: true });
    expect(updates).toEqual([]);
    await ended;
    expect(updates.map((u) => u.type)).toEqual(['started', 'tool_call', 'tool_result', 'text', 'done']);
    expect(tools.calls).toEqual([{ name: 'add', args: { a: 1, b: 2 }, context: { taskId: 'v1', fromVisualContent: true } }]);
  });

  it('stops a model that keeps calling tools after maxToolRounds with failed tool_loop', async () => {
    const runner = new ProviderBackgroundRunner(new ScriptedChatProvider([[addCall]]), { tools: new FakeToolHost(), task: { maxToolRounds: 2 } });
    const { updates, ended } = collect(runner, { taskId: 'loop', query: 'q' });
    await ended;
    // Two rounds of tools ran; the third round's calls are refused, not executed.
    expect(updates.filter((u) => u.type === 'tool_call')).toHaveLength(2);
    expect(updates.at(-1)).toMatchObject({ type: 'failed', code: 'tool_loop' });
  });

  it('cancels running tasks and disposes the provider on dispose', async () => {
    const provider = new ScriptedChatProvider([Array.from({ length: 50 }, () => ({ type: 'text' as const, delta: 'x' }))]);
    const runner = new ProviderBackgroundRunner(provider);
    const { updates, ended } = collect(runner, { taskId: 'd1', query: 'q' });
    await new Promise((r) => setTimeout(r, 10));
    await runner.dispose();
    await ended;
    expect(updates.at(-1)).toEqual({ taskId: 'd1', type: 'cancelled', reason: 'the session ended' });
    expect(provider.disposed).toBe(true);
  });
});
