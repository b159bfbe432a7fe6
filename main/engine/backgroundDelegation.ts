// Delegation plumbing between the interaction model and the background runner: tasks out, updates back into micro-turns, exact on the virtual clock.

import type { BackgroundContextSource, BackgroundRunner } from '../../common/background';
import { MICRO_TURN_MS } from '../../common/microturn';
import type { BackgroundUpdatePayload } from '../../common/timeline';

/** What a failed task says when no background model is configured (code no_provider). */
export const NO_PROVIDER_ERROR = 'No background language model is configured; add one in the settings (Background model) or pass --background FILE to tandem run.';

export interface BackgroundDelegationOptions {
  /**
   * null: no provider configured; every delegation fails at once with code no_provider. `recorded`: a replay;
   * the recorded updates are fed at their recorded micro-turns by the input provider, so delegations start nothing.
   */
  runner: BackgroundRunner | null | 'recorded';
  clock: 'virtual' | 'realtime';
  /**
   * Virtual clock only: the media time a task is taken to need. Its `started` update enters the micro-turn after the
   * delegation; everything else it reported enters the micro-turn in which this latency ends, whatever the
   * wall time the provider really took (the session waits for the provider there), so runs are identical.
   */
  virtualLatencyMs: number;
  /** Hands an update to the session; it enters the input chunk being collected (atMs inside it). */
  push: (atMs: number, update: BackgroundUpdatePayload) => void;
}

interface VirtualTask {
  taskId: string;
  delegatedTurn: number;
  releaseTurn: number;
  updates: BackgroundUpdatePayload[];
  /** Index of the next update to hand on. */
  released: number;
  ended: Promise<void>;
  closed: boolean;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/**
 * Starts delegated tasks on the runner and feeds their updates back. Real time: an update enters the chunk
 * being collected when it arrives (nothing ever blocks a tick). Virtual time: see virtualLatencyMs.
 */
export class BackgroundDelegation {
  private readonly virtualTasks = new Map<string, VirtualTask>();
  private readonly liveTasks = new Set<string>();
  /** Real time: the chunk updates arriving now belong to (the session sets it as chunks close). */
  collectingTurn = 0;

  constructor(private readonly options: BackgroundDelegationOptions) {}

  /** The interaction model delegated `query` at the end of micro-turn `turn`. */
  delegate(turn: number, taskId: string, query: string, context: BackgroundContextSource, fromVisualContent = false): void {
    const atMs = (turn + 1) * MICRO_TURN_MS;
    const { runner } = this.options;
    if (runner === 'recorded') return;
    if (!runner) {
      this.options.push(atMs, { taskId, type: 'failed', error: NO_PROVIDER_ERROR, code: 'no_provider' });
      return;
    }
    if (this.virtualTasks.has(taskId) || this.liveTasks.has(taskId)) {
      this.options.push(atMs, { taskId, type: 'failed', error: `Task id ${taskId} is already in use; the interaction model must give every delegation its own id.`, code: 'provider_error' });
      return;
    }
    if (this.options.clock === 'realtime') {
      this.liveTasks.add(taskId);
      runner.start({ taskId, query, context, fromVisualContent }, (update) => {
        if (!this.liveTasks.has(taskId)) return;
        if (TERMINAL.has(update.type)) this.liveTasks.delete(taskId);
        this.options.push(this.collectingTurn * MICRO_TURN_MS, update);
      });
      return;
    }
    let resolveEnded!: () => void;
    const task: VirtualTask = {
      taskId,
      delegatedTurn: turn,
      releaseTurn: turn + 1 + Math.ceil(this.options.virtualLatencyMs / MICRO_TURN_MS),
      updates: [],
      released: 0,
      ended: new Promise<void>((resolve) => (resolveEnded = resolve)),
      closed: false,
    };
    this.virtualTasks.set(taskId, task);
    runner.start({ taskId, query, context, fromVisualContent }, (update) => {
      if (task.closed) return;
      task.updates.push(update);
      if (TERMINAL.has(update.type)) resolveEnded();
    });
  }

  /** The interaction model (for the user) cancelled a task at the end of micro-turn `turn`. Unknown or finished tasks are ignored. */
  cancel(turn: number, taskId: string, reason: string): void {
    const atMs = (turn + 1) * MICRO_TURN_MS;
    const runner = this.options.runner;
    if (runner === 'recorded' || runner === null) return;
    if (this.liveTasks.has(taskId)) {
      // The runner reports `cancelled` itself (or the result that beat the cancel, which the model ignores).
      runner.cancel(taskId, reason);
      return;
    }
    const task = this.virtualTasks.get(taskId);
    if (!task || task.closed) return;
    // Virtual time: what the provider already sent in wall time must not matter; the task ends here, cancelled.
    task.closed = true;
    this.virtualTasks.delete(taskId);
    runner.cancel(taskId, reason);
    this.options.push(atMs, { taskId, type: 'cancelled', reason });
  }

  /** Virtual clock: before chunk `turn` closes, hands on the updates due in it, waiting for the provider if it is not there yet. */
  async beforeClose(turn: number): Promise<void> {
    if (this.options.clock !== 'virtual') return;
    for (const task of [...this.virtualTasks.values()]) {
      if (task.closed || turn <= task.delegatedTurn) continue;
      const atMs = turn * MICRO_TURN_MS;
      if (task.released === 0) {
        // `started` comes first from every runner: wait for it so the UI sees the task one micro-turn after delegation.
        while (task.updates.length === 0) await Promise.race([task.ended, nextMacrotask()]);
        this.options.push(atMs, task.updates[0]);
        task.released = 1;
      }
      if (turn < task.releaseTurn) continue;
      await task.ended;
      for (; task.released < task.updates.length; task.released++) this.options.push(atMs, task.updates[task.released]);
      task.closed = true;
      this.virtualTasks.delete(task.taskId);
    }
  }

  /** Real time: the chunk that closes next. */
  setCollectingTurn(turn: number): void {
    this.collectingTurn = turn;
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
