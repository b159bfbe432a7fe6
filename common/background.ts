// The contract between the engine and the background model: what a delegated task carries and how its updates come back.

import type { BackgroundUpdatePayload, TimelineEvent } from './timeline';

/** The shared context a task starts from, as the engine holds it (the background side turns it into a ContextPackage). */
export interface BackgroundContextSource {
  /** Media time at which the task was delegated. */
  nowMs: number;
  /** The timeline's recent window, oldest first (every event still held in full). */
  events: readonly TimelineEvent[];
  /** The older conversation the timeline folded into its digest ("user: … / assistant: …" lines). */
  olderConversation: string;
  /** Timers (reminders) still pending: the background model must know what is already scheduled. */
  pendingTimers: ReadonlyArray<{ id: string; dueAtMs: number; label: string; repeatEveryMs?: number }>;
}

/** One task the interaction model delegated (ModelEvent `delegate`). */
export interface BackgroundTaskRequest {
  taskId: string;
  /** What the user asked, in their words (typed text or recognized words). */
  query: string;
  context: BackgroundContextSource;
  /** The request came from screen- or camera-derived content: side-effecting tools then always ask the user. */
  fromVisualContent?: boolean;
}

/**
 * Runs delegated tasks off the micro-turn thread and streams their updates back. `onUpdate` may be called
 * from any later macrotask, never synchronously inside start() or cancel(); every task ends with exactly
 * one `done`, `failed` or `cancelled` update. Nothing here may throw into the session.
 */
export interface BackgroundRunner {
  /** Names the provider for the session header and the UI (e.g. "openai-compatible llama3 at http://127.0.0.1:11434/v1"). */
  readonly description: string;
  start(request: BackgroundTaskRequest, onUpdate: (update: BackgroundUpdatePayload) => void): void;
  /** Stops a running task; its last update is `cancelled` (unless it already ended). */
  cancel(taskId: string, reason: string): void;
  /** Cancels everything and releases the worker. */
  dispose(): Promise<void>;
}

/** Reason codes of a `failed` update, so the interaction model can say the right thing. */
export const BACKGROUND_FAILURE_CODES = ['no_provider', 'timeout', 'unreachable', 'http_error', 'malformed', 'provider_error', 'tool_loop'] as const;
export type BackgroundFailureCode = (typeof BACKGROUND_FAILURE_CODES)[number];

/** True when an HTTP endpoint is on this machine (loopback): a provider there sends nothing off it. Pure, so the UI can say it too. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
