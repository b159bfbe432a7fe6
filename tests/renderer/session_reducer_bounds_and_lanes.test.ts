// The session store's pure reducers: events merged by seq and bounded, ticks bounded, lanes paired from speech events.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent, TimelineKind } from '../../common/timeline';
import {
  MAX_TICK_MEASURES,
  MAX_TIMELINE_EVENTS,
  applySync,
  applyTickMeasure,
  applyTimelineEvent,
  applyTimelineEvents,
  initialSessionView,
  laneSegments,
} from '../../renderer/src/state/sessionReducer';

const event = (seq: number, kind: TimelineKind, atMs = seq * 200, payload: Record<string, unknown> = {}): TimelineEvent => ({
  seq, turn: Math.floor(atMs / 200), atMs, source: 'engine', kind, payload,
});

describe('session reducer', () => {
  it('keeps events in seq order and ignores a seq it already holds', () => {
    let view = applyTimelineEvent(initialSessionView, event(2, 'action'));
    view = applyTimelineEvent(view, event(0, 'session_started'));
    view = applyTimelineEvents(view, [event(1, 'audio_chunk'), event(2, 'action')]);
    expect(view.events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('keeps only the last MAX_TIMELINE_EVENTS events', () => {
    const many = Array.from({ length: MAX_TIMELINE_EVENTS + 5 }, (_, i) => event(i, 'audio_chunk'));
    const view = applyTimelineEvents(initialSessionView, many);
    expect(view.events).toHaveLength(MAX_TIMELINE_EVENTS);
    expect(view.events[0].seq).toBe(5);
  });

  it('keeps the last MAX_TICK_MEASURES tick measures', () => {
    let view = initialSessionView;
    for (let turn = 0; turn < MAX_TICK_MEASURES + 10; turn++) view = applyTickMeasure(view, { turn, latenessMs: 0, stepMs: 1, overheadMs: 0 });
    expect(view.ticks).toHaveLength(MAX_TICK_MEASURES);
    expect(view.ticks[0].turn).toBe(10);
  });

  it('a sync sets the status and merges the missed events; error events become errors once', () => {
    const before = applyTimelineEvent(initialSessionView, event(0, 'session_started'));
    const sync = { status: { state: 'running' as const, turn: 7 }, truncated: false, events: [event(0, 'session_started'), event(1, 'error', 200, { message: 'mic step failed' })] };
    const after = applySync(applySync(before, sync), sync);
    expect(after.status).toEqual({ state: 'running', turn: 7 });
    expect(after.events.map((e) => e.seq)).toEqual([0, 1]);
    expect(after.errors).toEqual(['turn 1: mic step failed']);
  });
});

describe('laneSegments', () => {
  it('pairs user and assistant speech, marks backchannels and cuts, leaves an open segment open', () => {
    const segments = laneSegments([
      event(0, 'user_speech_started', 400),
      event(1, 'assistant_speech_started', 800, { utteranceKind: 'backchannel', text: 'mm-hm' }),
      event(2, 'assistant_speech_ended', 1000),
      event(3, 'user_speech_ended', 1600),
      event(4, 'assistant_speech_started', 1800, { text: 'Sure.' }),
      event(5, 'assistant_speech_cut', 2200),
      event(6, 'user_speech_started', 2400),
    ]);
    expect(segments).toEqual([
      { lane: 'user', kind: 'speech', startMs: 400, endMs: 1600 },
      { lane: 'assistant', kind: 'backchannel', startMs: 800, endMs: 1000, text: 'mm-hm' },
      { lane: 'assistant', kind: 'cut', startMs: 1800, endMs: 2200, text: 'Sure.' },
      { lane: 'user', kind: 'speech', startMs: 2400, endMs: undefined },
    ]);
  });
});

describe('status turn', () => {
  it('follows the tick measures between status events and never goes back within a state', async () => {
    const { applyStatus } = await import('../../renderer/src/state/sessionReducer');
    let view = applyStatus(initialSessionView, { state: 'running', turn: 0 });
    view = applyTickMeasure(view, { turn: 12, latenessMs: 0, stepMs: 2, overheadMs: 0 });
    expect(view.status).toEqual({ state: 'running', turn: 12 });
    view = applyStatus(view, { state: 'running', turn: 5 });
    expect(view.status).toEqual({ state: 'running', turn: 12 });
    view = applyStatus(view, { state: 'paused', turn: 13 });
    expect(view.status).toEqual({ state: 'paused', turn: 13 });
  });
});

describe('a new session', () => {
  it('replaces the previous session\'s events and ticks when its session_started arrives', () => {
    let view = applyTimelineEvents(initialSessionView, [event(0, 'session_started', 0, { id: 'a' }), event(1, 'user_speech_started')]);
    view = applyTickMeasure(view, { turn: 40, latenessMs: 0, stepMs: 1, overheadMs: 0 });
    view = applyTimelineEvent(view, event(0, 'session_started', 0, { id: 'a' }));
    expect(view.events).toHaveLength(2); // the same session's start again (a sync) changes nothing
    view = applyTimelineEvent(view, event(0, 'session_started', 0, { id: 'b' }));
    expect(view.events.map((e) => e.payload)).toEqual([{ id: 'b' }]);
    expect(view.ticks).toEqual([]);
  });
});
