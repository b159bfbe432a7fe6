// The background model in real Chromium over serve mode: a provider added in Settings (a loopback OpenAI-compatible server) answers a typed question; the task streams in the Tasks panel and the answer is spoken.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';
import { finishChunk, startLoopbackServer, textChunk, type LoopbackServer } from '../main/background/loopbackOpenAiServer.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;
let server: LoopbackServer;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-background-'));
  // A slow answer (a chunk every 300 ms), so the filler and the streaming task are visible.
  server = await startLoopbackServer([{ kind: 'stream', chunks: [textChunk('Fried rice '), textChunk('with a fried egg '), textChunk('takes about fifteen minutes.'), finishChunk()], delayMs: 300, firstDelayMs: 800 }]);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), log: () => {} });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function openPanel(page: Page, id: 'settings' | 'tasks'): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
  await page.getByTestId(`panel-${id}`).waitFor();
}

describe('background model in Chromium over serve mode', () => {
  it('a provider added in Settings answers a typed question: filler, streamed task, spoken answer', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await openPanel(page, 'settings');
    await page.getByTestId('background-none').waitFor();
    await page.getByRole('textbox', { name: 'Provider name' }).fill('loop');
    await page.getByRole('textbox', { name: 'Base URL' }).fill(server.baseURL);
    await page.getByRole('textbox', { name: 'Model name' }).fill('tiny');
    await page.getByRole('button', { name: 'Add' }).click();
    const row = page.getByTestId('background-provider-loop');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain(`${server.baseURL} on this machine: nothing leaves it`);
    expect(await page.getByRole('radio', { name: 'Use loop' }).isChecked()).toBe(true);
    const saved = JSON.parse(readFileSync(join(workDir, 'settings.json'), 'utf8'));
    expect(saved.background).toMatchObject({ active: 'loop', providers: [{ id: 'loop', kind: 'openai', baseURL: server.baseURL, model: 'tiny' }] });
    await page.getByTestId('background-settings').screenshot({ path: join(SCREENSHOTS, 'settings-background-model.png') });

    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await page.getByRole('textbox', { name: 'Type to Tandem' }).fill('How long does fried rice take?');
    await page.getByRole('button', { name: 'Send' }).click();
    await openPanel(page, 'tasks');
    await page.getByTestId('task').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('task').textContent(), { timeout: 15_000 }).toContain('takes about fifteen minutes.');
    await expect.poll(() => page.getByTestId('task').getAttribute('class'), { timeout: 10_000 }).toContain('task-done');
    // The captions show what the assistant said: the filler first, then the answer.
    await expect.poll(() => page.getByTestId('captions').textContent(), { timeout: 15_000 }).toContain('Fried rice');
    await page.screenshot({ path: join(SCREENSHOTS, 'background-answer.png'), fullPage: true });
    const request = server.requests.at(-1)!;
    expect((request.messages as Array<{ role: string; content: string }>).at(-1)).toEqual({ role: 'user', content: 'How long does fried rice take?' });
    await page.getByRole('button', { name: 'Stop' }).click();
    await context.close();
  }, 90_000);
});
