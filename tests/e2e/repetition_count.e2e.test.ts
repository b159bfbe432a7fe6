// Counting repetitions for real, in Chromium against serve mode: a fake camera plays a periodic clip, "count my reps" is typed, the engine's counter counts, the assistant says the numbers and the preview shows them; "stop counting" says the total.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../common/timeline';
import { startServeMode, type ServeMode } from '../../main/serve/serveMode';
import { buildForEndToEnd, launchChromium, overlayPixels, RENDERER_DIR, SCREENSHOTS } from './chromium.fixture';

const PERIOD_S = 1.5;

let workDir: string;
let serve: ServeMode;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildForEndToEnd();
  workDir = mkdtempSync(join(tmpdir(), 'tandem-count-e2e-'));
  // An orange weight swinging once per period on an ellipse over a grey room: a whole number of periods, so
  // Chromium's looping of the file is seamless. Made by ffmpeg, not by the benchmark's generator.
  const cameraY4m = join(workDir, 'camera.y4m');
  const w = `2*PI*t/${PERIOD_S}`;
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x5a6070:s=320x240:r=15:d=${PERIOD_S * 6}`,
    '-f', 'lavfi', '-i', `color=c=0xe07020:s=60x60:r=15:d=${PERIOD_S * 6}`,
    '-filter_complex', `[0]drawbox=x=60:y=170:w=200:h=30:color=0x303840:t=fill[room];[room][1]overlay=x='130+50*cos(${w})':y='80-30*sin(${w})':shortest=1`,
    '-pix_fmt', 'yuv420p', cameraY4m,
  ]);
  serve = await startServeMode({ port: 0, rendererDir: RENDERER_DIR, sessionsDir: join(workDir, 'sessions'), im: 'harness', log: () => {} });
  browser = await launchChromium({ videoY4m: cameraY4m });
  page = await (await browser.newContext()).newPage();
  await page.goto(serve.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const timeline = (): TimelineEvent[] => serve.sessionHost.sync({ sinceSeq: 0 }).events;
const ofKind = (kind: string) => timeline().filter((event) => event.kind === kind);
const said = () => ofKind('assistant_speech_started').map((event) => String(event.payload.text));

async function type(text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Type to Tandem' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('repetition counting from the camera, end to end', () => {
  it('counts the swings seen by the camera, says each number and the total, and draws the count on the preview', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent(), { timeout: 10_000 }).toMatch(/running/);
    await page.getByTestId('tab-capture').click();
    await page.getByRole('button', { name: 'Camera on' }).click();
    await expect.poll(() => page.getByTestId('camera-indicator').textContent(), { timeout: 10_000 }).toMatch(/camera live/);

    // Nothing is counted before the user asks, however periodic the picture.
    await expect.poll(() => ofKind('frame').filter((event) => event.payload.source === 'camera').length, { timeout: 15_000 }).toBeGreaterThan(5);
    expect(ofKind('repetition')).toEqual([]);

    await type('count my reps');
    await expect.poll(() => ofKind('counting_started').length, { timeout: 5_000 }).toBe(1);
    // Four swings take 6 s; live frames arrive at ≤ 5 fps, only when changed, so allow for a slow machine.
    await expect.poll(() => ofKind('repetition').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);

    const reps = ofKind('repetition');
    expect(reps.map((event) => event.payload.count)).toEqual(reps.map((_, index) => index + 1));
    // One count per swing: consecutive ends are about one period apart (not half, not double).
    const gaps = reps.slice(1).map((event, index) => Number(event.payload.repEndMs) - Number(reps[index].payload.repEndMs));
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThan(PERIOD_S * 1000 * 0.6), expect(gap).toBeLessThan(PERIOD_S * 1000 * 1.5);
    // The numbers are said (the newest of any that came together) and announced.
    await expect.poll(() => said().filter((text) => /^(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)$/.test(text)).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    // The live count is drawn on the camera preview (the overlay's count colour), with real frames under it.
    await expect.poll(() => overlayPixels(page, 'camera', [0x69, 0xf0, 0xae]), { timeout: 5_000 }).toBeGreaterThan(100);
    await page.getByTestId('capture-camera').screenshot({ path: join(SCREENSHOTS, 'capture-live-count.png') });
    const announced = ofKind('model_event').filter((event) => event.payload.event === 'announce' && typeof event.payload.count === 'number');
    expect(announced.map((event) => event.payload.count)).toEqual(reps.slice(0, announced.length).map((event) => event.payload.count));

    await type('stop counting');
    await expect.poll(() => ofKind('counting_stopped').length, { timeout: 5_000 }).toBe(1);
    const total = Number(ofKind('counting_stopped')[0].payload.count);
    expect(total).toBeGreaterThanOrEqual(4);
    await expect.poll(() => said().some((text) => /^That's .+ in total\.$/.test(text)), { timeout: 5_000 }).toBe(true);
    // After the stop nothing more is counted.
    const countedAtStop = ofKind('repetition').length;
    await page.waitForTimeout(PERIOD_S * 2000);
    expect(ofKind('repetition').length).toBe(countedAtStop);
    expect(ofKind('error')).toEqual([]);
  }, 120_000);
});
