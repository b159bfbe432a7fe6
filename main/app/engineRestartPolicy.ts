// When the engine's utility process dies: a pure (state, event) → { state, commands } reducer that decides whether to restart it.

/** Restarts allowed inside RESTART_WINDOW_MS before main gives up and reports the engine as failed. */
export const MAX_RESTARTS_IN_WINDOW = 3;
export const RESTART_WINDOW_MS = 60_000;

export type EngineProcessState =
  | { phase: 'stopped' }
  | { phase: 'starting'; restartsAtMs: number[]; resumeSession: boolean; crashExitCode?: number }
  | { phase: 'running'; restartsAtMs: number[]; sessionRunning: boolean }
  | { phase: 'failed'; reason: string };

export type EngineProcessEvent =
  | { kind: 'launch' }
  | { kind: 'ready' }
  | { kind: 'sessionStarted' }
  | { kind: 'sessionStopped' }
  | { kind: 'exited'; code: number; atMs: number }
  | { kind: 'shutdown' };

export type EngineProcessCommand =
  | { kind: 'spawn' }
  | { kind: 'kill' }
  | { kind: 'startSession'; reason: 'restartAfterCrash'; exitCode: number }
  | { kind: 'report'; message: string };

export interface EngineProcessStep {
  state: EngineProcessState;
  commands: EngineProcessCommand[];
}

export const initialEngineProcessState: EngineProcessState = { phase: 'stopped' };

export function stepEngineProcess(state: EngineProcessState, event: EngineProcessEvent): EngineProcessStep {
  switch (event.kind) {
    case 'launch':
      if (state.phase !== 'stopped') return { state, commands: [] };
      return { state: { phase: 'starting', restartsAtMs: [], resumeSession: false }, commands: [{ kind: 'spawn' }] };
    case 'ready':
      if (state.phase !== 'starting') return { state, commands: [] };
      // A session that was running when the engine died continues as a new session; the timeline says so.
      return {
        state: { phase: 'running', restartsAtMs: state.restartsAtMs, sessionRunning: state.resumeSession },
        // resumeSession is only ever set by an exit, which records its code.
        commands: state.resumeSession ? [{ kind: 'startSession', reason: 'restartAfterCrash', exitCode: state.crashExitCode ?? -1 }] : [],
      };
    case 'sessionStarted':
    case 'sessionStopped':
      if (state.phase !== 'running') return { state, commands: [] };
      return { state: { ...state, sessionRunning: event.kind === 'sessionStarted' }, commands: [] };
    case 'shutdown':
      if (state.phase === 'stopped' || state.phase === 'failed') return { state: { phase: 'stopped' }, commands: [] };
      return { state: { phase: 'stopped' }, commands: [{ kind: 'kill' }] };
    case 'exited': {
      if (state.phase !== 'running' && state.phase !== 'starting') return { state, commands: [] };
      const recent = state.restartsAtMs.filter((atMs) => event.atMs - atMs < RESTART_WINDOW_MS);
      if (recent.length >= MAX_RESTARTS_IN_WINDOW) {
        const reason = `the engine process exited with code ${event.code} after ${recent.length} restarts within ${RESTART_WINDOW_MS / 1000} s; not restarting it. Check the log, then restart Tandem.`;
        return { state: { phase: 'failed', reason }, commands: [{ kind: 'report', message: reason }] };
      }
      const resumeSession = state.phase === 'running' ? state.sessionRunning : state.resumeSession;
      return {
        state: { phase: 'starting', restartsAtMs: [...recent, event.atMs], resumeSession, crashExitCode: event.code },
        commands: [
          { kind: 'report', message: `the engine process exited with code ${event.code}; restarting it` },
          { kind: 'spawn' },
        ],
      };
    }
  }
}
