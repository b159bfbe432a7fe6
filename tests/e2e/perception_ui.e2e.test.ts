// Seeing and timing in the page, in real Chromium against serve mode: a watch added from the form (region dragged on the screen preview) is listed, survives a page reload, is drawn on the preview and is cancelled; refusals are shown beside the form; the live count and code findings are drawn on the previews.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeFinding } from '../../common/perception';
import type { TimelineEvent } from '../../common/timeline';
import { LiveSessionHost } from '../../main/live/liveSession';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, overlayPixels, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';

let workDir: string;
let serve: ServeMode;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-perception-ui-'));
  // This file injects the count and the findings itself (tests/e2e/repetition_count and the code reading's own tests
  // make them for real); the real code reader would read the synthetic screen, and its OCR would compete for the
  // two cores with the WebSocket proxy this file puts between the page and the engine (every 1920-px frame crosses it).
  const sessionHost = new LiveSessionHost({ defaultIm: 'harness', sessionsDir: join(workDir, 'sessions'), log: () => {}, perception: { codeWatch: false } });
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {}, sessionHost });
  // Headless getDisplayMedia with the fake UI returns Chromium's synthetic screen, no picker.
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(serve.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  await serve?.sessionHost.stop();
  await serve?.sessionHost.disposeTools();
  await serve?.sessionHost.models.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Drags from one point to another of an element, in fractions of its box. */
async function dragOn(target: Page, testId: string, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await target.getByTestId(testId).boundingBox())!;
  await target.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await target.mouse.down();
  await target.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), { steps: 3 });
  await target.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 3 });
  await target.mouse.up();
}

describe('watches in the Timers & watches panel (Chromium, serve mode)', () => {
  it('a form left incomplete says which field is missing, before asking the engine', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await page.getByTestId('tab-reminders').click();
    await expect.poll(() => page.getByTestId('tab-reminders').textContent()).toMatch(/Timers & watches/);
    await expect.poll(() => page.getByTestId('watches-empty').isVisible(), { timeout: 5_000 }).toBe(true);
    await page.getByRole('button', { name: 'Add watch' }).click();
    await expect.poll(() => page.getByTestId('watch-error').textContent()).toMatch(/The watch is not complete: what to say: /);
    // A region was asked for but none drawn: say how to draw one.
    await page.getByLabel('What to say').fill('the build turned red');
    await page.getByLabel('a region').check();
    await page.getByRole('button', { name: 'Add watch' }).click();
    await expect.poll(() => page.getByTestId('watch-error').textContent()).toBe('Drag a rectangle on the screen preview below, or choose the whole frame.');
    expect(await page.getByTestId('region-picker-empty').textContent()).toMatch(/Turn the screen on/);
    await page.getByLabel('whole frame').check();
  }, 30_000);

  it('an engine that refuses the watch: its reason is shown beside the form, nothing is listed', async () => {
    // Fault injection on the page's bridge socket: everything passes through, but watches:add is answered as an
    // engine without a watch signal answers it (the live session before the watch signal is wired into it).
    const refusing = await context.newPage();
    await refusing.routeWebSocket(/\/bridge/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (typeof message === 'string') {
          const parsed = JSON.parse(message) as { type: string; id: number; channel: string };
          if (parsed.channel === 'watches:add') {
            ws.send(JSON.stringify({ type: 'result', id: parsed.id, ok: false, error: 'Cannot set the watch: Visual watches are not available in this session (no watch signal was configured).' }));
            return;
          }
        }
        server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
    await refusing.goto(serve.url);
    await expect.poll(() => refusing.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await refusing.getByTestId('tab-reminders').click();
    await refusing.getByLabel('What to say').fill('the kettle is on');
    await refusing.getByLabel('Watch source').selectOption('camera');
    await refusing.getByLabel('Condition').selectOption('on');
    await refusing.getByRole('button', { name: 'Add watch' }).click();
    await expect
      .poll(() => refusing.getByTestId('watch-error').textContent(), { timeout: 5_000 })
      .toBe('Could not add the watch: Cannot set the watch: Visual watches are not available in this session (no watch signal was configured).');
    expect(await refusing.getByTestId('watch-error').getAttribute('role')).toBe('alert');
    expect(await refusing.getByTestId('watches-empty').isVisible()).toBe(true);
    await refusing.screenshot({ path: join(SCREENSHOTS, 'watches-refused.png'), fullPage: true });
    await refusing.close();
  }, 30_000);

  // Needs the live session's watch signal (the lead's wiring of VisualWatches into the live session); until then
  // the engine answers watches:add with "not available" and this test fails at the first listing.
  it('a watch added from the form with a region dragged on the screen is listed, drawn on the preview, survives a reload, and is cancelled', async () => {
    await page.getByTestId('tab-capture').click();
    await page.getByRole('button', { name: 'Screen on' }).click();
    await expect.poll(() => page.getByTestId('screen-indicator').textContent(), { timeout: 10_000 }).toMatch(/screen live/);
    await expect.poll(async () => Number((await page.getByTestId('capture-screen-sent').textContent())?.match(/\d+/)?.[0] ?? 0), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByTestId('tab-reminders').click();
    await page.getByLabel('Watch source').selectOption('screen');
    await page.getByLabel('Condition').selectOption('colour');
    await page.getByLabel('Colour').selectOption('red');
    await page.getByLabel('What to say').fill('the build turned red');
    await page.getByLabel('a region').check();
    await dragOn(page, 'region-picker', [0.5, 0.25], [0.75, 0.75]);
    await expect.poll(() => page.getByTestId('region-fractions').textContent()).toBe('region 25% × 50% at 50%, 25%');
    await page.getByRole('button', { name: 'Add watch' }).click();
    await expect.poll(() => page.getByTestId('watch').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('watch').textContent()).toMatch(/the build turned red — screen: turns red \(region 25% × 50% at 50%, 25%\)/);
    expect(await page.getByTestId('watch-error').count()).toBe(0);
    const listed = serve.sessionHost.listWatches().watches;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ source: 'screen', condition: { kind: 'colour', colour: 'red' }, label: 'the build turned red', repeat: false });
    expect(listed[0].region!.x).toBeCloseTo(0.5, 1);
    expect(listed[0].region!.width).toBeCloseTo(0.25, 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'watches.png'), fullPage: true });

    // The screen preview draws the region dashed in the watch colour (#4fc3f7), inside the region only.
    await page.getByTestId('tab-capture').click();
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="capture-screen-overlay"]')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inside = 0;
      let outside = 0;
      for (let y = 0; y < canvas.height; y++) {
        for (let x = 0; x < canvas.width; x++) {
          const i = (y * canvas.width + x) * 4;
          if (data[i + 3] === 255 && Math.abs(data[i] - 0x4f) < 8 && Math.abs(data[i + 1] - 0xc3) < 8 && Math.abs(data[i + 2] - 0xf7) < 8) {
            // The label starts at the region's corner and may run past its right edge.
            if (x >= canvas.width * 0.45 && y >= canvas.height * 0.2 && y <= canvas.height * 0.8) inside++;
            else outside++;
          }
        }
      }
      return { inside, outside };
    });
    expect(drawn.inside).toBeGreaterThan(50);
    expect(drawn.outside).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'capture-watch-region.png'), fullPage: true });

    // A reload: the engine holds the watch, the new page lists it again.
    await page.reload();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await page.getByTestId('tab-reminders').click();
    await expect.poll(() => page.getByTestId('watch').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('tab-reminders').textContent()).toMatch(/Timers & watches\s*1/);

    await page.getByRole('button', { name: 'Cancel watch: the build turned red' }).click();
    await expect.poll(() => page.getByTestId('watches-empty').isVisible(), { timeout: 5_000 }).toBe(true);
    expect(serve.sessionHost.listWatches().watches).toEqual([]);
    const watchKinds = () => serve.sessionHost.sync({ sinceSeq: 0 }).events.map((event) => event.kind).filter((kind) => kind === 'watch_added' || kind === 'watch_cancelled');
    await expect.poll(watchKinds, { timeout: 5_000 }).toEqual(['watch_added', 'watch_cancelled']);
    expect(await page.getByTestId('errors').count()).toBe(0);
  }, 90_000);

  it('the camera preview shows the live count and the final count; the screen preview boxes the findings of the latest reading, and a click on the list highlights one', async () => {
    // Engine events injected into the page's bridge socket: what the live session emits once the repetition
    // counter and the code reader are wired into it (their own tests cover how they are produced).
    let inject: (event: TimelineEvent) => void = () => {
      throw new Error('the page has not opened its bridge socket');
    };
    const shown = await context.newPage();
    await shown.routeWebSocket(/\/bridge/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => ws.send(message));
      inject = (event) => ws.send(JSON.stringify({ type: 'event', channel: 'timeline:event', payload: event }));
    });
    await shown.goto(serve.url);
    await expect.poll(() => shown.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running|idle|stopped/);
    if (!/running/.test((await shown.getByTestId('session-status').textContent()) ?? '')) await shown.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => shown.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await shown.getByTestId('tab-capture').click();
    await shown.getByRole('button', { name: 'Camera on' }).click();
    await shown.getByRole('button', { name: 'Screen on' }).click();
    for (const source of ['camera', 'screen']) {
      await expect.poll(async () => Number((await shown.getByTestId(`capture-${source}-sent`).textContent())?.match(/\d+/)?.[0] ?? 0), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const screenFrame = await shown.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="capture-screen-preview"] .capture-frame')!;
      return { width: canvas.width, height: canvas.height };
    });
    // The synthetic screen is sent at its own size up to 1920 px: larger than the 320 px the camera gets.
    expect(Math.max(screenFrame.width, screenFrame.height)).toBeGreaterThan(320);
    expect(Math.max(screenFrame.width, screenFrame.height)).toBeLessThanOrEqual(1920);

    // Events are stamped with the session's time now (as the engine would), so the view's clock agrees with them.
    const nowTurn = () => serve.sessionHost.sync({ sinceSeq: 0 }).status.turn;
    let seq = 1_000_000;
    let turn = nowTurn();
    let atMs = turn * 200;
    const event = (kind: TimelineEvent['kind'], payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn, atMs, source: 'engine', kind, payload });
    const { width, height } = screenFrame;
    const finding = (id: string, line: number, message: string, top: number): CodeFinding => ({
      id,
      line,
      message,
      rule: 'tandem:test',
      language: 'typescript',
      lineText: 'if (a = b) {',
      box: { x: Math.round(width * 0.1), y: Math.round(height * top), width: Math.round(width * 0.6), height: Math.round(height * 0.06) },
      frameWidth: width,
      frameHeight: height,
      ocrConfidence: 90,
    });
    const reading = (frameIndex: number, status: string, message?: string) =>
      event('code_reading', { frameIndex, frameAtMs: atMs, status, ...(message ? { message } : {}), language: status === 'code' ? 'typescript' : null, heldBack: 0, linesRead: 30, firstLine: 1, lastLine: 30, elapsedMs: 900, newFindings: 2 });
    inject(event('counting_started', { exercise: 'squats', cameraPresent: true }));
    for (let count = 1; count <= 7; count++) inject(event('repetition', { count, repStartMs: atMs, repEndMs: atMs, detectedAtMs: atMs, periodMs: 1000, confidence: 0.9, exercise: 'squats' }));
    inject(reading(5_000, 'code'));
    inject(event('code_findings', { frameIndex: 5_000, language: 'typescript', findings: [finding('f14', 14, '`=` in the condition, did you mean `===`?', 0.3), finding('f20', 20, "Cannot find name 'conut'.", 0.6)] }));

    /** Opaque overlay pixels of one colour (±8 per channel) on a preview's overlay canvas. */
    const pixelsOf = (source: 'camera' | 'screen', rgb: [number, number, number]) => overlayPixels(shown, source, rgb);
    await expect.poll(() => shown.getByTestId('code-finding').count(), { timeout: 5_000 }).toBe(2);
    expect(await shown.getByTestId('code-finding').first().textContent()).toMatch(/line 20 Cannot find name 'conut'\./);
    await expect.poll(() => pixelsOf('camera', [0x69, 0xf0, 0xae]), { timeout: 5_000 }).toBeGreaterThan(100); // the count
    await expect.poll(() => pixelsOf('screen', [0xff, 0x52, 0x52]), { timeout: 5_000 }).toBeGreaterThan(100); // the finding boxes
    expect(await pixelsOf('screen', [0xff, 0xeb, 0x3b])).toBe(0);
    await shown.getByRole('button', { name: /line 14/ }).click();
    expect(await shown.getByRole('button', { name: /line 14/ }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => pixelsOf('screen', [0xff, 0xeb, 0x3b]), { timeout: 5_000 }).toBeGreaterThan(100); // the selected one
    await shown.screenshot({ path: join(SCREENSHOTS, 'capture-count-and-findings.png'), fullPage: true });

    // Counting stops: the final count stays; the screen changes and is read again without code: the boxes go, the list stays.
    turn = nowTurn();
    atMs = turn * 200;
    inject(event('counting_stopped', { exercise: 'squats', count: 7, reason: 'asked' }));
    inject(reading(5_001, 'no_code', 'No code on the screen (nothing read looked like source code).'));
    // The final count stays for FINAL_COUNT_SHOWN_MS (8 s of session time): checked first, while it is still up.
    await expect.poll(() => pixelsOf('camera', [0x69, 0xf0, 0xae]), { timeout: 3_000 }).toBeGreaterThan(100);
    await expect.poll(() => shown.getByTestId('code-reading-message').textContent(), { timeout: 5_000 }).toBe('No code on the screen (nothing read looked like source code).');
    await expect.poll(() => pixelsOf('screen', [0xff, 0x52, 0x52]), { timeout: 5_000 }).toBe(0);
    expect(await pixelsOf('screen', [0xff, 0xeb, 0x3b])).toBe(0);
    expect(await shown.getByTestId('code-finding').count()).toBe(2);
    expect(await shown.getByTestId('errors').count()).toBe(0);
    await shown.close();
  }, 60_000);
});
