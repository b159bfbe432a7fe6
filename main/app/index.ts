// Electron main entry: headless QA runs without a window; otherwise one instance, the security boundary, the engine process, the full window and the HUD.

import path from 'node:path';
import { app, BrowserWindow, dialog, screen, session, shell } from 'electron';
import { installDisplayMediaHandler } from './displayMedia';
import { EngineHost } from './engineHost';
import { runHeadless } from './headless';
import { parseHeadlessArgs } from './headlessArgs';
import { registerIpcHandlers } from './ipcHandlers';
import { decideRendererCrash } from './rendererCrashPolicy';
import { ensureMediaAccess } from './mediaAccess';
import { installPermissionHandlers } from './permissions';
import { chooseRendererOrigin, isOwnUrl } from './rendererOrigin';
import { enforceContentSecurityPolicy, guardAllWebContents, policyFor, registerAppScheme, serveRendererBundle } from './security';
import { createHudWindow, createMainWindow } from './window';
import { validateIpcPayload } from '../../common/ipc';
import { SettingsStore } from '../live/settingsStore';

// Paths of the build output, relative to out/main/index.js.
const PRELOAD_PATH = path.join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_DIR = path.join(import.meta.dirname, '../renderer');
const ENGINE_ENTRY_PATH = path.join(import.meta.dirname, 'engineProcess.js');
const ICON_PATH = path.join(RENDERER_DIR, 'icon.png');

function startApp(): void {
  // Every renderer is sandboxed, including any a future code path forgets to configure.
  app.enableSandbox();
  registerAppScheme();

  const origin = chooseRendererOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  guardAllWebContents(origin);

  let mainWindow: BrowserWindow | undefined;
  let hudWindow: BrowserWindow | undefined;
  const pages = () =>
    [mainWindow, hudWindow].filter((window): window is BrowserWindow => !!window && !window.isDestroyed()).map((window) => window.webContents);

  const engine = new EngineHost({
    entryPath: ENGINE_ENTRY_PATH,
    pages,
    audioPages: () => pages().filter((page) => page === mainWindow?.webContents),
    report: (message) => {
      // The engine's own timeline cannot carry this (its process is the one that died); the user sees it here.
      if (mainWindow && !mainWindow.isDestroyed()) void dialog.showMessageBox(mainWindow, { type: 'warning', title: 'Tandem engine', message });
    },
  });

  // Main owns the settings: the permission handlers read the toggles synchronously, and both pages hear every change.
  const settings = new SettingsStore({ log: (line) => console.warn(`[tandem settings] ${line}`) });
  settings.onChange((changed) => {
    const checked = validateIpcPayload('settings:changed', changed);
    if (!checked.ok) return;
    for (const page of pages()) page.send('settings:changed', checked.value);
    // The HUD follows its toggle at once.
    if (!changed.showHud && hudWindow && !hudWindow.isDestroyed()) hudWindow.close();
    if (changed.showHud && (!hudWindow || hudWindow.isDestroyed()) && mainWindow && !mainWindow.isDestroyed()) openHud();
  });

  const openHud = (): void => {
    hudWindow = createHudWindow({ origin, preloadPath: PRELOAD_PATH, workArea: screen.getPrimaryDisplay().workArea, iconPath: ICON_PATH });
    reloadWhenRendererDies(hudWindow);
  };

  const openWindows = (): void => {
    mainWindow = createMainWindow({ origin, preloadPath: PRELOAD_PATH, iconPath: ICON_PATH });
    if (settings.get().showHud) openHud();
    // Each load (and reload) of the full window gets a fresh audio port; a foreign page never does. The HUD
    // shows captions only: it gets events but no audio, so the voice never plays twice.
    const full = mainWindow;
    full.webContents.on('did-finish-load', () => {
      if (isOwnUrl(origin, full.webContents.getURL())) engine.connectAudio(full.webContents);
    });
    reloadWhenRendererDies(mainWindow);
    mainWindow.on('closed', () => {
      if (hudWindow && !hudWindow.isDestroyed()) hudWindow.close();
    });
  };

  // A crashed page is reloaded (the engine process kept the session; the page resyncs it); a crash loop asks the user instead.
  const reloadWhenRendererDies = (window: BrowserWindow): void => {
    let crashesAtMs: number[] = [];
    window.webContents.on('render-process-gone', (_event, details) => {
      if (window.isDestroyed()) return;
      const decision = decideRendererCrash(crashesAtMs, { reason: details.reason, exitCode: details.exitCode, atMs: Date.now() });
      crashesAtMs = decision.crashesAtMs;
      if (decision.action === 'ignore') return;
      console.error(`[tandem] a window's renderer is gone (${details.reason}, exit code ${details.exitCode}): ${decision.action}`);
      if (decision.action === 'reload') {
        window.webContents.reload();
        return;
      }
      void dialog
        .showMessageBox({ type: 'error', title: 'Tandem', message: decision.message, buttons: ['Reload', 'Close the window'], defaultId: 0, cancelId: 1 })
        .then(({ response }) => {
          if (window.isDestroyed()) return;
          if (response === 0) {
            crashesAtMs = [];
            window.webContents.reload();
          } else {
            window.close();
          }
        });
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.shutdown());

  app
    .whenReady()
    .then(() => {
      const csp = policyFor(origin);
      const ses = session.defaultSession;
      serveRendererBundle(ses, RENDERER_DIR, csp);
      enforceContentSecurityPolicy(ses, origin, csp);
      installPermissionHandlers(ses, origin, () => settings.get().permissions);
      installDisplayMediaHandler(ses, origin, () => mainWindow, () => settings.get().permissions);
      registerIpcHandlers(origin, {
        info: { version: app.getVersion(), platform: process.platform },
        engine,
        settings,
        openExternal: (url) => shell.openExternal(url),
        confirmSourceAccess: async (source) => {
          const outcome = await ensureMediaAccess(source);
          if (!outcome.granted && mainWindow && !mainWindow.isDestroyed()) {
            void dialog.showMessageBox(mainWindow, { type: 'info', title: 'Tandem', message: outcome.advice });
          }
          return outcome.granted;
        },
      });
      engine.launch();
      openWindows();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindows();
      });
    })
    .catch((error: unknown) => {
      console.error('[tandem] startup failed', error);
      app.exit(1);
    });
}

// Packaged, argv is [exe, ...flags]; unpackaged (`electron .`), it is [electron, appPath, ...flags].
const headless = parseHeadlessArgs(process.argv.slice(app.isPackaged ? 1 : 2));
if (headless.kind === 'error') {
  process.stderr.write(`tandem: ${headless.message}\n`);
  app.exit(2);
} else if (headless.kind === 'run') {
  // QA runs may go in parallel with each other and with a desktop Tandem: no single-instance lock, no window.
  app.dock?.hide();
  runHeadless(headless.run).then(
    (code) => app.exit(code),
    () => app.exit(1),
  );
} else if (app.requestSingleInstanceLock()) {
  // A second Tandem would fight the first for the microphone and the session log: hand over and quit.
  startApp();
} else {
  app.quit();
}
