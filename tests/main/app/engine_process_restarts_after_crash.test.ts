// The engine's utility process: restarted when it dies, the running session continued as a new one, given up after repeated crashes.

import { describe, expect, it } from 'vitest';
import {
  initialEngineProcessState,
  MAX_RESTARTS_IN_WINDOW,
  RESTART_WINDOW_MS,
  stepEngineProcess,
  type EngineProcessCommand,
  type EngineProcessEvent,
  type EngineProcessState,
} from '../../../main/app/engineRestartPolicy';

/** Replays events from the initial state; returns the final state and every command, in order. */
function replay(events: EngineProcessEvent[]): { state: EngineProcessState; commands: EngineProcessCommand['kind'][] } {
  let state = initialEngineProcessState;
  const commands: EngineProcessCommand['kind'][] = [];
  for (const event of events) {
    const step = stepEngineProcess(state, event);
    state = step.state;
    commands.push(...step.commands.map((command) => command.kind));
  }
  return { state, commands };
}

describe('engine process restart policy', () => {
  it('spawns once on launch and waits for ready', () => {
    expect(replay([{ kind: 'launch' }, { kind: 'launch' }])).toEqual({
      state: { phase: 'starting', restartsAtMs: [], resumeSession: false },
      commands: ['spawn'],
    });
  });

  it('restarts a crashed engine and starts a new session when one was running', () => {
    const result = replay([
      { kind: 'launch' },
      { kind: 'ready' },
      { kind: 'sessionStarted' },
      { kind: 'exited', code: 139, atMs: 10_000 },
      { kind: 'ready' },
    ]);
    expect(result.commands).toEqual(['spawn', 'report', 'spawn', 'startSession']);
    expect(result.state).toEqual({ phase: 'running', restartsAtMs: [10_000], sessionRunning: true });
  });

  it('hands the exit code of the last crash to the session it starts', () => {
    let state = initialEngineProcessState;
    const commands: EngineProcessCommand[] = [];
    for (const event of [
      { kind: 'launch' },
      { kind: 'ready' },
      { kind: 'sessionStarted' },
      { kind: 'exited', code: 139, atMs: 1_000 },
      { kind: 'exited', code: 134, atMs: 2_000 },
      { kind: 'ready' },
    ] satisfies EngineProcessEvent[]) {
      const step = stepEngineProcess(state, event);
      state = step.state;
      commands.push(...step.commands);
    }
    expect(commands.at(-1)).toEqual({ kind: 'startSession', reason: 'restartAfterCrash', exitCode: 134 });
  });

  it('restarts without a session when none was running', () => {
    const result = replay([{ kind: 'launch' }, { kind: 'ready' }, { kind: 'sessionStarted' }, { kind: 'sessionStopped' }, { kind: 'exited', code: 1, atMs: 5 }, { kind: 'ready' }]);
    expect(result.commands).toEqual(['spawn', 'report', 'spawn']);
  });

  it('keeps the session to resume when the engine dies again before it was ready', () => {
    const result = replay([
      { kind: 'launch' },
      { kind: 'ready' },
      { kind: 'sessionStarted' },
      { kind: 'exited', code: 1, atMs: 1_000 },
      { kind: 'exited', code: 1, atMs: 2_000 },
      { kind: 'ready' },
    ]);
    expect(result.commands).toEqual(['spawn', 'report', 'spawn', 'report', 'spawn', 'startSession']);
  });

  it(`gives up after ${MAX_RESTARTS_IN_WINDOW} restarts inside the window and says so`, () => {
    const crashes: EngineProcessEvent[] = [];
    for (let i = 0; i <= MAX_RESTARTS_IN_WINDOW; i++) crashes.push({ kind: 'exited', code: 1, atMs: i * 1_000 }, { kind: 'ready' });
    const result = replay([{ kind: 'launch' }, { kind: 'ready' }, ...crashes]);
    expect(result.state.phase).toBe('failed');
    expect(result.commands.filter((kind) => kind === 'spawn')).toHaveLength(1 + MAX_RESTARTS_IN_WINDOW);
    expect(result.commands.at(-1)).toBe('report');
  });

  it('forgets crashes older than the window', () => {
    const crashes: EngineProcessEvent[] = [];
    for (let i = 0; i <= MAX_RESTARTS_IN_WINDOW; i++) crashes.push({ kind: 'exited', code: 1, atMs: i * RESTART_WINDOW_MS }, { kind: 'ready' });
    const result = replay([{ kind: 'launch' }, { kind: 'ready' }, ...crashes]);
    expect(result.state.phase).toBe('running');
  });

  it('kills the process on shutdown and ignores its exit afterwards', () => {
    const result = replay([{ kind: 'launch' }, { kind: 'ready' }, { kind: 'shutdown' }, { kind: 'exited', code: 0, atMs: 1 }]);
    expect(result).toEqual({ state: { phase: 'stopped' }, commands: ['spawn', 'kill'] });
  });
});
