// Settings and history in real Chromium against serve mode: a setting persists across a reload and reaches a second page, a refused change says why, a recorded session opens in History, replays in time and verifies.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-history-'));
  const raw = join(workDir, 'raw.wav');
  const speechWav = join(workDir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, 'Hello Tandem, what should I cook tonight?']);
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', speechWav, 'pad', '0.5', '3']);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), log: () => {} });
  browser = await launchChromium({ audioWav: speechWav });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function openPanel(page: Page, id: 'settings' | 'history'): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
  await page.getByTestId(`panel-${id}`).waitFor();
}

describe('settings in Chromium over serve mode', () => {
  it('a change is saved, survives a reload, and reaches a second page at once', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const other = await context.newPage();
    await page.goto(serve.url);
    await other.goto(serve.url);
    await openPanel(page, 'settings');
    await openPanel(other, 'settings');
    const provider = page.getByRole('combobox', { name: 'Execution provider' });
    await expect.poll(() => provider.inputValue()).toBe('auto');
    await provider.selectOption('cpu');
    // The toggle shows what the engine saved: it flips once settings:set has answered.
    await expect.poll(() => provider.inputValue()).toBe('cpu');
    await page.getByRole('checkbox', { name: 'Camera' }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Camera' }).isChecked()).toBe(false);

    // The second page hears settings:changed without reloading.
    await expect.poll(() => other.getByRole('combobox', { name: 'Execution provider' }).inputValue()).toBe('cpu');
    await expect.poll(() => other.getByRole('checkbox', { name: 'Camera' }).isChecked()).toBe(false);

    // On disk, next to the sessions folder.
    const file = join(workDir, 'settings.json');
    await expect.poll(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).permissions.camera).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ executionProvider: 'cpu', permissions: { microphone: true, camera: false, screen: true } });

    await page.reload();
    await openPanel(page, 'settings');
    await expect.poll(() => page.getByRole('combobox', { name: 'Execution provider' }).inputValue()).toBe('cpu');
    expect(await page.getByRole('checkbox', { name: 'Camera' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Microphone' }).isChecked()).toBe(true);
    expect(await page.getByTestId('devices-section').textContent()).toMatch(/Microphone[\s\S]*Fake Audio Input[\s\S]*Camera/);
    await context.close();
  }, 60_000);
});

describe('a refused settings change in Chromium', () => {
  it('shows why it was not saved and keeps the saved value on screen', async () => {
    const file = join(workDir, 'settings.json');
    const saved = readFileSync(file, 'utf8');
    // A folder where the file goes: the engine's write (temp file + rename) fails, as on a read-only disk.
    rmSync(file);
    mkdirSync(file);
    try {
      const page = await browser.newPage();
      await page.goto(serve.url);
      await openPanel(page, 'settings');
      const hud = page.getByRole('checkbox', { name: 'Show the HUD' });
      await expect.poll(() => hud.isChecked()).toBe(true);
      await hud.click();
      await page.getByTestId('settings-error').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('settings-error').textContent()).toMatch(/^Not saved: .*settings:set.*cannot write .*settings\.json/);
      expect(await hud.isChecked()).toBe(true);
      await page.close();
    } finally {
      rmSync(file, { recursive: true, force: true });
      writeFileSync(file, saved);
    }
  }, 30_000);
});

describe('history in Chromium over serve mode', () => {
  it('records a session, lists it after stop, and replays its two lanes in time', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    // The session uses the settings: CPU, as chosen above, reported in the settings panel.
    await openPanel(page, 'settings');
    await expect.poll(() => page.getByTestId('provider-in-use').textContent(), { timeout: 10_000 }).toMatch(/asked for cpu and runs on cpu/);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: true });
    await expect.poll(() => page.locator('[data-testid="lane-user"] rect').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="lane-assistant"] rect').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(2_000); // the assistant's utterance grows a little before the stop
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/stopped/);

    await openPanel(page, 'history');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.getByTestId('history-entry').count(), { timeout: 10_000 }).toBe(1);
    const entryText = await page.getByTestId('history-entry').textContent();
    expect(entryText).toMatch(/harness · [1-9]\d* you · [1-9]\d* Tandem/);
    expect(entryText).not.toMatch(/ended abruptly/);
    await page.getByTestId('history-entry').getByRole('button').click();
    await page.getByTestId('history-session').waitFor();
    const panel = page.getByTestId('panel-history');

    // Paused at 0: nothing is drawn yet. Playing at 4× moves the cursor and the lanes fill in.
    await expect.poll(() => page.getByTestId('replay-position').textContent()).toMatch(/^0\.0 \//);
    expect(await panel.locator('[data-testid="lane-user"] rect').count()).toBe(0);
    await panel.getByRole('button', { name: '4×' }).click();
    await page.getByTestId('replay-play').click();
    const position = async () => Number((await page.getByTestId('replay-position').textContent())?.split(' ')[0]);
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(2);
    // Both recorded sides are played: slices of mic.wav and output.wav were scheduled on the page's AudioContext.
    await expect.poll(() => page.getByTestId('history-session').getAttribute('data-replay-audio-samples').then(Number), { timeout: 10_000 }).toBeGreaterThan(16_000);
    await page.getByTestId('replay-play').click(); // pause
    const paused = await position();
    await page.waitForTimeout(500);
    expect(await position()).toBe(paused);

    // Scrub to the end: both lanes of the whole session are there.
    await page.getByTestId('replay-scrub').fill(String(await page.getByTestId('replay-scrub').getAttribute('max')));
    await expect.poll(() => panel.locator('[data-testid="lane-user"] rect').count()).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('[data-testid="lane-assistant"] rect').count()).toBeGreaterThan(0);

    await panel.getByRole('button', { name: 'Verify by replay' }).click();
    await page.getByTestId('replay-verdict').waitFor({ timeout: 30_000 });
    const verdict = await page.getByTestId('replay-verdict').textContent();
    expect(verdict).toMatch(/^Identical — Replay identical: \d+ events over \d+ micro-turns/);
    await page.screenshot({ path: join(SCREENSHOTS, 'history.png'), fullPage: true });
    await context.close();
  }, 120_000);
});
