// Timers that fall due inside a micro-turn: the engine's scheduler, exact in virtual and real time.

export interface ScheduledTimer {
  id: string;
  /** Media time at which the timer is due. */
  dueMs: number;
  payload: Record<string, unknown>;
}

/** Timers ordered by due time (ties by insertion); each enters the input of the micro-turn it falls in. */
export class TimerScheduler {
  private timers: ScheduledTimer[] = [];
  private nextId = 0;

  schedule(dueMs: number, payload: Record<string, unknown>, id = `t${this.nextId++}`): ScheduledTimer {
    if (!Number.isFinite(dueMs) || dueMs < 0) throw new RangeError(`Timer due time must be a finite time ≥ 0 ms, got ${dueMs}`);
    const timer = { id, dueMs, payload };
    let index = this.timers.length;
    while (index > 0 && this.timers[index - 1].dueMs > dueMs) index--;
    this.timers.splice(index, 0, timer);
    return timer;
  }

  cancel(id: string): boolean {
    const before = this.timers.length;
    this.timers = this.timers.filter((timer) => timer.id !== id);
    return this.timers.length !== before;
  }

  /** Removes and returns the timers due before `untilMs` (exclusive). */
  takeDue(untilMs: number): ScheduledTimer[] {
    let count = 0;
    while (count < this.timers.length && this.timers[count].dueMs < untilMs) count++;
    return count === 0 ? [] : this.timers.splice(0, count);
  }

  pending(): readonly ScheduledTimer[] {
    return this.timers;
  }
}
