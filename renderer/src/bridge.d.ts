// The page's view of the preload bridge: `window.tandem` exists in Electron and is absent in a plain browser.

import type { TandemBridge } from '../../common/ipc';

declare global {
  interface Window {
    readonly tandem?: TandemBridge;
  }
}

export {};
