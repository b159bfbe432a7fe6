// The background-tasks panel: each task the background model works on, with its status, streamed answer, tool calls and elapsed time.

import { taskElapsedMs, type BackgroundTasksView } from '../state/backgroundTasks';

export function BackgroundTasks({ view, nowMs }: { view: BackgroundTasksView; nowMs: number }) {
  if (view.tasks.length === 0) {
    return (
      <div className="tasks" data-testid="tasks-empty">
        <p className="empty">No background tasks.</p>
        <p className="hint">When Tandem hands a question to its background model, the task shows up here while it works: its answer as it streams, the tools it calls and how long it has been running.</p>
        {view.malformed > 0 ? <p className="hint">{view.malformed} background updates could not be read.</p> : null}
      </div>
    );
  }
  return (
    <ol className="tasks" data-testid="tasks">
      {[...view.tasks].reverse().map((task) => (
        <li key={task.taskId} className={`task task-${task.status}`} data-testid="task">
          <div className="task-head">
            <strong>{task.title}</strong>
            <span className="task-status">{task.status}</span>
            <span className="task-elapsed">{(taskElapsedMs(task, nowMs) / 1000).toFixed(1)} s</span>
          </div>
          {task.query && task.query !== task.title ? <p className="task-query">{task.query}</p> : null}
          {task.toolCalls.map((call) => (
            <p key={call.callId} className="task-tool">
              <code>{call.name}({JSON.stringify(call.arguments)})</code>
              {call.result ? <span className={call.result.ok ? 'ok' : 'failed'}> → {call.result.result}</span> : <span> …</span>}
            </p>
          ))}
          {task.text ? <p className="task-text">{task.text}</p> : null}
          {task.reason ? <p className="task-reason">{task.reason}</p> : null}
        </li>
      ))}
    </ol>
  );
}

