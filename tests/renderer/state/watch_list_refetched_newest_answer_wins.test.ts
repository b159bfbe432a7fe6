// The watches list in the page: refetched when watch_* events change, an answer overtaken by a newer request is dropped, a failure is said in words, and the engine's refusal is shown without the transport's wrapping.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Watch } from '../../../common/perception';
import type { TimelineEvent } from '../../../common/timeline';
import { BridgeInvokeError } from '../../../renderer/src/bridge/webSocketBridge';
import { reasonOf, refreshWatches, useWatchStore, watchEventCount } from '../../../renderer/src/state/watchStore';

let seq = 0;
const ev = (kind: TimelineEvent['kind']): TimelineEvent => ({ seq: seq++, turn: 0, atMs: 0, source: 'engine', kind, payload: {} });
const watch = (id: string): Watch => ({ id, source: 'screen', region: null, condition: { kind: 'colour', colour: 'red' }, label: id, repeat: false, addedAtMs: 0, fired: 0 });

/** A bridge whose watches:list answers are released by the test, in any order. */
function deferredBridge() {
  const answers: Array<{ resolve: (list: { watches: Watch[] }) => void; reject: (error: Error) => void }> = [];
  return {
    answers,
    bridge: { listWatches: () => new Promise<{ watches: Watch[] }>((resolve, reject) => answers.push({ resolve, reject })) },
  };
}

beforeEach(() => useWatchStore.setState({ watches: [], error: undefined }));

describe('watchEventCount', () => {
  it('counts the events after which the engine\'s list may differ: added, cancelled, fired', () => {
    expect(watchEventCount([ev('watch_added'), ev('frame'), ev('watch_fired'), ev('timer_due'), ev('watch_cancelled')])).toBe(3);
    expect(watchEventCount([ev('frame')])).toBe(0);
  });
});

describe('refreshWatches', () => {
  it('keeps the newest request\'s answer even when an older one arrives after it', async () => {
    const { answers, bridge } = deferredBridge();
    const older = refreshWatches(bridge);
    const newer = refreshWatches(bridge);
    answers[1].resolve({ watches: [watch('w2')] });
    await newer;
    answers[0].resolve({ watches: [watch('w1'), watch('w0')] });
    await older;
    expect(useWatchStore.getState().watches.map((w) => w.id)).toEqual(['w2']);
  });

  it('says why the list could not be read, and clears that once a read succeeds', async () => {
    const { answers, bridge } = deferredBridge();
    const failing = refreshWatches(bridge);
    answers[0].reject(new BridgeInvokeError('watches:list', 'not connected'));
    await failing;
    expect(useWatchStore.getState().error).toBe('Could not read the watches: not connected');
    const ok = refreshWatches(bridge);
    answers[1].resolve({ watches: [] });
    await ok;
    expect(useWatchStore.getState().error).toBeUndefined();
  });
});

describe('reasonOf', () => {
  it('shows the engine\'s own sentence, whichever transport carried it', () => {
    const engine = 'Cannot set the watch: Visual watches are not available in this session (no watch signal was configured).';
    expect(reasonOf(new BridgeInvokeError('watches:add', engine))).toBe(engine);
    expect(reasonOf(new Error(`Error invoking remote method 'watches:add': LiveSessionError: ${engine}`))).toBe(engine);
    expect(reasonOf(new Error(`Error invoking remote method 'watches:add': Error: ${engine}`))).toBe(engine);
    expect(reasonOf('plain text')).toBe('plain text');
  });
});
