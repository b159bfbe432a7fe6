// The background-tasks reducer: updates grouped by task id into status, streamed text, tool calls with results and elapsed time.

import { describe, expect, it } from 'vitest';
import type { BackgroundUpdatePayload, TimelineEvent } from '../../../common/timeline';
import { backgroundTasksFrom, runningTaskCount, taskElapsedMs } from '../../../renderer/src/state/backgroundTasks';

let seq = 0;
const update = (atMs: number, payload: BackgroundUpdatePayload | Record<string, unknown>): TimelineEvent => ({
  seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'background', kind: 'background_update', payload: payload as Record<string, unknown>,
});
const delegate = (atMs: number, taskId: string, query: string): TimelineEvent => ({
  seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'model', kind: 'model_event', payload: { event: 'delegate', taskId, query },
});

describe('backgroundTasksFrom', () => {
  it('follows a task from its delegation through streamed text and a tool call to done', () => {
    const events = [
      delegate(1_000, 'b1', 'What is the weather in Lyon tomorrow?'),
      update(1_400, { taskId: 'b1', type: 'started', title: 'Weather in Lyon' }),
      update(1_600, { taskId: 'b1', type: 'tool_call', callId: 'c1', name: 'web_search', arguments: { q: 'Lyon weather tomorrow' } }),
      update(2_600, { taskId: 'b1', type: 'tool_result', callId: 'c1', ok: true, result: 'Sunny, 14 °C' }),
      update(2_800, { taskId: 'b1', type: 'text', delta: 'Tomorrow in Lyon: ' }),
      update(3_000, { taskId: 'b1', type: 'text', delta: 'sunny, 14 °C.' }),
    ];
    const running = backgroundTasksFrom(events);
    expect(running.malformed).toBe(0);
    expect(running.tasks).toEqual([
      {
        taskId: 'b1',
        title: 'Weather in Lyon',
        query: 'What is the weather in Lyon tomorrow?',
        status: 'running',
        text: 'Tomorrow in Lyon: sunny, 14 °C.',
        toolCalls: [{ callId: 'c1', name: 'web_search', arguments: { q: 'Lyon weather tomorrow' }, atMs: 1_600, result: { ok: true, result: 'Sunny, 14 °C', atMs: 2_600 } }],
        startedAtMs: 1_000,
        endedAtMs: undefined,
        reason: undefined,
      },
    ]);
    expect(runningTaskCount(running)).toBe(1);
    expect(taskElapsedMs(running.tasks[0], 4_000)).toBe(3_000);

    const done = backgroundTasksFrom([...events, update(3_200, { taskId: 'b1', type: 'done' }), update(3_400, { taskId: 'b1', type: 'text', delta: ' late' })]);
    expect(done.tasks[0]).toMatchObject({ status: 'done', text: 'Tomorrow in Lyon: sunny, 14 °C.', endedAtMs: 3_200 });
    expect(taskElapsedMs(done.tasks[0], 9_000)).toBe(2_200);
    expect(runningTaskCount(done)).toBe(0);
  });

  it('keeps interleaved tasks apart, records failures and cancellations with their reason, and done text replaces the stream', () => {
    const view = backgroundTasksFrom([
      update(0, { taskId: 'a', type: 'started', title: 'Summarize the file', query: 'summarize main.ts' }),
      update(200, { taskId: 'b', type: 'started', title: 'Find the bug' }),
      update(400, { taskId: 'a', type: 'text', delta: 'It runs ' }),
      update(600, { taskId: 'b', type: 'tool_call', callId: 'x', name: 'read_file', arguments: { path: 'a.ts' } }),
      update(800, { taskId: 'b', type: 'tool_result', callId: 'x', ok: false, result: 'permission denied by the user' }),
      update(1_000, { taskId: 'b', type: 'failed', error: 'no tool could read the file' }),
      update(1_200, { taskId: 'a', type: 'done', text: 'It runs the micro-turn loop.' }),
      update(1_400, { taskId: 'c', type: 'started', title: 'Plan the trip' }),
      update(1_600, { taskId: 'c', type: 'cancelled', reason: 'the user changed the subject' }),
    ]);
    expect(view.tasks.map((t) => [t.taskId, t.title, t.status, t.text, t.reason ?? null, t.endedAtMs])).toEqual([
      ['a', 'Summarize the file', 'done', 'It runs the micro-turn loop.', null, 1_200],
      ['b', 'Find the bug', 'failed', '', 'no tool could read the file', 1_000],
      ['c', 'Plan the trip', 'cancelled', '', 'the user changed the subject', 1_600],
    ]);
    expect(view.tasks[1].toolCalls[0].result).toEqual({ ok: false, result: 'permission denied by the user', atMs: 800 });
    expect(runningTaskCount(view)).toBe(0);
  });

  it('counts updates outside the schema instead of guessing, and ignores other event kinds', () => {
    const view = backgroundTasksFrom([
      update(0, { taskId: 'a', type: 'progress', percent: 50 }),
      update(0, { type: 'text', delta: 'no task id' }),
      update(0, { taskId: 'a', type: 'text', delta: 'ok', extra: true }),
      { seq: seq++, turn: 0, atMs: 0, source: 'user', kind: 'user_text', payload: { text: 'hi' } },
      { seq: seq++, turn: 0, atMs: 0, source: 'model', kind: 'model_event', payload: { event: 'announce' } },
    ]);
    expect(view).toEqual({ tasks: [], malformed: 3 });
  });
});
