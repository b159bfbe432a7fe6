// The replay cursor of a recorded session as a pure reducer: play, pause, speed, scrub, and elapsed wall time in; the media position out.

/** Replay speeds the control offers. */
export const REPLAY_SPEEDS = [1, 4] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayCursor {
  /** Media time shown, in ms since the session started; always within [0, durationMs]. */
  positionMs: number;
  durationMs: number;
  playing: boolean;
  speed: ReplaySpeed;
}

export type ReplayCursorEvent =
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'setSpeed'; speed: ReplaySpeed }
  | { kind: 'scrub'; positionMs: number }
  /** Wall time passed since the last tick (the view's timer supplies it; the reducer keeps no clock). */
  | { kind: 'tick'; elapsedMs: number };

export function initialReplayCursor(durationMs: number): ReplayCursor {
  return { positionMs: 0, durationMs: Math.max(0, durationMs), playing: false, speed: 1 };
}

const clamp = (ms: number, durationMs: number) => Math.min(durationMs, Math.max(0, Number.isFinite(ms) ? ms : 0));

export function replayCursorReducer(cursor: ReplayCursor, event: ReplayCursorEvent): ReplayCursor {
  switch (event.kind) {
    case 'play':
      // Play at the end starts over, as media players do.
      if (cursor.durationMs === 0) return cursor;
      return { ...cursor, playing: true, positionMs: cursor.positionMs >= cursor.durationMs ? 0 : cursor.positionMs };
    case 'pause':
      return cursor.playing ? { ...cursor, playing: false } : cursor;
    case 'setSpeed':
      return { ...cursor, speed: event.speed };
    case 'scrub':
      // Scrubbing keeps playing or paused as it was.
      return { ...cursor, positionMs: clamp(event.positionMs, cursor.durationMs) };
    case 'tick': {
      if (!cursor.playing || event.elapsedMs <= 0) return cursor;
      const positionMs = clamp(cursor.positionMs + event.elapsedMs * cursor.speed, cursor.durationMs);
      // Reaching the end stops there, so the last frame stays on screen.
      return { ...cursor, positionMs, playing: positionMs < cursor.durationMs };
    }
  }
}
