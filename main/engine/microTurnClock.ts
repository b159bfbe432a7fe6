// MicroTurnClock: fires tick k at t0 + k·200 ms, on the wall clock or on a virtual clock as fast as the CPU allows.

import { setTimeout as sleep } from 'node:timers/promises';
import { MICRO_TURN_MS } from '../../common/microturn';

export interface Tick {
  turn: number;
  /** When the tick was due, in ms on the clock's own time base (virtual: media time). */
  scheduledMs: number;
  /** When it actually fired on the same time base. */
  firedMs: number;
  /** firedMs − scheduledMs; always 0 on the virtual clock. */
  latenessMs: number;
}

export type TickHandler = (tick: Tick) => Promise<void> | void;

export interface MicroTurnClock {
  readonly mode: 'virtual' | 'realtime';
  /** Ticks whose work was still running when the next tick fell due. */
  readonly overruns: number;
  /** Runs ticks until `stop()` or until `handler` has run for `maxTurns` ticks; resolves when done. */
  run(handler: TickHandler, options?: { maxTurns?: number; firstTurn?: number }): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  readonly paused: boolean;
}

/** Shared pause/stop plumbing of both clocks. */
abstract class ClockBase {
  protected stopped = false;
  protected pausedFlag = false;
  private resumeWaiters: Array<() => void> = [];
  overruns = 0;

  get paused(): boolean {
    return this.pausedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    this.onResume();
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const wake of waiters) wake();
  }

  stop(): void {
    this.stopped = true;
    this.resume();
  }

  protected onResume(): void {}

  protected waitWhilePaused(): Promise<void> | undefined {
    if (!this.pausedFlag || this.stopped) return undefined;
    return new Promise((resolve) => this.resumeWaiters.push(resolve));
  }
}

/**
 * The virtual clock: tick k happens at media time t0 + k·200 with no waiting, so files run as fast as
 * the CPU allows and every decision is the same as in real time. It yields to the event loop now and
 * then so pause/stop requests and I/O still get through.
 */
export class VirtualMicroTurnClock extends ClockBase implements MicroTurnClock {
  readonly mode = 'virtual' as const;

  constructor(private readonly periodMs = MICRO_TURN_MS, private readonly yieldEveryTurns = 25) {
    super();
  }

  async run(handler: TickHandler, options: { maxTurns?: number; firstTurn?: number } = {}): Promise<void> {
    const maxTurns = options.maxTurns ?? Number.POSITIVE_INFINITY;
    const firstTurn = options.firstTurn ?? 0;
    for (let turn = firstTurn; !this.stopped && turn - firstTurn < maxTurns; turn++) {
      const waiting = this.waitWhilePaused();
      if (waiting) await waiting;
      if (this.stopped) break;
      const atMs = turn * this.periodMs;
      await handler({ turn, scheduledMs: atMs, firedMs: atMs, latenessMs: 0 });
      if ((turn + 1) % this.yieldEveryTurns === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

const spinCell = new Int32Array(new SharedArrayBuffer(4));

/** How long before a deadline the precise wait stops sleeping and spins on the clock. */
const SPIN_WINDOW_MS = 0.3;

/**
 * Waits precisely until `deadlineMs`: Atomics.wait sleeps in the kernel (a timer wake-up through the
 * event loop is a millisecond or more late under load), and the last fraction of a millisecond is spun,
 * because a thread that is already running is not at the scheduler's mercy to be woken.
 */
function preciseWaitUntil(deadlineMs: number, now: () => number): void {
  const sleepMs = deadlineMs - now() - SPIN_WINDOW_MS;
  if (sleepMs > 0) Atomics.wait(spinCell, 0, 0, sleepMs);
  while (now() < deadlineMs) {
    // spin: at most SPIN_WINDOW_MS per tick
  }
}

/**
 * The real-time clock. Deadlines are absolute (t0 + k·200 ms), so a late tick never shifts later ones:
 * lateness is measured per tick and overruns are counted, but nothing accumulates as drift. A pause
 * re-anchors t0 so that the tick after a resume falls one period after it.
 */
export class RealtimeMicroTurnClock extends ClockBase implements MicroTurnClock {
  readonly mode = 'realtime' as const;
  private t0 = 0;
  private nextTurn = 0;

  constructor(
    private readonly periodMs = MICRO_TURN_MS,
    /** How long before a deadline the coarse timer hands over to the precise wait. */
    private readonly precisionWindowMs = 3,
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  protected override onResume(): void {
    this.t0 = this.now() + this.periodMs - this.nextTurn * this.periodMs;
  }

  async run(handler: TickHandler, options: { maxTurns?: number; firstTurn?: number } = {}): Promise<void> {
    const maxTurns = options.maxTurns ?? Number.POSITIVE_INFINITY;
    const firstTurn = options.firstTurn ?? 0;
    this.nextTurn = firstTurn;
    // The first chunk closes one period after the start: tick k is due at start + (k + 1 − first)·period.
    this.t0 = this.now() + this.periodMs - firstTurn * this.periodMs;
    while (!this.stopped && this.nextTurn - firstTurn < maxTurns) {
      const waiting = this.waitWhilePaused();
      if (waiting) await waiting;
      if (this.stopped) break;
      const turn = this.nextTurn;
      const scheduledMs = this.t0 + turn * this.periodMs;
      await this.sleepUntil(scheduledMs);
      if (this.stopped) break;
      if (this.pausedFlag) continue;
      const firedMs = this.now();
      await handler({ turn, scheduledMs, firedMs, latenessMs: firedMs - scheduledMs });
      if (this.now() > scheduledMs + this.periodMs) this.overruns++;
      this.nextTurn = turn + 1;
    }
  }

  private async sleepUntil(deadlineMs: number): Promise<void> {
    const coarseMs = deadlineMs - this.now() - this.precisionWindowMs;
    if (coarseMs > 0) await sleep(coarseMs);
    preciseWaitUntil(deadlineMs, this.now);
  }
}

export function createMicroTurnClock(mode: 'virtual' | 'realtime'): MicroTurnClock {
  return mode === 'virtual' ? new VirtualMicroTurnClock() : new RealtimeMicroTurnClock();
}
