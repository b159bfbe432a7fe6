// Reminders in the session: scheduling and cancelling are on the timeline in the chunk they happened in, repeats reschedule, a cancel ends them.

import { describe, expect, it } from 'vitest';
import { TimerScheduler } from '../../../main/engine/timerScheduler';
import { kinds, makeTestSession } from './sessionHarness.fake';

describe('TimerScheduler repeats', () => {
  it('reschedules a repeating timer under the same id, once per takeDue even when the period is shorter than the window', () => {
    const scheduler = new TimerScheduler();
    scheduler.schedule(100, { label: 'a' }, undefined, 300);
    scheduler.schedule(250, { label: 'b' });
    expect(scheduler.takeDue(200).map((t) => [t.id, t.dueMs])).toEqual([['t0', 100]]);
    expect(scheduler.pending().map((t) => [t.id, t.dueMs])).toEqual([['t1', 250], ['t0', 400]]);
    // A window that skips several periods fires once and lands on the next period at or after it.
    expect(scheduler.takeDue(1_050).map((t) => [t.id, t.dueMs])).toEqual([['t1', 250], ['t0', 400]]);
    expect(scheduler.pending().map((t) => [t.id, t.dueMs])).toEqual([['t0', 1_300]]);
    expect(scheduler.cancel('t0')).toBe(true);
    expect(scheduler.pending()).toEqual([]);
  });

  it('refuses a period that is not a positive finite number', () => {
    const scheduler = new TimerScheduler();
    expect(() => scheduler.schedule(0, {}, undefined, 0)).toThrow(/period > 0 ms/);
    expect(() => scheduler.schedule(0, {}, undefined, Number.NaN)).toThrow(/period > 0 ms/);
  });
});

describe('session reminders', () => {
  it('records timer_scheduled, falls due every period with its text, and a cancel stops the repeats', async () => {
    let id = '';
    const { session, events, model } = makeTestSession({
      turns: 20,
      inputProvider: {
        beforeClose(s, turn, fromMs) {
          if (turn === 1) id = s.scheduleReminder(fromMs + 30, fromMs + 30 + 800, 'stretch', 1_000).id;
          if (turn === 12) expect(s.cancelTimer(fromMs + 10, id)).toBe(true);
          if (turn === 13) expect(s.cancelTimer(fromMs, id)).toBe(false);
        },
      },
    });
    await session.run();
    expect(kinds(events, 'timer_scheduled', 'timer_due', 'timer_cancelled')).toEqual([
      { turn: 1, atMs: 230, kind: 'timer_scheduled', payload: { id: 't0', dueAtMs: 1_030, label: 'stretch', repeatEveryMs: 1_000 } },
      { turn: 5, atMs: 1_030, kind: 'timer_due', payload: { id: 't0', label: 'stretch' } },
      { turn: 10, atMs: 2_030, kind: 'timer_due', payload: { id: 't0', label: 'stretch' } },
      { turn: 12, atMs: 2_410, kind: 'timer_cancelled', payload: { id: 't0', label: 'stretch' } },
    ]);
    // The model sees the timer when it falls due, never the scheduling records.
    expect(model.inputs.flatMap((input) => input.events.map((event) => [input.turn, event.kind]))).toEqual([[5, 'timer_due'], [10, 'timer_due']]);
    expect(session.timers.pending()).toEqual([]);
  });
});
