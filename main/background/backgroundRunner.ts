// The BackgroundRunner the engine talks to: builds each task's context package and runs it on a ChatProvider (in a worker thread in the app).

import type { BackgroundRunner, BackgroundTaskRequest } from '../../common/background';
import type { BackgroundUpdatePayload } from '../../common/timeline';
import { DEFAULT_TASK_OPTIONS, runBackgroundTask, type BackgroundTaskOptions } from './backgroundTask';
import type { ChatProvider } from './chatProvider';
import { buildContextPackage, DEFAULT_CONTEXT_BUDGET, type ContextBudget } from './contextPackage';
import { NO_TOOLS, type ToolHost } from './toolHost';

export interface ProviderRunnerOptions {
  tools?: ToolHost;
  budget?: ContextBudget;
  task?: Partial<BackgroundTaskOptions>;
}

/**
 * Runs tasks on `provider`. The provider does the heavy part (the network or inference; a WorkerChatProvider
 * keeps it on another thread); tool calls run here, next to the registry, and never block a tick (all async).
 */
export class ProviderBackgroundRunner implements BackgroundRunner {
  readonly description: string;
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly provider: ChatProvider,
    private readonly options: ProviderRunnerOptions = {},
  ) {
    this.description = provider.description;
  }

  start(request: BackgroundTaskRequest, onUpdate: (update: BackgroundUpdatePayload) => void): void {
    const controller = new AbortController();
    this.running.set(request.taskId, controller);
    const taskOptions = { ...DEFAULT_TASK_OPTIONS, ...this.options.task, fromVisualContent: request.fromVisualContent === true };
    // Deferred: the contract promises no update synchronously inside start().
    setImmediate(() => {
      let pkg;
      try {
        pkg = buildContextPackage(request.taskId, request.query, request.context, this.options.budget ?? DEFAULT_CONTEXT_BUDGET);
      } catch (error) {
        this.running.delete(request.taskId);
        onUpdate({ taskId: request.taskId, type: 'failed', error: `Could not build the context package: ${(error as Error)?.message ?? String(error)}`, code: 'provider_error' });
        return;
      }
      void runBackgroundTask(pkg, this.provider, this.options.tools ?? NO_TOOLS, controller.signal, (update) => {
        try {
          onUpdate(update);
        } catch {
          // The session's listener never throws; if it did, the task must still end cleanly.
        }
      }, taskOptions).finally(() => this.running.delete(request.taskId));
    });
  }

  cancel(taskId: string, reason: string): void {
    this.running.get(taskId)?.abort(reason);
  }

  async dispose(): Promise<void> {
    for (const controller of this.running.values()) controller.abort('the session ended');
    this.running.clear();
    await this.provider.dispose();
  }
}
