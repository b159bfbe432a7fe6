// The Cards panel: what the background model showed with show_card (title, text, a list, links), newest first, while the conversation goes on.

import type { TandemBridge } from '../../../common/ipc';
import { parseCardMarkdown, type MarkdownSpan } from '../tools/cardMarkdown';
import { dismissCard, dismissNotice, useToolStore, type ShownCard } from '../tools/toolStore';

export function Cards({ bridge }: { bridge: Pick<TandemBridge, 'openUrl'> }) {
  const { cards, notices } = useToolStore();
  return (
    <div className="cards" data-testid="cards">
      {notices.map((notice) => (
        <div key={notice.id} className="card notice-card" role="status" data-testid="tool-notice">
          <strong>{notice.title}</strong>
          {notice.body ? <p>{notice.body}</p> : null}
          <button onClick={() => dismissNotice(notice.id)} aria-label={`Dismiss notification ${notice.title}`}>Dismiss</button>
        </div>
      ))}
      {cards.length === 0 && notices.length === 0 ? <p className="muted">No cards yet. When Tandem looks something up, what it finds shows here.</p> : null}
      {cards.map((card) => <Card key={card.callId} card={card} bridge={bridge} />)}
    </div>
  );
}

function Card({ card, bridge }: { card: ShownCard; bridge: Pick<TandemBridge, 'openUrl'> }) {
  return (
    <article className="card" data-testid="card">
      <header>
        <h3>{card.title}</h3>
        <button className="dismiss" onClick={() => dismissCard(card.callId)} aria-label={`Dismiss card ${card.title}`}>×</button>
      </header>
      {card.markdown ? parseCardMarkdown(card.markdown).map((paragraph, i) => <p key={i}>{paragraph.map(renderSpan)}</p>) : null}
      {card.items?.length ? <ul>{card.items.map((item, i) => <li key={i}>{item}</li>)}</ul> : null}
      {card.links?.length ? (
        <ul className="card-links">
          {card.links.map((link, i) => (
            <li key={i}>
              {/* A button, not an <a>: the page never navigates; the link opens in the user's browser (http and https only). */}
              <button className="link" title={link.url} onClick={() => void bridge.openUrl({ url: link.url }).catch(() => undefined)}>{link.title || link.url}</button>
            </li>
          ))}
        </ul>
      ) : null}
      <small className="muted">{new Date(card.shownAtMs).toLocaleTimeString()}</small>
    </article>
  );
}

function renderSpan(span: MarkdownSpan, i: number) {
  if (span.kind === 'bold') return <strong key={i}>{span.text}</strong>;
  if (span.kind === 'italic') return <em key={i}>{span.text}</em>;
  if (span.kind === 'code') return <code key={i}>{span.text}</code>;
  return <span key={i}>{span.text}</span>;
}
