// The real desktop app through Playwright's _electron: isolated and sandboxed window, a session that ticks, the HUD, an invalid IPC payload refused. Skipped, saying why, where no Electron binary is installed.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The Electron binary `require('electron')` names, or why there is none (then the test is skipped, not failed). */
function findElectronBinary(): { path: string } | { skipReason: string } {
  const howToRun =
    'To run it: install without ELECTRON_SKIP_BINARY_DOWNLOAD (`npm ci` on a machine that can download Electron, or `scripts/setup.sh --app`), ' +
    'then `npx vitest run tests/e2e/electron.e2e.test.ts` (under `xvfb-run` on Linux without a display).';
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { skipReason: `no Electron binary: require('electron') failed (${(error as Error).message.split('\n')[0]}); it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, which keeps only the types. ${howToRun}` };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { skipReason: `no Electron binary: require('electron') returned ${JSON.stringify(path)}, which does not exist. ${howToRun}` };
  }
  return { path };
}

const electron = findElectronBinary();
if ('skipReason' in electron) console.log(`[electron e2e] SKIPPED: ${electron.skipReason}`);
const skip = 'skipReason' in electron;

describe.skipIf(skip)('the desktop app under Playwright _electron', () => {
  let app: ElectronApplication;
  let dataDir: string;
  let page: Page;

  beforeAll(async () => {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
    // Sessions and settings go to a throwaway data folder, never the tester's own.
    dataDir = mkdtempSync(join(tmpdir(), 'tandem-electron-e2e-'));
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: [join(REPO_ROOT, 'out/main/index.js')],
      cwd: REPO_ROOT,
      env: { ...process.env, XDG_DATA_HOME: dataDir, APPDATA: dataDir },
    });
    // Two windows open (the full window and the HUD); the full one is the page without ?view=hud.
    await expect.poll(() => app.windows().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    page = app.windows().find((window) => !window.url().includes('view=hud'))!;
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the window isolated and without Node: no require or process in the page, window.tandem from the preload', async () => {
    for (const shown of app.windows()) {
      // nodeIntegration off (and the sandboxed preload leaks nothing): no Node globals in the page.
      expect(await shown.evaluate(() => [typeof (globalThis as Record<string, unknown>).require, typeof (globalThis as Record<string, unknown>).process, typeof (globalThis as Record<string, unknown>).module])).toEqual(['undefined', 'undefined', 'undefined']);
      // contextBridge.exposeInMainWorld throws unless contextIsolation is on, so window.tandem proves it; it carries functions only.
      expect(await shown.evaluate(() => typeof window.tandem?.startSession)).toBe('function');
      expect(await shown.evaluate(() => Object.values(window.tandem ?? {}).every((value) => typeof value === 'function'))).toBe(true);
    }
    // Every renderer is sandboxed by app.enableSandbox(), which Electron records as the --enable-sandbox switch.
    expect(await app.evaluate(({ app: electronApp }) => electronApp.commandLine.hasSwitch('enable-sandbox'))).toBe(true);
  });

  it('has the HUD window', async () => {
    const titles = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.getTitle()));
    expect(titles).toContain('Tandem HUD');
    expect(app.windows().some((window) => window.url().includes('view=hud'))).toBe(true);
  });

  it('starts a session in the engine process and it ticks', async () => {
    const started = await page.evaluate(() => window.tandem!.startSession({}));
    expect(started.state).toBe('running');
    await expect
      .poll(() => page.evaluate(async () => (await window.tandem!.sync({ sinceSeq: 0 })).status.turn), { timeout: 15_000 })
      .toBeGreaterThan(5);
    const stopped = await page.evaluate(() => window.tandem!.stopSession());
    expect(stopped.state).toBe('stopped');
  }, 60_000);

  it('rejects an invalid IPC payload and keeps working', async () => {
    const outcome = await page.evaluate(() =>
      window.tandem!.sendText({ text: '' }).then(
        () => 'accepted',
        (error: unknown) => String(error),
      ),
    );
    expect(outcome).toMatch(/text:send.*(outside the contract|rejected)/);
    const settings = await page.evaluate(() => window.tandem!.setSettings({ executionProvider: 'tpu' } as never).then(() => 'accepted', (error: unknown) => String(error)));
    expect(settings).toMatch(/settings:set/);
    expect(await page.evaluate(async () => (await window.tandem!.getInfo()).platform)).toBe(process.platform);
  });
});

