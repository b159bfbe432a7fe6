// A crashed window is reloaded; a third crash within a minute asks the user instead of looping; a clean exit is left alone.

import { describe, expect, it } from 'vitest';
import { decideRendererCrash, MAX_RENDERER_RELOADS_IN_WINDOW, RENDERER_CRASH_WINDOW_MS, type RendererCrashDecision } from '../../../main/app/rendererCrashPolicy';

function replay(crashes: Array<{ atMs: number; reason?: string }>): RendererCrashDecision[] {
  let history: number[] = [];
  return crashes.map(({ atMs, reason = 'crashed' }) => {
    const decision = decideRendererCrash(history, { atMs, reason, exitCode: 11 });
    history = decision.crashesAtMs;
    return decision;
  });
}

describe('renderer crash policy', () => {
  it('reloads twice within the window, then asks the user with what happened and what to do', () => {
    expect(MAX_RENDERER_RELOADS_IN_WINDOW).toBe(2);
    const decisions = replay([{ atMs: 1_000 }, { atMs: 5_000, reason: 'oom' }, { atMs: 9_000, reason: 'killed' }]);
    expect(decisions.map((d) => d.action)).toEqual(['reload', 'reload', 'askUser']);
    expect(decisions[2]).toEqual({
      action: 'askUser',
      crashesAtMs: [1_000, 5_000, 9_000],
      message:
        'The Tandem window stopped 3 times within 60 s (last: killed, exit code 11). Your session keeps running in the engine. Reload the window to try again, or close it and check the log.',
    });
  });

  it('forgets crashes older than the window, so occasional crashes always reload', () => {
    const decisions = replay([{ atMs: 0 }, { atMs: 30_000 }, { atMs: 30_000 + RENDERER_CRASH_WINDOW_MS }, { atMs: 40_000 + RENDERER_CRASH_WINDOW_MS }]);
    expect(decisions.map((d) => d.action)).toEqual(['reload', 'reload', 'reload', 'reload']);
    expect(decisions[2].crashesAtMs).toEqual([30_000 + RENDERER_CRASH_WINDOW_MS]);
    expect(decisions[3].crashesAtMs).toEqual([30_000 + RENDERER_CRASH_WINDOW_MS, 40_000 + RENDERER_CRASH_WINDOW_MS]);
  });

  it('ignores a clean exit and does not count it', () => {
    const decisions = replay([{ atMs: 0 }, { atMs: 1_000, reason: 'clean-exit' }, { atMs: 2_000 }]);
    expect(decisions.map((d) => [d.action, d.crashesAtMs])).toEqual([
      ['reload', [0]],
      ['ignore', [0]],
      ['reload', [0, 2_000]],
    ]);
  });
});
