// The Electron transport: the preload's contextBridge API, present as window.tandem only inside the desktop app.

import type { TandemBridge } from '../../../common/ipc';

export function ipcBridge(): TandemBridge | undefined {
  return window.tandem;
}
