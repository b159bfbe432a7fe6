// The history panel: recorded sessions, and one opened as a two-lane timeline replayed in time (1×, 4×), verified, or deleted.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReplayAudioPlayer } from '../audio/replayAudioPlayer';
import type { HistoryEntry, HistoryVerify, TandemBridge } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { REPLAY_SPEEDS, initialReplayCursor, replayCursorReducer, type ReplayCursorEvent } from '../state/replayCursor';
import { Timeline } from './Timeline';

/** Events of one opened session held for the replay; the log may be longer, the rest stays on disk. */
export const MAX_REPLAY_EVENTS = 20_000;
const PAGE = 5_000;

type HistoryBridge = Pick<TandemBridge, 'listHistory' | 'openHistory' | 'deleteHistory' | 'verifyHistory' | 'historyAudio'>;

export function History({ bridge }: { bridge: HistoryBridge }) {
  const [sessions, setSessions] = useState<HistoryEntry[] | undefined>(undefined);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    bridge.listHistory({ limit: 50 }).then(
      (list) => {
        setSessions(list.sessions);
        setError(undefined);
      },
      (failure: unknown) => setError(`Could not list the sessions: ${String(failure)}`),
    );
  }, [bridge]);
  useEffect(refresh, [refresh]);

  if (openId) {
    return (
      <OpenedSession
        bridge={bridge}
        id={openId}
        onClose={() => {
          setOpenId(undefined);
          refresh();
        }}
      />
    );
  }
  return (
    <div className="history" data-testid="history">
      <div className="history-bar">
        <button onClick={refresh}>Refresh</button>
      </div>
      {error ? <p className="errors" role="alert">{error}</p> : null}
      {sessions === undefined ? <p>Loading…</p> : null}
      {sessions?.length === 0 ? <p className="muted">No recorded sessions yet. Every session you start is recorded here.</p> : null}
      <ul className="history-list">
        {sessions?.map((entry) => (
          <li key={entry.id} data-testid="history-entry">
            <button className="history-open" onClick={() => setOpenId(entry.id)} title={entry.id}>
              {formatStart(entry.startedAt)} · {formatDuration(entry.durationMs)}
            </button>
            <small>
              {entry.interactionModel ?? 'unknown model'} · {entry.userTurns} you · {entry.assistantUtterances} Tandem · {entry.interruptions} interrupted
              {entry.live ? ' · running now' : entry.endedCleanly ? '' : ' · ended abruptly'}
              {entry.corruptLines ? ` · ${entry.corruptLines} unreadable lines skipped` : ''}
            </small>
          </li>
        ))}
      </ul>
    </div>
  );
}

function OpenedSession({ bridge, id, onClose }: { bridge: HistoryBridge; id: string; onClose: () => void }) {
  const [entry, setEntry] = useState<HistoryEntry | undefined>(undefined);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [partial, setPartial] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [verify, setVerify] = useState<HistoryVerify | 'running' | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      // Pages until the log ends or the replay holds as much as it may.
      const all: TimelineEvent[] = [];
      let sinceSeq: number | null = 0;
      let first: HistoryEntry | undefined;
      while (sinceSeq !== null && all.length < MAX_REPLAY_EVENTS) {
        const page = await bridge.openHistory({ id, sinceSeq, limit: PAGE });
        first ??= page.entry;
        all.push(...page.events);
        sinceSeq = page.nextSeq;
      }
      if (cancelled || !first) return;
      setEntry(first);
      setEvents(all);
      setPartial(sinceSeq !== null);
    })().catch((failure: unknown) => !cancelled && setError(`Could not open the session: ${String(failure)}`));
    return () => {
      cancelled = true;
    };
  }, [bridge, id]);

  const durationMs = entry?.durationMs ?? 0;
  const [state, setState] = useState(() => initialReplayCursor(0));
  // The cursor starts over once the session's length is known.
  useEffect(() => setState(initialReplayCursor(durationMs)), [durationMs]);
  const dispatch = useCallback((event: ReplayCursorEvent) => setState((current) => replayCursorReducer(current, event)), []);

  // Both sides are heard while the cursor plays: the player restarts on play, a scrub or a speed change.
  const [audioSamples, setAudioSamples] = useState(0);
  const player = useMemo(
    () => new ReplayAudioPlayer((track, fromMs, lengthMs) => bridge.historyAudio({ id, track, fromMs, durationMs: lengthMs }).then((slice) => slice.samples), setAudioSamples, setError),
    [bridge, id],
  );
  useEffect(() => () => player.dispose(), [player]);
  const [seekVersion, setSeekVersion] = useState(0);
  const positionRef = useRef(0);
  positionRef.current = state.positionMs;
  useEffect(() => {
    if (state.playing) player.play(positionRef.current, state.speed, durationMs);
    else player.stop();
  }, [player, state.playing, state.speed, seekVersion, durationMs]);

  // The view's clock: wall time between animation frames goes into the pure reducer as a tick.
  const last = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!state.playing) {
      last.current = undefined;
      return;
    }
    let frame = 0;
    const step = (now: number) => {
      if (last.current !== undefined) dispatch({ kind: 'tick', elapsedMs: now - last.current });
      last.current = now;
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [state.playing, dispatch]);

  const shown = events.filter((event) => event.atMs <= state.positionMs);
  const runVerify = () => {
    setVerify('running');
    bridge.verifyHistory({ id }).then(setVerify, (failure: unknown) =>
      setVerify({ verdict: 'cannot-verify', comparedEvents: 0, message: String(failure) }),
    );
  };
  const remove = () => {
    bridge.deleteHistory({ id }).then(onClose, (failure: unknown) => setError(`Could not delete the session: ${String(failure)}`));
  };

  return (
    <div className="history-session" data-testid="history-session" data-replay-audio-samples={audioSamples}>
      <div className="history-bar">
        <button onClick={onClose}>Back</button>
        <span className="muted">{entry ? `${formatStart(entry.startedAt)} · ${entry.interactionModel ?? 'unknown model'}` : 'Loading…'}</span>
      </div>
      {error ? <p className="errors" role="alert">{error}</p> : null}
      {entry && !entry.endedCleanly && !entry.live ? <p className="notice">This session ended abruptly (no session_stopped in its log); it is shown up to its last whole line.</p> : null}
      {partial ? <p className="muted">Showing the first {events.length} events of a longer log.</p> : null}
      <Timeline events={shown} nowMs={state.positionMs} />
      <div className="replay-controls">
        <button data-testid="replay-play" onClick={() => dispatch(state.playing ? { kind: 'pause' } : { kind: 'play' })} disabled={!entry || durationMs === 0}>
          {state.playing ? 'Pause' : 'Play'}
        </button>
        {REPLAY_SPEEDS.map((speed) => (
          <button key={speed} className={state.speed === speed ? 'speed open' : 'speed'} aria-pressed={state.speed === speed} onClick={() => dispatch({ kind: 'setSpeed', speed })}>
            {speed}×
          </button>
        ))}
        <input
          type="range"
          aria-label="Replay position"
          data-testid="replay-scrub"
          min={0}
          max={durationMs}
          step={200}
          value={state.positionMs}
          onChange={(event) => {
            dispatch({ kind: 'scrub', positionMs: Number(event.target.value) });
            setSeekVersion((version) => version + 1);
          }}
        />
        <span data-testid="replay-position" className="muted">
          {(state.positionMs / 1000).toFixed(1)} / {(durationMs / 1000).toFixed(1)} s
        </span>
      </div>
      <div className="history-bar">
        <button onClick={runVerify} disabled={verify === 'running' || !entry || entry.live}>Verify by replay</button>
        <button onClick={remove} disabled={!entry || entry.live}>Delete</button>
      </div>
      {verify === 'running' ? <p className="muted">Re-running the engine on the recorded inputs…</p> : null}
      {verify && verify !== 'running' ? (
        <p data-testid="replay-verdict" className={`verdict verdict-${verify.verdict}`}>
          <strong>{{ identical: 'Identical', diverged: 'Diverged', 'cannot-verify': 'Cannot verify' }[verify.verdict]}</strong> — {verify.message}
        </p>
      ) : null}
    </div>
  );
}

function formatStart(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
