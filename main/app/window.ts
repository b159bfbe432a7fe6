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
  /** Tandem's icon (out/renderer/icon.png, drawn by scripts/make-icons.mjs). Linux shows it; macOS and Windows take the app's. */
  iconPath?: string;
}

export function createMainWindow({ origin, preloadPath, iconPath }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    title: 'Tandem',
    ...(iconPath ? { icon: iconPath } : {}),
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

export interface HudWindowOptions extends MainWindowOptions {
  /** Where to place it: the top-right corner of this work area. */
  workArea: { x: number; y: number; width: number; height: number };
}

/** The compact always-on-top HUD: status, live captions and the heartbeat, the same renderer with `?view=hud`. */
export function createHudWindow({ origin, preloadPath, workArea, iconPath }: HudWindowOptions): BrowserWindow {
  const width = 360;
  const height = 140;
  const window = new BrowserWindow({
    width,
    height,
    x: workArea.x + workArea.width - width - 16,
    y: workArea.y + 16,
    title: 'Tandem HUD',
    ...(iconPath ? { icon: iconPath } : {}),
    show: false,
    frame: false,
    resizable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  // 'floating' keeps it above normal windows without covering system UI such as the menu bar.
  window.setAlwaysOnTop(true, 'floating');
  // The title stays 'Tandem HUD' whatever the page sets: the display-media picker recognizes our windows by it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.showInactive());
  const url = new URL(origin.entryUrl);
  url.searchParams.set('view', 'hud');
  window.loadURL(url.href).catch((error: unknown) => {
    console.error(`[tandem] could not load the HUD from ${url.href}: ${String(error)}`);
  });
  return window;
}
