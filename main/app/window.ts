// The main window and the locked-down web preferences every Tandem window uses.

import { BrowserWindow, type WebPreferences } from 'electron';
import type { RendererOrigin } from './rendererOrigin';

/** Preferences no Tandem window relaxes: an isolated, sandboxed renderer without Node. */
export function secureWebPreferences(preloadPath?: string): WebPreferences {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  origin: RendererOrigin;
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
}

export function createMainWindow({ origin, preloadPath }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    title: 'Tandem',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(origin.entryUrl).catch((error: unknown) => {
    console.error(`[tandem] could not load the renderer from ${origin.entryUrl}: ${String(error)}. ` +
      (origin.kind === 'bundle' ? 'Run `npm run build` first.' : 'Is `electron-vite dev` still running?'));
  });
  return window;
}
