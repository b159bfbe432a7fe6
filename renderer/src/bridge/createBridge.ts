// Picks the transport: the preload's window.tandem in Electron, serve mode's WebSocket in a browser page with a token.

import type { SyncResponse, TandemBridge } from '../../../common/ipc';
import { ipcBridge } from './ipcBridge';
import { WebSocketBridge, bridgeUrlFromPage } from './webSocketBridge';

/** The bridge plus an optional hook for transports that can lose and regain the engine. */
export interface RendererBridge extends TandemBridge {
  onResync?(listener: (sync: SyncResponse) => void): () => void;
}

export function createBridge(): RendererBridge | undefined {
  const electron = ipcBridge();
  if (electron) return electron;
  const url = bridgeUrlFromPage(window.location);
  return url ? new WebSocketBridge({ url }) : undefined;
}
