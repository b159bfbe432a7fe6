// Timers that fall due inside a micro-turn: the engine's scheduler, exact in virtual and real time.

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
