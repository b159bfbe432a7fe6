// The engine carries out the model's schedule_timer and cancel_timers, turns malformed ones into error events, and records a timer utterance's lateness on its announce.

import { describe, expect, it } from 'vitest';
import { makeTestSession, kinds } from './sessionHarness.fake';
import { ModelEventsModel } from './modelEvents.fake';

describe('timer requests from the interaction model', () => {
  it('schedules, repeats and cancels timers the model asks for; a bad request is an error event and sets nothing', async () => {
    const model = new ModelEventsModel({
      1: [
        { kind: 'schedule_timer', payload: { dueAtMs: 1000, label: 'switch', say: 'Switch!', request: 'in 1 second say switch' } },
        { kind: 'schedule_timer', payload: { dueAtMs: 1100, label: 'go', repeatEveryMs: 600, request: 'say go every 600 ms' } },
        { kind: 'schedule_timer', payload: { dueAtMs: -5, label: 'never', request: 'in -5 minutes' } },
        { kind: 'schedule_timer', payload: { dueAtMs: 2000, label: 'flood', repeatEveryMs: 0, request: 'every 0 seconds' } },
        { kind: 'schedule_timer', payload: { dueAtMs: 400 + 25 * 3_600_000, label: 'later', request: 'in 25 hours' } },
      ],
      9: [{ kind: 'cancel_timers', payload: { repeatingOnly: true, reason: 'the user said "stop"' } }],
    });
    const { session, events } = makeTestSession({ turns: 16, extra: { model } });
    await session.run();
    const record = kinds(events, 'timer_scheduled', 'timer_due', 'timer_cancelled', 'error').map((e) => [e.kind, e.turn, e.atMs, e.payload]);
    expect(record).toEqual([
      ['error', 1, 400, { where: 'model_event schedule_timer', message: expect.stringContaining('dueAtMs, a finite media time ≥ 0 ms; got -5') }],
      ['error', 1, 400, { where: 'model_event schedule_timer', message: expect.stringContaining('repeatEveryMs must be from 200 ms to 24 h; got 0') }],
      ['error', 1, 400, { where: 'model_event schedule_timer', message: expect.stringContaining('more than 24 h after now') }],
      ['timer_scheduled', 2, 400, { id: 't0', dueAtMs: 1000, label: 'switch', say: 'Switch!' }],
      ['timer_scheduled', 2, 400, { id: 't1', dueAtMs: 1100, label: 'go', repeatEveryMs: 600 }],
      ['timer_due', 5, 1000, { id: 't0', label: 'switch', say: 'Switch!' }],
      ['timer_due', 5, 1100, { id: 't1', label: 'go' }],
      ['timer_due', 8, 1700, { id: 't1', label: 'go' }],
      ['timer_cancelled', 10, 2000, { id: 't1', label: 'go' }],
    ]);
  });

  it('adds lateMs (play start − due moment) to an announce of a timer', async () => {
    const model = new ModelEventsModel({ 6: [{ kind: 'announce', payload: { timerId: 't0', dueAtMs: 1230 } }] });
    const { session, events } = makeTestSession({ turns: 8, extra: { model } });
    await session.run();
    expect(kinds(events, 'model_event').map((e) => [e.turn, e.atMs, e.payload])).toEqual([[6, 1400, { event: 'announce', timerId: 't0', dueAtMs: 1230, lateMs: 170 }]]);
  });
});
