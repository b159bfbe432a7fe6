// When a window's renderer process dies: a pure decision to reload the page, or, after repeated crashes, to stop and ask the user.

/** Reloads allowed within RENDERER_CRASH_WINDOW_MS; one more crash in that window shows a dialog instead of a crash loop. */
export const MAX_RENDERER_RELOADS_IN_WINDOW = 2;
export const RENDERER_CRASH_WINDOW_MS = 60_000;

/** Electron's render-process-gone details, as far as the decision needs them. */
export interface RendererGone {
  reason: string;
  exitCode: number;
  atMs: number;
}

export type RendererCrashDecision =
  /** The page is reloaded; the engine kept the session running and the page resyncs it. */
  | { action: 'reload'; crashesAtMs: number[] }
  /** Crashing again and again: reloading would only loop, so the user is asked (message says what happened and what to do). */
  | { action: 'askUser'; crashesAtMs: number[]; message: string }
  /** The renderer ended normally (the window is closing): nothing to do. */
  | { action: 'ignore'; crashesAtMs: number[] };

/** `crashesAtMs` is what the previous decision returned for the same window (empty at first). */
export function decideRendererCrash(crashesAtMs: readonly number[], gone: RendererGone): RendererCrashDecision {
  if (gone.reason === 'clean-exit') return { action: 'ignore', crashesAtMs: [...crashesAtMs] };
  const recent = [...crashesAtMs.filter((atMs) => gone.atMs - atMs < RENDERER_CRASH_WINDOW_MS), gone.atMs];
  if (recent.length > MAX_RENDERER_RELOADS_IN_WINDOW) {
    return {
      action: 'askUser',
      crashesAtMs: recent,
      message:
        `The Tandem window stopped ${recent.length} times within ${RENDERER_CRASH_WINDOW_MS / 1000} s (last: ${gone.reason}, exit code ${gone.exitCode}). ` +
        'Your session keeps running in the engine. Reload the window to try again, or close it and check the log.',
    };
  }
  return { action: 'reload', crashesAtMs: recent };
}
