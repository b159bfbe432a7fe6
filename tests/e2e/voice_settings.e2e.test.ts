// The Voice section of Settings in real Chromium over serve mode: a voice, rate and pitch chosen there persist in settings.json and across a reload, and the next session's session_started names that voice.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';

let workDir: string;
let serve: ServeMode;
let browser: Browser;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-voice-'));
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), log: () => {} });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The session_started payload of the only session recorded so far. */
function firstSessionStarted(): Record<string, unknown> | undefined {
  const sessions = join(workDir, 'sessions');
  let folders: string[];
  try {
    folders = readdirSync(sessions);
  } catch {
    return undefined;
  }
  if (folders.length !== 1) return undefined;
  try {
    const first = readFileSync(join(sessions, folders[0], 'timeline.jsonl'), 'utf8').split('\n')[0];
    const event = JSON.parse(first) as { kind: string; payload: Record<string, unknown> };
    return event.kind === 'session_started' ? event.payload : undefined;
  } catch {
    return undefined;
  }
}

describe('voice settings in Chromium over serve mode', () => {
  it('a voice, rate and pitch chosen in Settings persist and the next session speaks with them', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('voice-settings').waitFor();
    expect(await page.getByRole('combobox', { name: 'Voice' }).inputValue()).toBe('espeak');
    expect(await page.getByTestId('voice-rate-value').textContent()).toBe('175');

    await page.getByRole('combobox', { name: 'Voice' }).selectOption('espeak:en-us+f3');
    await expect.poll(() => page.getByRole('combobox', { name: 'Voice' }).inputValue()).toBe('espeak:en-us+f3');
    await page.getByRole('slider', { name: 'Voice rate' }).fill('220');
    await expect.poll(() => page.getByTestId('voice-rate-value').textContent()).toBe('220');
    await page.getByRole('slider', { name: 'Voice pitch' }).fill('30');
    await expect.poll(() => page.getByTestId('voice-pitch-value').textContent()).toBe('30');
    await expect.poll(() => JSON.parse(readFileSync(join(workDir, 'settings.json'), 'utf8')).voice).toEqual({ name: 'espeak:en-us+f3', rate: 220, pitch: 30 });
    await page.getByTestId('voice-settings').screenshot({ path: join(SCREENSHOTS, 'settings-voice.png') });

    // A reload reads them back from the settings file.
    await page.reload();
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('voice-settings').waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Voice' }).inputValue()).toBe('espeak:en-us+f3');
    expect(await page.getByTestId('voice-rate-value').textContent()).toBe('220');
    expect(await page.getByTestId('voice-pitch-value').textContent()).toBe('30');

    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 15_000 }).toMatch(/running/);
    await expect.poll(firstSessionStarted, { timeout: 10_000 }).toBeDefined();
    const started = firstSessionStarted()!;
    expect(started.voice).toBe('espeak-ng:en-us+f3');
    expect(started.voiceChoice).toEqual({ kind: 'espeak', voice: 'en-us+f3', rate: 220, pitch: 30 });
    await expect.poll(() => page.getByTestId('voice-in-use').textContent(), { timeout: 10_000 }).toBe('This session speaks with espeak-ng:en-us+f3.');
    await page.getByRole('button', { name: 'Stop' }).click();
    await context.close();
  }, 90_000);
});
