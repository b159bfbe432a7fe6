// The zustand store the views read: fed by the bridge through the pure reducers in sessionReducer.ts.

import { create } from 'zustand';
import type { RendererBridge } from '../bridge/createBridge';
import {
  applyError,
  applyStatus,
  applySync,
  applyTickMeasure,
  applyTimelineEvent,
  initialSessionView,
  type SessionView,
} from './sessionReducer';

export const useSessionStore = create<SessionView>(() => initialSessionView);

/** Subscribes the store to a bridge and catches up once with session:sync; returns the unsubscribe. */
export function connectStore(bridge: RendererBridge): () => void {
  const set = (update: (view: SessionView) => SessionView) => useSessionStore.setState(update(useSessionStore.getState()));
  const unsubscribes = [
    bridge.onSessionStatus((status) => set((view) => applyStatus(view, status))),
    bridge.onTimelineEvent((event) => set((view) => applyTimelineEvent(view, event))),
    bridge.onTickMeasure((measure) => set((view) => applyTickMeasure(view, measure))),
    bridge.onResync?.((sync) => set((view) => applySync(view, sync))) ?? (() => {}),
  ];
  const catchUp = (attempt: number) =>
    bridge.sync({ sinceSeq: 0 }).then(
      (sync) => set((view) => applySync(view, sync)),
      (error: unknown) => {
        if (attempt < 20) setTimeout(() => catchUp(attempt + 1), 250);
        else set((view) => applyError(view, String(error)));
      },
    );
  catchUp(0);
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

export function reportError(message: string): void {
  useSessionStore.setState(applyError(useSessionStore.getState(), message));
}

/** A new session starts from an empty timeline (its seq numbers start again at 0). */
export function resetForNewSession(): void {
  useSessionStore.setState({ ...initialSessionView, status: useSessionStore.getState().status });
}
