// A scripted BackgroundRunner for engine and weaving tests: answers each query with fixed updates after a random wall-clock delay.

import type { BackgroundRunner, BackgroundTaskRequest } from '../../../common/background';
import type { BackgroundUpdatePayload } from '../../../common/timeline';

/** What the fake says for a query: the updates after `started` (taskId is filled in). */
export type ScriptedAnswer = Array<DistributiveOmit<BackgroundUpdatePayload, 'taskId'>>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class ScriptedBackgroundRunner implements BackgroundRunner {
  readonly description = 'scripted test runner';
  readonly started: BackgroundTaskRequest[] = [];
  readonly cancelled: Array<{ taskId: string; reason: string }> = [];
  private readonly live = new Map<string, (u: BackgroundUpdatePayload) => void>();

  /** `answers[query]`; `jitterMs`: each update arrives after 0..jitterMs of wall time, to prove the virtual clock ignores it. */
  constructor(
    private readonly answers: Record<string, ScriptedAnswer>,
    private readonly jitterMs = 15,
  ) {}

  start(request: BackgroundTaskRequest, onUpdate: (update: BackgroundUpdatePayload) => void): void {
    this.started.push(request);
    this.live.set(request.taskId, onUpdate);
    const updates: BackgroundUpdatePayload[] = [
      { taskId: request.taskId, type: 'started', title: request.query, query: request.query },
      ...(this.answers[request.query] ?? [{ type: 'done', text: `no script for ${request.query}` }]).map((u) => ({ ...u, taskId: request.taskId }) as BackgroundUpdatePayload),
    ];
    void (async () => {
      for (const update of updates) {
        await new Promise((r) => setTimeout(r, Math.random() * this.jitterMs));
        const send = this.live.get(request.taskId);
        if (!send) return;
        if (update.type === 'done' || update.type === 'failed' || update.type === 'cancelled') this.live.delete(request.taskId);
        send(update);
      }
    })();
  }

  cancel(taskId: string, reason: string): void {
    this.cancelled.push({ taskId, reason });
    const send = this.live.get(taskId);
    this.live.delete(taskId);
    if (send) setTimeout(() => send({ taskId, type: 'cancelled', reason }), 0);
  }

  async dispose(): Promise<void> {
    this.live.clear();
  }
}
