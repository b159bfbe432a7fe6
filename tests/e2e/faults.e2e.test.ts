// Reminders, captions, the HUD and faults in real Chromium against serve mode: a reminder set in the UI is spoken, the HUD shows the caption, a crashed page resyncs the running session.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../common/timeline';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-faults-'));
  // A silent mic: nobody holds the floor, so the assistant says a reminder the moment it falls due.
  const silenceWav = join(workDir, 'silence.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', silenceWav, 'trim', '0', '5']);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {} });
  browser = await launchChromium({ audioWav: silenceWav });
  context = await browser.newContext();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Invokes a channel over a second bridge socket from inside the page (the engine's own answer, not the page's view of it). */
function invokeFromPage(page: Page, channel: string, payload?: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return page.evaluate(
    ([url, channel, payload]) =>
      new Promise((resolveAnswer, reject) => {
        const token = new URL(url as string).searchParams.get('token') ?? '';
        const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
        socket.onopen = () => socket.send(JSON.stringify(payload === undefined ? { type: 'invoke', id: 1, channel } : { type: 'invoke', id: 1, channel, payload }));
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data));
          if (message.type === 'result') {
            socket.close();
            resolveAnswer(message);
          }
        };
        socket.onerror = () => reject(new Error('socket error'));
      }),
    [serve.url, channel, payload] as const,
  ) as Promise<{ ok: boolean; value?: unknown; error?: string }>;
}

async function timelineOf(page: Page): Promise<TimelineEvent[]> {
  const answer = await invokeFromPage(page, 'session:sync', { sinceSeq: 0 });
  expect(answer.ok).toBe(true);
  return (answer.value as { events: TimelineEvent[] }).events;
}

const turnOf = async (page: Page) => Number((await page.getByTestId('session-status').textContent())?.match(/micro-turn (\d+)/)?.[1] ?? -1);

describe('reminders, captions and the HUD in Chromium', () => {
  let page: Page;
  let hud: Page;

  it('a reminder set in the UI is listed with a countdown, falls due and is spoken; main window and HUD caption it', async () => {
    page = await context.newPage();
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);

    hud = await context.newPage();
    await hud.setViewportSize({ width: 360, height: 140 });
    await hud.goto(`${serve.url}&view=hud`);
    await expect.poll(() => hud.getByTestId('hud-status').textContent(), { timeout: 10_000 }).toBe('running');
    // The HUD never opens the mic or plays: only the full window does.
    expect(await hud.getByTestId('mic-indicator').count()).toBe(0);
    expect(await hud.evaluate(() => window.__tandemPlayedSamples ?? 0)).toBe(0);

    await page.getByTestId('tab-tasks').click();
    await expect.poll(() => page.getByTestId('tasks-empty').isVisible()).toBe(true);

    await page.getByTestId('tab-reminders').click();
    await page.getByLabel('Remind in').fill('3');
    await page.getByLabel('Unit').selectOption('s');
    await page.getByLabel('Reminder text').fill('stand up and stretch');
    await page.getByRole('button', { name: 'Add reminder' }).click();
    await expect.poll(() => page.getByTestId('reminder').first().textContent(), { timeout: 5_000 }).toMatch(/stand up and stretch\s*in [1-3] s/);

    await expect.poll(() => page.getByTestId('caption-assistant').textContent(), { timeout: 15_000 }).toMatch(/Reminder: stand up and stretch\./);
    await expect.poll(() => hud.getByTestId('caption-assistant').textContent(), { timeout: 5_000 }).toMatch(/Reminder: stand up and stretch\./);
    // Words turn from still-to-come to played as the utterance plays, until all of it is said.
    expect(await page.locator('[data-testid="caption-assistant"] .word').count()).toBe(5);
    await expect.poll(() => hud.locator('[data-testid="caption-assistant"] .word.upcoming').count(), { timeout: 5_000 }).toBe(0);
    expect(await hud.locator('[data-testid="caption-assistant"] .word.played').count()).toBe(5);
    await hud.screenshot({ path: join(SCREENSHOTS, 'hud.png') });
    await expect.poll(() => page.getByTestId('reminders-empty').isVisible(), { timeout: 10_000 }).toBe(true);

    const events = await timelineOf(page);
    const scheduled = events.find((e) => e.kind === 'timer_scheduled');
    const due = events.find((e) => e.kind === 'timer_due');
    const spoken = events.find((e) => e.kind === 'assistant_speech_started' && e.payload.text === 'Reminder: stand up and stretch.');
    expect(scheduled?.payload).toMatchObject({ label: 'stand up and stretch' });
    expect(due).toMatchObject({ source: 'scheduler', atMs: scheduled?.payload.dueAtMs, payload: { label: 'stand up and stretch' } });
    // Nobody was speaking: said in the micro-turn it fell due, starting at the end of that turn.
    expect(spoken?.turn).toBe(due!.turn);
    expect(spoken?.atMs).toBe((due!.turn + 1) * 200);
    expect(spoken?.payload.utteranceKind).toBe('interjection');

    // A later reminder stays pending for the screenshot and for the crash below.
    await page.getByLabel('Remind in').fill('10');
    await page.getByLabel('Unit').selectOption('min');
    await page.getByLabel('Reminder text').fill('check the oven');
    await page.getByRole('button', { name: 'Add reminder' }).click();
    await expect.poll(() => page.getByTestId('reminder').count(), { timeout: 5_000 }).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'reminders.png'), fullPage: true });
    expect(await page.getByTestId('errors').count()).toBe(0);
  }, 90_000);

  it('a crashed page comes back in a new page: the session kept running, earlier events and the pending reminder are there, turns continue', async () => {
    const turnBefore = await turnOf(page);
    const crashed = new Promise<void>((resolveCrash) => page.once('crash', () => resolveCrash()));
    const cdp = await context.newCDPSession(page);
    cdp.send('Page.crash').catch(() => undefined); // the renderer dies before it can answer
    await crashed;

    const fresh = await context.newPage();
    await fresh.goto(serve.url);
    await expect.poll(() => fresh.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await expect.poll(() => turnOf(fresh), { timeout: 10_000 }).toBeGreaterThan(turnBefore);
    const turnAfterResync = await turnOf(fresh);
    await expect.poll(() => turnOf(fresh), { timeout: 10_000 }).toBeGreaterThan(turnAfterResync + 3);
    // The reminder spoken before the crash is still in the assistant's lane; the pending one is still listed by the engine.
    await expect.poll(() => fresh.locator('[data-testid="lane-assistant"] rect').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await fresh.getByTestId('tab-reminders').click();
    await expect.poll(() => fresh.getByTestId('reminder').first().textContent(), { timeout: 5_000 }).toMatch(/check the oven\s*in 9 min/);
    const events = await timelineOf(fresh);
    expect(events[0].kind).toBe('session_started');
    expect(events.filter((e) => e.kind === 'timer_due')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'session_started')).toHaveLength(1);
    // The HUD page lived through the main page's crash.
    expect(await hud.getByTestId('hud-status').textContent()).toBe('running');

    await fresh.getByRole('button', { name: 'Cancel reminder: check the oven' }).click();
    await expect.poll(() => fresh.getByTestId('reminders-empty').isVisible(), { timeout: 5_000 }).toBe(true);
    page = fresh;
  }, 60_000);

  it('a session that continues after an engine crash shows the notice with the exit code', async () => {
    expect((await invokeFromPage(page, 'session:stop')).ok).toBe(true);
    const started = await invokeFromPage(page, 'session:start', { afterEngineCrash: { previousSessionFolder: '/data/sessions/previous', exitCode: 139 } });
    expect(started.ok).toBe(true);
    await expect.poll(() => page.getByTestId('engine-crash-notice').textContent(), { timeout: 10_000 }).toMatch(/exit code 139.*\/data\/sessions\/previous/);
    expect((await invokeFromPage(page, 'session:stop')).ok).toBe(true);
  }, 30_000);
});
