// DesktopToolBroker: desktop tool calls and permission prompts sent to the renderer (tool:request, tool:ask) and their answers (tool:result, tool:decide).

import type { ToolAsk, ToolRequest, ToolResult } from '../../../common/ipc';
import { ToolFailure, type ToolPermissionAsker } from './toolTypes';

/** What the broker sends to whatever renderer is connected (every page of the transport). */
export type DesktopToolMessage =
  | { channel: 'tool:request'; payload: ToolRequest }
  | { channel: 'tool:ask'; payload: ToolAsk }
  | { channel: 'tool:askSettled'; payload: { callId: string } };

export interface DesktopToolBrokerOptions {
  /** How long a permission prompt waits for the user before it counts as declined. */
  askTimeoutMs?: number;
}

interface PendingRun {
  resolve: (result: ToolResult) => void;
}
interface PendingAsk {
  payload: ToolAsk;
  resolve: (answer: { allow: boolean; remember: boolean; decidedBy: 'user' | 'timeout' }) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Sends requests to the renderer and pairs answers with them by callId. An answer for a call nobody waits
 * for (late, or made up) is ignored; a request with no renderer connected is settled by its timeout.
 */
export class DesktopToolBroker implements ToolPermissionAsker {
  private readonly runs = new Map<string, PendingRun>();
  private readonly asks = new Map<string, PendingAsk>();
  private readonly listeners = new Set<(message: DesktopToolMessage) => void>();
  private readonly askTimeoutMs: number;

  constructor(options: DesktopToolBrokerOptions = {}) {
    this.askTimeoutMs = options.askTimeoutMs ?? 60_000;
  }

  /** A transport subscribes to forward the messages to its pages; returns its unsubscribe. */
  onMessage(listener: (message: DesktopToolMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs a desktop tool in the renderer. The registry's timeout bounds it (the signal aborts); an error
   * result from the renderer becomes a ToolFailure with its message.
   */
  run(callId: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<string | Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const settle = (result: ToolResult): void => {
        this.runs.delete(callId);
        signal.removeEventListener('abort', onAbort);
        if (result.ok) resolve(result.content);
        else reject(new ToolFailure(result.error));
      };
      const onAbort = (): void => {
        this.runs.delete(callId);
        reject(signal.reason instanceof Error ? signal.reason : new ToolFailure('cancelled'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.runs.set(callId, { resolve: settle });
      if (!this.send({ channel: 'tool:request', payload: { callId, tool, args } })) {
        settle({ ok: false, error: `no Tandem window is connected to run ${tool}; it needs the app or the served page open` });
      }
    });
  }

  ask(request: Parameters<ToolPermissionAsker['ask']>[0]): ReturnType<ToolPermissionAsker['ask']> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settleAsk(request.callId, { allow: false, remember: false, decidedBy: 'timeout' }), this.askTimeoutMs);
      const payload: ToolAsk = { callId: request.callId, tool: request.tool, description: request.description, args: request.args, why: request.why, fromVisualContent: request.fromVisualContent };
      this.asks.set(request.callId, { payload, resolve, timer });
      // With no page connected the prompt still waits: a window that connects within the timeout is sent openAsks().
      this.send({ channel: 'tool:ask', payload });
    });
  }

  /** tool:result from the renderer; false when no call waits for that id. */
  result(callId: string, result: ToolResult): boolean {
    const pending = this.runs.get(callId);
    if (!pending) return false;
    pending.resolve(result);
    return true;
  }

  /** tool:decide from the renderer; false when no prompt waits for that id. */
  decide(callId: string, allow: boolean, remember: boolean): boolean {
    return this.settleAsk(callId, { allow, remember, decidedBy: 'user' });
  }

  /** Prompts still open, for a page that connects (or reloads) while they wait. */
  openAsks(): ToolAsk[] {
    return [...this.asks.values()].map((pending) => pending.payload);
  }

  private settleAsk(callId: string, answer: { allow: boolean; remember: boolean; decidedBy: 'user' | 'timeout' }): boolean {
    const pending = this.asks.get(callId);
    if (!pending) return false;
    this.asks.delete(callId);
    clearTimeout(pending.timer);
    pending.resolve(answer);
    // Every window closes its copy of the prompt.
    this.send({ channel: 'tool:askSettled', payload: { callId } });
    return true;
  }

  /** False when nobody listens (no transport attached). */
  private send(message: DesktopToolMessage): boolean {
    if (this.listeners.size === 0) return false;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // A broken transport is that transport's problem; the call is settled by its timeout.
      }
    }
    return true;
  }
}
