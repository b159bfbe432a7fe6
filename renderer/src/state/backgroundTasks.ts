// Background tasks as a pure reducer over the timeline: background_update events (and the delegate that asked for a task) grouped by task id.

import { BackgroundUpdatePayloadSchema, type TimelineEvent } from '../../../common/timeline';

export type BackgroundTaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface BackgroundToolCall {
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Undefined until the tool answered. */
  result?: { ok: boolean; result: string; atMs: number };
  atMs: number;
}

export interface BackgroundTask {
  taskId: string;
  /** The started update's title; the delegated query until then. */
  title: string;
  query: string | undefined;
  status: BackgroundTaskStatus;
  /** The answer so far: text deltas in order, replaced by done's text when it carries one. */
  text: string;
  toolCalls: BackgroundToolCall[];
  startedAtMs: number;
  /** When it finished, failed or was cancelled. */
  endedAtMs: number | undefined;
  /** Why it failed or was cancelled. */
  reason: string | undefined;
}

export interface BackgroundTasksView {
  /** In the order they were first heard of. */
  tasks: BackgroundTask[];
  /** background_update events whose payload is outside BackgroundUpdatePayloadSchema (skipped, counted so it shows). */
  malformed: number;
}

/** Groups the timeline's background events by task; later updates of a finished task are ignored (a task ends once). */
export function backgroundTasksFrom(events: readonly TimelineEvent[]): BackgroundTasksView {
  const byId = new Map<string, BackgroundTask>();
  let malformed = 0;
  const taskFor = (taskId: string, atMs: number): BackgroundTask => {
    let task = byId.get(taskId);
    if (!task) {
      task = { taskId, title: taskId, query: undefined, status: 'running', text: '', toolCalls: [], startedAtMs: atMs, endedAtMs: undefined, reason: undefined };
      byId.set(taskId, task);
    }
    return task;
  };

  for (const event of events) {
    if (event.kind === 'model_event' && event.payload.event === 'delegate') {
      const { taskId, query } = event.payload;
      if (typeof taskId !== 'string' || taskId === '') continue;
      const task = taskFor(taskId, event.atMs);
      if (typeof query === 'string') {
        task.query = query;
        if (task.title === taskId) task.title = query;
      }
      continue;
    }
    if (event.kind !== 'background_update') continue;
    const parsed = BackgroundUpdatePayloadSchema.safeParse(event.payload);
    if (!parsed.success) {
      malformed++;
      continue;
    }
    const update = parsed.data;
    const task = taskFor(update.taskId, event.atMs);
    if (task.status !== 'running') continue;
    switch (update.type) {
      case 'started':
        task.title = update.title || task.title;
        if (update.query !== undefined) task.query = update.query;
        break;
      case 'text':
        task.text += update.delta;
        break;
      case 'tool_call':
        task.toolCalls.push({ callId: update.callId, name: update.name, arguments: update.arguments, atMs: event.atMs });
        break;
      case 'tool_result': {
        const call = task.toolCalls.find((c) => c.callId === update.callId && !c.result);
        if (call) call.result = { ok: update.ok, result: update.result, atMs: event.atMs };
        break;
      }
      case 'done':
        task.status = 'done';
        if (update.text !== undefined) task.text = update.text;
        task.endedAtMs = event.atMs;
        break;
      case 'failed':
        task.status = 'failed';
        task.reason = update.error;
        task.endedAtMs = event.atMs;
        break;
      case 'cancelled':
        task.status = 'cancelled';
        task.reason = update.reason;
        task.endedAtMs = event.atMs;
        break;
    }
  }
  return { tasks: [...byId.values()], malformed };
}

/** How long a task ran (until nowMs while it still runs). */
export function taskElapsedMs(task: BackgroundTask, nowMs: number): number {
  return Math.max(0, (task.endedAtMs ?? nowMs) - task.startedAtMs);
}

export function runningTaskCount(view: BackgroundTasksView): number {
  return view.tasks.filter((task) => task.status === 'running').length;
}
