// Timers that fall due inside a micro-turn: the engine's scheduler, exact in virtual and real time.

import { MICRO_TURN_MS } from '../../common/microturn';

/** The furthest ahead (and the longest period) a model's schedule_timer may ask for: a day, like the models' own limit. */
export const MAX_TIMER_AHEAD_MS = 24 * 60 * 60 * 1000;
/** Text a timer says is capped: it is spoken and listed in the UI. */
const MAX_LABEL_CHARS = 500;

/** A schedule_timer request read and checked (see validateTimerRequest). */
export interface TimerRequest {
  dueAtMs: number;
  label: string;
  /** The exact sentence to say when it falls due, when the model gave one. */
  say?: string;
  repeatEveryMs?: number;
}

/**
 * Checks a schedule_timer payload from an interaction model against the session's time `nowMs`: a finite due
 * time, not before the session started and at most MAX_TIMER_AHEAD_MS ahead; a period (when repeating) of at
 * least one micro-turn and at most a day; a non-empty label. Returns what is wrong as a sentence instead of
 * throwing: a model's bad request must not stop the session.
 */
export function validateTimerRequest(payload: Record<string, unknown>, nowMs: number): { ok: true; request: TimerRequest } | { ok: false; message: string } {
  const { dueAtMs, label, say, repeatEveryMs } = payload;
  if (typeof dueAtMs !== 'number' || !Number.isFinite(dueAtMs) || dueAtMs < 0) {
    return { ok: false, message: `schedule_timer needs dueAtMs, a finite media time ≥ 0 ms; got ${JSON.stringify(dueAtMs) ?? 'nothing'}. The timer was not set.` };
  }
  if (dueAtMs > nowMs + MAX_TIMER_AHEAD_MS) {
    return { ok: false, message: `schedule_timer dueAtMs ${dueAtMs} ms is more than 24 h after now (${nowMs} ms). The timer was not set.` };
  }
  if (repeatEveryMs !== undefined && (typeof repeatEveryMs !== 'number' || !Number.isFinite(repeatEveryMs) || repeatEveryMs < MICRO_TURN_MS || repeatEveryMs > MAX_TIMER_AHEAD_MS)) {
    return { ok: false, message: `schedule_timer repeatEveryMs must be from ${MICRO_TURN_MS} ms to 24 h; got ${JSON.stringify(repeatEveryMs)}. The timer was not set.` };
  }
  if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL_CHARS) {
    return { ok: false, message: `schedule_timer needs a label, a non-empty text of at most ${MAX_LABEL_CHARS} characters. The timer was not set.` };
  }
  if (say !== undefined && (typeof say !== 'string' || say.trim() === '' || say.length > MAX_LABEL_CHARS)) {
    return { ok: false, message: `schedule_timer say, when given, must be a non-empty text of at most ${MAX_LABEL_CHARS} characters. The timer was not set.` };
  }
  return {
    ok: true,
    request: { dueAtMs, label: label.trim(), ...(say !== undefined ? { say: (say as string).trim() } : {}), ...(repeatEveryMs !== undefined ? { repeatEveryMs: repeatEveryMs as number } : {}) },
  };
}

export interface ScheduledTimer {
  id: string;
  /** Media time at which the timer is due. */
  dueMs: number;
  payload: Record<string, unknown>;
  /** A repeating timer is scheduled again this long after each time it fell due. */
  repeatEveryMs?: number;
}

/** Timers ordered by due time (ties by insertion); each enters the input of the micro-turn it falls in. */
export class TimerScheduler {
  private timers: ScheduledTimer[] = [];
  private nextId = 0;

  schedule(dueMs: number, payload: Record<string, unknown>, id = `t${this.nextId++}`, repeatEveryMs?: number): ScheduledTimer {
    if (!Number.isFinite(dueMs) || dueMs < 0) throw new RangeError(`Timer due time must be a finite time ≥ 0 ms, got ${dueMs}`);
    if (repeatEveryMs !== undefined && !(Number.isFinite(repeatEveryMs) && repeatEveryMs > 0)) {
      throw new RangeError(`A repeating timer needs a finite period > 0 ms, got ${repeatEveryMs}`);
    }
    const timer: ScheduledTimer = { id, dueMs, payload, ...(repeatEveryMs !== undefined ? { repeatEveryMs } : {}) };
    this.insert(timer);
    return timer;
  }

  cancel(id: string): boolean {
    const before = this.timers.length;
    this.timers = this.timers.filter((timer) => timer.id !== id);
    return this.timers.length !== before;
  }

  /**
   * Removes and returns the timers due before `untilMs` (exclusive). A repeating timer comes back under
   * the same id at its next due time at or after `untilMs`: it falls due at most once per call, so a
   * period shorter than a micro-turn cannot flood one turn.
   */
  takeDue(untilMs: number): ScheduledTimer[] {
    let count = 0;
    while (count < this.timers.length && this.timers[count].dueMs < untilMs) count++;
    if (count === 0) return [];
    const due = this.timers.splice(0, count);
    for (const timer of due) {
      if (timer.repeatEveryMs === undefined) continue;
      let next = timer.dueMs + timer.repeatEveryMs;
      if (next < untilMs) next += Math.ceil((untilMs - next) / timer.repeatEveryMs) * timer.repeatEveryMs;
      this.insert({ ...timer, dueMs: next });
    }
    return due;
  }

  pending(): readonly ScheduledTimer[] {
    return this.timers;
  }

  private insert(timer: ScheduledTimer): void {
    let index = this.timers.length;
    while (index > 0 && this.timers[index - 1].dueMs > timer.dueMs) index--;
    this.timers.splice(index, 0, timer);
  }
}
