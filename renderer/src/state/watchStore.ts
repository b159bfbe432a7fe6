// The visual watches in force, as the engine holds them: fetched with watches:list on mount and after every watch_* timeline event, so they survive a page reload.

import { create } from 'zustand';
import type { Watch } from '../../../common/perception';
import type { TimelineEvent } from '../../../common/timeline';
import type { RendererBridge } from '../bridge/createBridge';

export interface WatchesView {
  watches: Watch[];
  /** Why the list could not be read, if it could not. */
  error: string | undefined;
}

export const useWatchStore = create<WatchesView>(() => ({ watches: [], error: undefined }));

/** How many watch_* events the timeline holds: a change means the list in the engine changed (added, cancelled, fired: `fired` counts and one-shot watches end). */
export function watchEventCount(events: readonly TimelineEvent[]): number {
  let count = 0;
  for (const event of events) if (event.kind === 'watch_added' || event.kind === 'watch_cancelled' || event.kind === 'watch_fired') count++;
  return count;
}

/** The engine's refusal without the transport's wrapping ("bridge call watches:add failed: …", Electron's "Error invoking remote method …"). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^bridge call \S+ failed: /, '').replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '');
}

let latestRequest = 0;

/** Fetches the list again; an answer that arrives after a newer request's is dropped, so the list never goes back in time. */
export async function refreshWatches(bridge: Pick<RendererBridge, 'listWatches'>): Promise<void> {
  const request = ++latestRequest;
  try {
    const { watches } = await bridge.listWatches();
    if (request === latestRequest) useWatchStore.setState({ watches, error: undefined });
  } catch (error) {
    if (request === latestRequest) useWatchStore.setState({ error: `Could not read the watches: ${reasonOf(error)}` });
  }
}
