// Electron main entry: one instance, the security boundary installed before any window exists, then the main window.

import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { registerIpcHandlers } from './ipcHandlers';
import { installPermissionHandlers } from './permissions';
import { chooseRendererOrigin } from './rendererOrigin';
import { enforceContentSecurityPolicy, guardAllWebContents, policyFor, registerAppScheme, serveRendererBundle } from './security';
import { createMainWindow } from './window';

// Paths of the build output, relative to out/main/index.js.
const PRELOAD_PATH = path.join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_DIR = path.join(import.meta.dirname, '../renderer');

function start(): void {
  // Every renderer is sandboxed, including any a future code path forgets to configure.
  app.enableSandbox();
  registerAppScheme();

  const origin = chooseRendererOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  guardAllWebContents(origin);

  let mainWindow: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      const csp = policyFor(origin);
      const ses = session.defaultSession;
      serveRendererBundle(ses, RENDERER_DIR, csp);
      enforceContentSecurityPolicy(ses, origin, csp);
      installPermissionHandlers(ses, origin);
      registerIpcHandlers(origin, { version: app.getVersion(), platform: process.platform });

      mainWindow = createMainWindow({ origin, preloadPath: PRELOAD_PATH });
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) {
          mainWindow = createMainWindow({ origin, preloadPath: PRELOAD_PATH });
        }
      });
    })
    .catch((error: unknown) => {
      console.error('[tandem] startup failed', error);
      app.exit(1);
    });
}

// A second Tandem would fight the first for the microphone and the session log: hand over and quit.
if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}
