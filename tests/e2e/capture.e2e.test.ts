// Camera and screen capture in real Chromium against serve mode: frames reach the engine, previews and indicators show it, an unplugged camera or mic is lost and restored while the session ticks on.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../common/timeline';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';


let workDir: string;
let serve: ServeMode;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-capture-e2e-'));
  // A moving test pattern: every sampled frame differs, so frames keep flowing while the camera is live.
  const cameraY4m = join(workDir, 'camera.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '3', '-pix_fmt', 'yuv420p', '-y', cameraY4m]);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {} });
    // Headless getDisplayMedia with the fake UI returns Chromium's synthetic screen, no picker.
  browser = await launchChromium({ videoY4m: cameraY4m });
  page = await (await browser.newContext()).newPage();
  await page.goto(serve.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The engine's own timeline of the running session (in memory, what session:sync answers). */
const timeline = (): TimelineEvent[] => serve.sessionHost.sync({ sinceSeq: 0 }).events;
const frames = (source: 'camera' | 'screen') => timeline().filter((event) => event.kind === 'frame' && event.payload.source === source);
const presence = (kind: 'source_lost' | 'source_restored', source: string) =>
  timeline().filter((event) => event.kind === kind && event.payload.source === source);
const turnShown = async () => Number((await page.getByTestId('session-status').textContent())?.match(/micro-turn (\d+)/)?.[1] ?? -1);

/** Test-only: ends a live capture track the way an unplugged device does (the track stops and fires 'ended'). */
const unplug = (source: 'mic' | 'camera') =>
  page.evaluate((which) => {
    const track = window.__tandemCaptureTracks?.[which];
    if (!track) throw new Error(`no live ${which} track`);
    track.stop();
    track.dispatchEvent(new Event('ended'));
  }, source);
/** A device was plugged in: the browser fires devicechange, and the fake device is listed again. */
const replug = () => page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));

describe('camera and screen capture over serve mode in Chromium', () => {
  it('sends camera and screen frames to the engine; the previews, overlay and live indicators show them', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await page.getByTestId('tab-capture').click();
    await page.getByRole('button', { name: 'Camera on' }).click();
    await page.getByRole('button', { name: 'Screen on' }).click();

    await expect.poll(() => page.getByTestId('camera-indicator').textContent(), { timeout: 10_000 }).toMatch(/camera live/);
    await expect.poll(() => page.getByTestId('screen-indicator').textContent(), { timeout: 10_000 }).toMatch(/screen live/);
    await expect.poll(() => page.getByTestId('tab-capture').textContent()).toMatch(/2 live/);
    await expect.poll(() => frames('camera').length, { timeout: 15_000 }).toBeGreaterThan(3);
    await expect.poll(() => frames('screen').length, { timeout: 15_000 }).toBeGreaterThan(0);

    // The frames the engine perceived: 320×240 camera (already that size); the screen is sent at up to 1920 px for OCR, and perceived within the 320×240 patch box.
    const camera = frames('camera');
    expect(camera[0].payload).toMatchObject({ source: 'camera', width: 320, height: 240 });
    expect(camera.map((event) => event.payload.frameIndex)).toEqual([...camera.map((event) => event.payload.frameIndex)].sort((a, b) => Number(a) - Number(b)));
    const screen = frames('screen')[0].payload;
    expect(Math.max(Number(screen.width), Number(screen.height))).toBeLessThanOrEqual(320);
    // The camera was present from its start: no source_lost yet.
    expect(presence('source_lost', 'camera')).toEqual([]);

    // The preview shows the last sent frame (real pixels) and the overlay layer drew on it.
    await expect.poll(async () => Number((await page.getByTestId('capture-camera-sent').textContent())?.match(/\d+/)?.[0] ?? 0)).toBeGreaterThan(3);
    const painted = await page.evaluate(() => {
      const count = (selector: string, channel: number) => {
        const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = channel; i < data.length; i += 4) if (data[i] > 0) n++;
        return { n, width: canvas.width, height: canvas.height };
      };
      return {
        frame: count('[data-testid="capture-camera-preview"] .capture-frame', 0),
        overlay: count('[data-testid="capture-camera-overlay"]', 3),
      };
    });
    expect(painted.frame).toMatchObject({ width: 320, height: 240 });
    expect(painted.frame.n).toBeGreaterThan(1_000);
    expect(painted.overlay.n).toBeGreaterThan(50);
    expect(await page.getByTestId('errors').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'capture.png'), fullPage: true });
  }, 90_000);

  it('an unplugged camera is lost (source_lost), explained, and the session keeps ticking; its return restarts capture (source_restored)', async () => {
    await unplug('camera');
    await expect.poll(() => presence('source_lost', 'camera').length, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('camera-indicator').textContent()).toMatch(/camera lost/);
    expect(await page.getByTestId('capture-camera-explanation').textContent()).toMatch(/camera was disconnected.*session keeps running.*restarts by itself/);
    const turnAtLoss = await turnShown();
    const framesAtLoss = frames('camera').length;
    await expect.poll(turnShown, { timeout: 5_000 }).toBeGreaterThan(turnAtLoss + 3);
    // No camera frame is perceived while the camera is absent; the screen carries on.
    expect(frames('camera').length).toBe(framesAtLoss);
    expect(await page.getByTestId('screen-indicator').textContent()).toMatch(/screen live/);
    await page.screenshot({ path: join(SCREENSHOTS, 'capture-camera-lost.png'), fullPage: true });

    await replug();
    await expect.poll(() => presence('source_restored', 'camera').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('camera-indicator').textContent()).toMatch(/camera live/);
    expect(await page.getByTestId('capture-camera-explanation').count()).toBe(0);
    await expect.poll(() => frames('camera').length, { timeout: 10_000 }).toBeGreaterThan(framesAtLoss);
    const lost = presence('source_lost', 'camera')[0];
    const restored = presence('source_restored', 'camera')[0];
    expect(restored.atMs).toBeGreaterThan(lost.atMs);
    expect(frames('camera').at(-1)!.atMs).toBeGreaterThan(restored.atMs);
  }, 60_000);

  it('an unplugged mic is lost and explained, the session keeps ticking, and it comes back with the device', async () => {
    await expect.poll(() => page.getByTestId('mic-indicator').textContent(), { timeout: 10_000 }).toMatch(/mic live/);
    await unplug('mic');
    await expect.poll(() => presence('source_lost', 'mic').length, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('mic-indicator').textContent()).toMatch(/mic lost/);
    expect(await page.getByTestId('mic-explanation').textContent()).toMatch(/microphone was disconnected/);
    const turnAtLoss = await turnShown();
    await expect.poll(turnShown, { timeout: 5_000 }).toBeGreaterThan(turnAtLoss + 3);
    await replug();
    await expect.poll(() => presence('source_restored', 'mic').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('mic-indicator').textContent()).toMatch(/mic live/);
  }, 60_000);

  it('“Camera off” turns it off: the source is marked absent, the indicator says so', async () => {
    await page.getByRole('button', { name: 'Camera off' }).click();
    await expect.poll(() => page.getByTestId('camera-indicator').textContent()).toMatch(/camera off/);
    await expect.poll(() => presence('source_lost', 'camera').length, { timeout: 5_000 }).toBe(2);
    expect(await page.getByTestId('capture-camera-explanation').count()).toBe(0);
  }, 30_000);

  it('the device pickers list the fake devices by name, and the chosen camera and mic are the ones opened next', async () => {
    const trackDevice = (source: 'mic' | 'camera') => page.evaluate((which) => window.__tandemCaptureTracks?.[which]?.getSettings().deviceId ?? null, source);
    const options = (label: string) =>
      page.getByRole('combobox', { name: label }).locator('option').evaluateAll((nodes) => nodes.map((node) => ({ value: (node as HTMLOptionElement).value, text: node.textContent ?? '' })));
    // Permission was granted above, so the browser names its devices.
    const cameras = (await options('Camera device')).filter((option) => option.value !== '');
    expect(cameras.length).toBeGreaterThan(0);
    for (const camera of cameras) expect(camera.text).not.toMatch(/name shown once/);
    const mics = (await options('Microphone device')).filter((option) => option.value !== '');
    expect(mics.length).toBeGreaterThan(1);

    const camera = cameras.at(-1)!.value;
    await page.getByRole('combobox', { name: 'Camera device' }).selectOption(camera);
    expect(await page.evaluate(() => localStorage.getItem('tandem.device.camera'))).toBe(camera);
    await page.getByRole('button', { name: 'Camera on' }).click();
    await expect.poll(() => page.getByTestId('camera-indicator').textContent(), { timeout: 10_000 }).toMatch(/camera live/);
    expect(await trackDevice('camera')).toBe(camera);

    // A mic other than the one open now; the next mic capture (here: after an unplug and replug) opens it.
    const micBefore = await trackDevice('mic');
    const mic = mics.find((option) => option.value !== micBefore)!.value;
    await page.getByRole('combobox', { name: 'Microphone device' }).selectOption(mic);
    expect(await page.evaluate(() => localStorage.getItem('tandem.device.mic'))).toBe(mic);
    await unplug('mic');
    await expect.poll(() => page.getByTestId('mic-indicator').textContent()).toMatch(/mic lost/);
    await replug();
    await expect.poll(() => page.getByTestId('mic-indicator').textContent(), { timeout: 10_000 }).toMatch(/mic live/);
    expect(await trackDevice('mic')).toBe(mic);
    // The choice survives a reload (kept in localStorage); the page that went away marked its live camera absent.
    const cameraLostBefore = presence('source_lost', 'camera').length;
    await page.reload();
    await expect.poll(() => presence('source_lost', 'camera').length, { timeout: 5_000 }).toBe(cameraLostBefore + 1);
    await page.getByTestId('tab-capture').click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Camera device' }).inputValue(), { timeout: 10_000 }).toBe(camera);
    expect(await page.getByRole('combobox', { name: 'Microphone device' }).inputValue()).toBe(mic);
  }, 60_000);
});
