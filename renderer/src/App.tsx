// The first screen: the app's name, its version from the bridge, and the session status main reports.

import { useEffect, useState } from 'react';
import type { AppInfo, SessionStatus } from '../../common/ipc';

type InfoState = { kind: 'loading' } | { kind: 'noBridge' } | { kind: 'ready'; info: AppInfo } | { kind: 'failed'; message: string };

export function App() {
  const [info, setInfo] = useState<InfoState>(() => (window.tandem ? { kind: 'loading' } : { kind: 'noBridge' }));
  const [status, setStatus] = useState<SessionStatus | undefined>(undefined);

  useEffect(() => {
    const bridge = window.tandem;
    if (!bridge) return;
    let current = true;
    bridge
      .getInfo()
      .then((appInfo) => current && setInfo({ kind: 'ready', info: appInfo }))
      .catch((error: unknown) => current && setInfo({ kind: 'failed', message: String(error) }));
    const unsubscribe = bridge.onSessionStatus(setStatus);
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Tandem</h1>
      <p data-testid="app-version">{describeInfo(info)}</p>
      <p data-testid="session-status">
        Session: {status ? `${status.state} (micro-turn ${status.turn})` : 'no status yet'}
      </p>
    </main>
  );
}

function describeInfo(info: InfoState): string {
  switch (info.kind) {
    case 'loading':
      return 'Version: …';
    case 'noBridge':
      return 'serve mode / no bridge';
    case 'ready':
      return `Version ${info.info.version} on ${info.info.platform}`;
    case 'failed':
      return `Version unavailable: ${info.message}`;
  }
}
