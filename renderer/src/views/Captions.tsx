// Live captions: the assistant's current utterance (played words solid, words still to come dimmed) and what the user said.

import { useEffect, useRef, useState } from 'react';
import type { SessionState } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { captionsAt } from '../state/captions';

/** Media time only advances with the ticks; between them (and after a stop) the view moves it on by the wall clock. */
const REDRAW_MS = 100;
/** While running, at most one micro-turn ahead of the last tick: never past what the engine can have played. */
const RUNNING_LEAD_MS = 200;

export function Captions({ events, nowMs, state, compact = false }: { events: readonly TimelineEvent[]; nowMs: number; state: SessionState | undefined; compact?: boolean }) {
  const since = useRef({ nowMs, wallMs: performance.now() });
  if (since.current.nowMs !== nowMs) since.current = { nowMs, wallMs: performance.now() };
  const [wallMs, setWallMs] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setWallMs(performance.now()), REDRAW_MS);
    return () => clearInterval(timer);
  }, []);
  // Paused: media time stands still, so does the caption. Stopped or idle: lines fade on the wall clock.
  const leadMs = state === 'paused' ? 0 : Math.max(0, wallMs - since.current.wallMs);
  const captions = captionsAt(events, nowMs + (state === 'running' ? Math.min(leadMs, RUNNING_LEAD_MS) : leadMs));
  return (
    <div className={compact ? 'captions compact' : 'captions'} data-testid="captions" aria-live="polite">
      {captions.length === 0 ? <p className="caption-empty">{compact ? '…' : 'Captions appear here while you and Tandem talk.'}</p> : null}
      {captions.map((caption) => (
        <p key={`${caption.speaker}-${caption.id}`} className={`caption ${caption.speaker} ${caption.state}${caption.fading ? ' fading' : ''}`} data-testid={`caption-${caption.speaker}`}>
          <span className="who">{caption.speaker === 'assistant' ? 'Tandem' : 'You'}</span>
          {caption.words.map((word, i) => (
            <span key={i} className={word.played ? 'word played' : 'word upcoming'}>{word.word} </span>
          ))}
          {caption.state === 'cut' ? <span className="cut-mark" title="Tandem stopped here: the dimmed words were never said">⏹</span> : null}
        </p>
      ))}
    </div>
  );
}
