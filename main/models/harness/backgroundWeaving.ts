// How the harness weaves the background model in: delegate user requests, say a filler, speak results at a pause, drop or prefix stale ones, never speak cancelled ones.

import type { ModelEvent } from '../../../common/microturn';
import type { HarnessConfig } from './config';

type WeavingConfig = HarnessConfig['background'];

/** One delegated task as the harness follows it. */
export interface WovenTask {
  taskId: string;
  query: string;
  delegatedAtMs: number;
  /** Streamed text so far (or the final text once done). */
  text: string;
  status: 'running' | 'ready' | 'failed' | 'cancelled' | 'delivered' | 'dropped';
  failure: { code: string | null; error: string } | null;
  /** When the answer (or failure) arrived. */
  readyAtMs: number | null;
  fillerSaid: boolean;
  /** The user asked something else after this task was delegated. */
  stale: boolean;
}

export interface WeavingState {
  tasks: WovenTask[];
  /** A cancellation stopped something and the assistant has not yet said so. */
  cancelAckDue: boolean;
  delegations: number;
}

export function createWeavingState(): WeavingState {
  return { tasks: [], cancelAckDue: false, delegations: 0 };
}

/** Lower case, punctuation and extra spaces gone: "Never mind!" and "never  mind" match. */
function normalized(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
}

function unanswered(task: WovenTask): boolean {
  return task.status === 'running' || task.status === 'ready' || task.status === 'failed';
}

/** Whether `text` is one of the phrases that cancel unanswered tasks ("never mind", "stop that"). */
export function isCancelPhrase(config: WeavingConfig, text: string): boolean {
  const said = normalized(text);
  return config.cancelPhrases.some((phrase) => normalized(phrase) === said);
}

/**
 * The user asked for something (typed text or a spoken turn's words) in the chunk ending at `nowMs`.
 * A cancel phrase cancels every unanswered task; anything else is delegated, and earlier unanswered tasks
 * become stale (the user moved on). Returns the events for the engine.
 */
export function onUserRequest(state: WeavingState, config: WeavingConfig, text: string, turn: number, nowMs: number): ModelEvent[] {
  const query = text.trim();
  if (query === '') return [];
  const said = normalized(query);
  if (config.cancelPhrases.some((phrase) => normalized(phrase) === said)) {
    const events: ModelEvent[] = [];
    let cancelled = 0;
    for (const task of state.tasks) {
      if (!unanswered(task)) continue;
      // Even a finished answer that was not said yet is cancelled: the user does not want to hear it.
      if (task.status === 'running') events.push({ kind: 'cancel_task', payload: { taskId: task.taskId, reason: `the user said "${query}"` } });
      task.status = 'cancelled';
      cancelled++;
    }
    if (cancelled > 0) state.cancelAckDue = true;
    return events;
  }
  for (const task of state.tasks) if (unanswered(task)) task.stale = true;
  const taskId = `task-${turn}-${state.delegations++}`;
  state.tasks.push({ taskId, query, delegatedAtMs: nowMs, text: '', status: 'running', failure: null, readyAtMs: null, fillerSaid: false, stale: false });
  return [{ kind: 'delegate', payload: { taskId, query } }];
}

/** A background_update arrived (payload as in common/timeline.ts; unknown tasks and malformed payloads are ignored). */
export function onBackgroundUpdate(state: WeavingState, payload: Record<string, unknown>, atMs: number): void {
  const task = state.tasks.find((t) => t.taskId === payload.taskId);
  if (!task || task.status !== 'running') return; // cancelled, already answered, or not ours
  switch (payload.type) {
    case 'text':
      if (typeof payload.delta === 'string') task.text += payload.delta;
      break;
    case 'done':
      if (typeof payload.text === 'string') task.text = payload.text;
      task.status = 'ready';
      task.readyAtMs = atMs;
      break;
    case 'failed':
      task.status = 'failed';
      task.failure = { code: typeof payload.code === 'string' ? payload.code : null, error: String(payload.error ?? 'unknown error') };
      task.readyAtMs = atMs;
      break;
    case 'cancelled':
      task.status = 'cancelled';
      break;
    default:
      break;
  }
}

/**
 * The floor is free at `nowMs` (neither the user nor the assistant holds it): what the background side wants
 * said now, oldest task first, or null. Answers past maxDeliverWaitMs and stale ones under `drop` are
 * dropped here without a word.
 */
export function nextBackgroundUtterance(state: WeavingState, config: WeavingConfig, nowMs: number): { text: string; events: ModelEvent[] } | null {
  if (state.cancelAckDue) {
    state.cancelAckDue = false;
    return { text: config.cancelledText, events: [] };
  }
  for (const task of state.tasks) {
    if (task.status !== 'ready' && task.status !== 'failed') continue;
    if (nowMs - (task.readyAtMs ?? nowMs) > config.maxDeliverWaitMs || (task.stale && config.staleResults === 'drop')) {
      task.status = 'dropped';
      continue;
    }
    const failed = task.status === 'failed';
    task.status = 'delivered';
    let text: string;
    if (failed) {
      text = task.failure?.code === 'no_provider' ? config.noProviderText : config.failedText.replaceAll('{error}', firstSentence(task.failure?.error ?? ''));
    } else {
      text = task.text.trim() === '' ? config.emptyAnswerText : task.text.trim();
    }
    if (task.stale && !(failed && task.failure?.code === 'no_provider')) text = `${config.stalePrefix} ${text}`;
    return { text, events: [{ kind: 'deliver', payload: { taskId: task.taskId, stale: task.stale, ok: !failed } }] };
  }
  for (const task of state.tasks) {
    if (task.status === 'running' && !task.fillerSaid && !task.stale && nowMs - task.delegatedAtMs >= config.fillerAfterMs) {
      // One filler for however many tasks are slow: "let me look" twice in a row sounds broken.
      for (const other of state.tasks) if (other.status === 'running') other.fillerSaid = true;
      return { text: config.fillerText, events: [] };
    }
  }
  return null;
}

/** The first sentence of an error, at most 160 characters: the rest is for the log, not for speech. */
function firstSentence(error: string): string {
  const sentence = error.split(/(?<=[.!?])\s/)[0].trim();
  return sentence.length <= 160 ? sentence : `${sentence.slice(0, 159)}…`;
}
