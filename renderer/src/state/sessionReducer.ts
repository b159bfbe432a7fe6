// The renderer's session state as pure functions: what the bridge reports goes in, bounded lists come out.

import type { SessionStatus, SyncResponse, TickMeasure } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';

/** Timeline events kept in memory for the view; older ones remain in the engine's log. */
export const MAX_TIMELINE_EVENTS = 2_000;
/** Tick measures kept for the heartbeat chart (30 s at 200 ms). */
export const MAX_TICK_MEASURES = 150;
export const MAX_ERRORS = 20;

export interface SessionView {
  status: SessionStatus | undefined;
  events: TimelineEvent[];
  ticks: TickMeasure[];
  errors: string[];
}

export const initialSessionView: SessionView = { status: undefined, events: [], ticks: [], errors: [] };

export function applyStatus(view: SessionView, status: SessionStatus): SessionView {
  // A status can arrive after ticks of a later turn (a sync answer in flight); the turn never goes back within a session.
  const turn = view.status && view.status.state === status.state ? Math.max(view.status.turn, status.turn) : status.turn;
  return { ...view, status: { ...status, turn } };
}

/** Adds an event in seq order; a seq already held is ignored, so live events and a sync may overlap. */
export function applyTimelineEvent(view: SessionView, event: TimelineEvent): SessionView {
  return applyTimelineEvents(view, [event]);
}

export function applyTimelineEvents(view: SessionView, incoming: readonly TimelineEvent[]): SessionView {
  if (incoming.length === 0) return view;
  // A session_started the view does not hold yet means a new session (its seqs start again): drop the old one's events.
  const started = incoming.find((event) => event.kind === 'session_started');
  if (started && !view.events.some((held) => held.seq === started.seq && sameEvent(held, started))) {
    view = { ...view, events: [], ticks: [] };
  }
  const bySeq = new Map(view.events.map((event) => [event.seq, event]));
  for (const event of incoming) bySeq.set(event.seq, event);
  const events = [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-MAX_TIMELINE_EVENTS);
  const errors = incoming
    .filter((event) => event.kind === 'error' && !view.events.some((held) => held.seq === event.seq))
    .map((event) => `turn ${event.turn}: ${String(event.payload.message ?? JSON.stringify(event.payload))}`);
  return { ...view, events, errors: errors.length ? [...view.errors, ...errors].slice(-MAX_ERRORS) : view.errors };
}

/** Records a tick; the status's turn follows it, since session:status is only sent when the state changes. */
export function applyTickMeasure(view: SessionView, measure: TickMeasure): SessionView {
  const status = view.status && measure.turn > view.status.turn ? { ...view.status, turn: measure.turn } : view.status;
  return { ...view, status, ticks: [...view.ticks, measure].slice(-MAX_TICK_MEASURES) };
}

export function applySync(view: SessionView, sync: SyncResponse): SessionView {
  return applyTimelineEvents(applyStatus(view, sync.status), sync.events);
}

export function applyError(view: SessionView, message: string): SessionView {
  return { ...view, errors: [...view.errors, message].slice(-MAX_ERRORS) };
}

export type LaneKind = 'speech' | 'backchannel' | 'cut';
export interface LaneSegment {
  lane: 'user' | 'assistant';
  kind: LaneKind;
  startMs: number;
  /** Undefined while the segment is still open. */
  endMs: number | undefined;
  text?: string;
}

/** Pairs start/end events into segments of the user lane and the assistant lane. */
export function laneSegments(events: readonly TimelineEvent[]): LaneSegment[] {
  const segments: LaneSegment[] = [];
  let user: LaneSegment | undefined;
  let assistant: LaneSegment | undefined;
  for (const event of events) {
    switch (event.kind) {
      case 'user_speech_started':
        user = { lane: 'user', kind: 'speech', startMs: event.atMs, endMs: undefined };
        segments.push(user);
        break;
      case 'user_speech_ended':
        if (user) user.endMs = event.atMs;
        user = undefined;
        break;
      case 'assistant_speech_started': {
        const kind: LaneKind = event.payload.utteranceKind === 'backchannel' ? 'backchannel' : 'speech';
        const text = typeof event.payload.text === 'string' ? event.payload.text : undefined;
        assistant = { lane: 'assistant', kind, startMs: event.atMs, endMs: undefined, text };
        segments.push(assistant);
        break;
      }
      case 'assistant_speech_ended':
        if (assistant) assistant.endMs = event.atMs;
        assistant = undefined;
        break;
      case 'assistant_speech_cut':
        if (assistant) {
          assistant.endMs = event.atMs;
          assistant.kind = 'cut';
        }
        assistant = undefined;
        break;
      default:
        break;
    }
  }
  return segments;
}

function sameEvent(a: TimelineEvent, b: TimelineEvent): boolean {
  return a.kind === b.kind && a.atMs === b.atMs && JSON.stringify(a.payload) === JSON.stringify(b.payload);
}
