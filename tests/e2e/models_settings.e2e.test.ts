// Settings › Models in real Chromium over serve mode: a catalog model downloads from a loopback server with a progress bar, is shown installed, and is removed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';
import { ModelFileServer, catalogFileFor, randomContent, testCatalog } from '../main/models/catalog/modelServer.fixture';

let workDir: string;
let serve: ServeMode;
let browser: Browser;
let files: ModelFileServer;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-models-'));
  files = new ModelFileServer();
  await files.start();
  const encoder = randomContent(1_950_000);
  const tokenizer = randomContent(50_000);
  files.serve('/moonshine/encoder.onnx', encoder);
  files.serve('/moonshine/tokenizer.json', tokenizer);
  // Slow enough to see the bar move: 100 kB every 60 ms (about 1.2 s for the encoder).
  files.behaviour.slowChunk = { bytes: 100_000, everyMs: 60 };
  const catalog = testCatalog([{ name: 'moonshine-test', files: [catalogFileFor(files, '/moonshine/encoder.onnx', encoder), catalogFileFor(files, '/moonshine/tokenizer.json', tokenizer)] }]);
  const catalogPath = join(workDir, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  process.env.TANDEM_CATALOG = catalogPath;
  process.env.TANDEM_MODELS_DIR = join(workDir, 'models');
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), log: () => {} });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  await files?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('Settings › Models in Chromium over serve mode', () => {
  it('downloads a model with a moving progress bar, shows it installed, and removes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.getByTestId('tab-settings').click();
    const model = page.getByTestId('model-moonshine-test');
    await model.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('model-state-moonshine-test').textContent()).toBe('not installed');
    expect(await model.textContent()).toContain('2.0 MB');

    await model.getByRole('button', { name: 'Download' }).click();
    const bar = page.getByRole('progressbar', { name: 'Downloading moonshine-test' });
    await bar.waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0);
    const early = Number(await bar.getAttribute('value'));
    await page.getByTestId('models-settings').screenshot({ path: join(SCREENSHOTS, 'settings-models.png') });
    await expect.poll(async () => (await bar.isVisible()) ? Number(await bar.getAttribute('value')) : Number.POSITIVE_INFINITY, { timeout: 10_000 }).toBeGreaterThan(early);
    await expect.poll(() => page.getByTestId('model-state-moonshine-test').textContent(), { timeout: 20_000 }).toBe('installed');

    await model.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByTestId('model-state-moonshine-test').textContent(), { timeout: 10_000 }).toBe('not installed');
    await context.close();
  }, 60_000);
});
