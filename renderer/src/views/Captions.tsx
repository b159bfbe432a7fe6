// Live captions: the assistant's current utterance (played words solid, words still to come dimmed) and what the user said.

import type { TimelineEvent } from '../../../common/timeline';
import { captionsAt } from '../state/captions';

export function Captions({ events, nowMs, compact = false }: { events: readonly TimelineEvent[]; nowMs: number; compact?: boolean }) {
  const captions = captionsAt(events, nowMs);
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
