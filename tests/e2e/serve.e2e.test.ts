// The renderer in real Chromium against serve mode: ticks, mic audio to the engine, playback, both lanes, reload resync, bad messages, denied mic.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;
let speechWav: string;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const raw = join(workDir, 'raw.wav');
  speechWav = join(workDir, 'speech.wav');
  // Speech, then silence long enough for the interaction model to take the turn; Chromium loops the file.
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, 'Hello Tandem, can you tell me what time it is right now?']);
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', speechWav, 'pad', '0.5', '3']);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {} });
  browser = await launchChromium({ audioWav: speechWav });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const bars = (page: Page) => page.locator('[data-testid="heartbeat-bar"]').count();

describe('renderer over serve mode in Chromium', () => {
  let page: Page;

  it('starts a session: micro-turns tick, mic audio reaches the engine, the assistant plays, both lanes render', async () => {
    const context = await browser.newContext();
    page = await context.newPage();
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await expect.poll(() => bars(page), { timeout: 10_000 }).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('mic-indicator').textContent()).toMatch(/mic live/);
    await expect.poll(() => page.locator('[data-testid="lane-user"] rect').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="lane-assistant"] rect').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => window.__tandemPlayedSamples ?? 0), { timeout: 30_000 }).toBeGreaterThan(4_800);
    await page.getByRole('textbox', { name: 'Type to Tandem' }).fill('What time is it?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Type to Tandem' }).inputValue()).toBe('');
    expect(await page.getByTestId('errors').count()).toBe(0);
    expect(Number(await page.locator('main').getAttribute('data-played-samples'))).toBeGreaterThan(0);
    await page.waitForTimeout(1_500); // let the assistant's utterance grow in its lane for the screenshot
    await page.screenshot({ path: join(SCREENSHOTS, 'main-view-running.png'), fullPage: true });
  }, 90_000);

  it('a reload resyncs: earlier events are shown again and the turn kept advancing', async () => {
    const userSegments = await page.locator('[data-testid="lane-user"] rect').count();
    const turnBefore = Number((await page.getByTestId('session-status').textContent())?.match(/micro-turn (\d+)/)?.[1]);
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="lane-user"] rect').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(userSegments);
    await expect.poll(async () => Number((await page.getByTestId('session-status').textContent())?.match(/micro-turn (\d+)/)?.[1] ?? -1), { timeout: 10_000 }).toBeGreaterThan(turnBefore);
  }, 30_000);

  it('an invalid bridge message from the page is answered with ok:false', async () => {
    const answer = await page.evaluate(
      (url) =>
        new Promise<unknown>((resolveAnswer, reject) => {
          const token = new URL(url).searchParams.get('token') ?? '';
          const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
          socket.onopen = () => socket.send(JSON.stringify({ type: 'invoke', id: 77, channel: 'text:send', payload: { text: '' } }));
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data));
            if (message.type === 'result') { socket.close(); resolveAnswer(message); }
          };
          socket.onerror = () => reject(new Error('socket error'));
        }),
      serve.url,
    );
    expect(answer).toMatchObject({ type: 'result', id: 77, ok: false });
  }, 20_000);
});

describe('denied microphone', () => {
  it('explains what to do and keeps the session running', async () => {
    const denying = await launchChromium({ allowPrompts: false });
    try {
      const context = await denying.newContext();
      const page = await context.newPage();
      // Playwright can grant but not deny; the DevTools protocol sets the microphone to "denied" for the page's origin.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Browser.setPermission', { permission: { name: 'microphone' }, setting: 'denied', origin: serve.origin });
      await page.goto(serve.url);
      // The session of the tests above may still be running; stop it so Start is enabled.
      const stop = page.getByRole('button', { name: 'Stop' });
      await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/^(running|paused|idle|stopped)/);
      if (await stop.isEnabled()) await stop.click();
      await expect.poll(() => page.getByRole('button', { name: 'Start' }).isEnabled(), { timeout: 10_000 }).toBe(true);
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByTestId('mic-explanation').waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
        throw new Error(`no mic explanation; page shows: ${await page.locator('main').innerText()}`, { cause: error });
      });
      expect(await page.getByTestId('mic-explanation').textContent()).toMatch(/allow the microphone/);
      await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
      await expect.poll(() => bars(page), { timeout: 10_000 }).toBeGreaterThan(3);
      await page.screenshot({ path: join(SCREENSHOTS, 'main-view-mic-denied.png'), fullPage: true });
    } finally {
      await denying.close();
    }
  }, 60_000);
});
