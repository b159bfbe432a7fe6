// Speech recognition end to end in real Chromium over serve mode: the page's mic speech is recognized by the installed (test-made) Moonshine model and shown as the user's caption.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent, UserWordsPayload } from '../../common/timeline';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';
import { installTestAsr, TEST_TEXT } from '../main/models/asr/asrModel.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;
let page: Page;
const savedEnv = { TANDEM_CATALOG: process.env.TANDEM_CATALOG, TANDEM_MODELS_DIR: process.env.TANDEM_MODELS_DIR };

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-asr-e2e-'));
  // The catalog's default ASR is the test-made model, installed through the model store as a pull would.
  const installed = await installTestAsr(join(workDir, 'asr'));
  Object.assign(process.env, installed.env);
  const raw = join(workDir, 'raw.wav');
  const speechWav = join(workDir, 'speech.wav');
  // Speech, then silence so the segment ends; Chromium loops the file.
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, 'Hello Tandem, how are you today?']);
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', speechWav, 'pad', '0.5', '3']);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {} });
  browser = await launchChromium({ audioWav: speechWav });
  page = await (await browser.newContext()).newPage();
  await page.goto(serve.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const timeline = (): TimelineEvent[] => serve.sessionHost.sync({ sinceSeq: 0 }).events;
const finals = () => timeline().filter((e) => e.kind === 'user_words' && e.payload.final === true);

describe('speech recognition over serve mode in Chromium', () => {
  it('recognizes the mic speech with the installed model and shows it as the user caption', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    expect(timeline()[0].payload.asr).toMatchObject({ name: 'test-moonshine' });

    await expect.poll(() => finals().length, { timeout: 30_000 }).toBeGreaterThan(0);
    const heard = (finals()[0].payload as UserWordsPayload).words.map((w) => w.word).join(' ');
    // The test model spells its script, one piece per 200 ms of the segment: a non-empty prefix of it.
    expect(heard.length).toBeGreaterThan(0);
    expect(TEST_TEXT.startsWith(heard)).toBe(true);
    // The caption shows the words (partial or final) under "You".
    await expect.poll(() => page.getByTestId('caption-user').textContent(), { timeout: 15_000 }).toMatch(/^You\s*hello/);
    expect(timeline().some((e) => e.kind === 'error')).toBe(false);
    expect(await page.getByTestId('errors').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'asr-user-caption.png'), fullPage: true });
  }, 90_000);
});
