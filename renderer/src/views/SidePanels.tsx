// The tabbed side column of the main window: each panel (tasks, reminders, camera and screen, history, settings) is one tab.

import { useState, type ReactNode } from 'react';

export interface Panel {
  /** Stable id, used in data-testid and to remember the open tab. */
  id: string;
  title: string;
  /** A count or mark shown on the tab (pending tasks, live sources), if any. */
  badge?: string;
  render: () => ReactNode;
}

export function SidePanels({ panels }: { panels: readonly Panel[] }) {
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  if (panels.length === 0) return null;
  const open = panels.find((panel) => panel.id === openId) ?? panels[0];
  return (
    <aside className="side-panels">
      <div className="tabs" role="tablist">
        {panels.map((panel) => (
          <button
            key={panel.id}
            role="tab"
            aria-selected={panel.id === open.id}
            data-testid={`tab-${panel.id}`}
            className={panel.id === open.id ? 'tab open' : 'tab'}
            onClick={() => setOpenId(panel.id)}
          >
            {panel.title}
            {panel.badge ? <span className="badge">{panel.badge}</span> : null}
          </button>
        ))}
      </div>
      <section className="panel" role="tabpanel" data-testid={`panel-${open.id}`}>
        {open.render()}
      </section>
    </aside>
  );
}
