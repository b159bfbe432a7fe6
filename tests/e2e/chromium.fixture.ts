// Shared setup of the end-to-end tests in Debian's Chromium: one locked build of the app for all test files, and the browser flags that work here.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { ensureBuilt } from '../main/cli/cli.fixture';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');
/** What serve mode serves: the renderer as `npm run build` leaves it. */
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');

/** The flags checked on these machines (../shared/TOOLCHAIN.md): no sandbox or GPU, nothing phoning home, autoplay allowed. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
];

/**
 * Builds out/ when its sources changed (test files run in parallel workers; the build lock keeps them from
 * writing out/ at the same time) and makes sure the screenshot folder exists.
 */
export async function buildForEndToEnd(): Promise<void> {
  await ensureBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
}

export interface FakeMedia {
  /** A wav the fake microphone plays in a loop. */
  audioWav?: string;
  /** A y4m the fake camera plays in a loop. */
  videoY4m?: string;
  /** Answer permission prompts with "allow" (default true); false leaves them to the test. */
  allowPrompts?: boolean;
}

/** Headless Debian Chromium with fake capture devices; headless getDisplayMedia gives Chromium's synthetic screen. */
export function launchChromium(media: FakeMedia = {}): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS, '--use-fake-device-for-media-stream'];
  if (media.allowPrompts ?? true) args.push('--use-fake-ui-for-media-stream');
  if (media.audioWav) args.push(`--use-file-for-fake-audio-capture=${media.audioWav}`);
  if (media.videoY4m) args.push(`--use-file-for-fake-video-capture=${media.videoY4m}`);
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
}

/** How many opaque pixels of the overlay canvas drawn on a capture preview have this colour (±7 per channel). */
export function overlayPixels(page: Page, source: 'camera' | 'screen', rgb: readonly [number, number, number]): Promise<number> {
  return page.evaluate(
    ([source, rgb]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="capture-${source}-overlay"]`)!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && Math.abs(data[i] - rgb[0]) < 8 && Math.abs(data[i + 1] - rgb[1]) < 8 && Math.abs(data[i + 2] - rgb[2]) < 8) n++;
      return n;
    },
    [source, rgb] as const,
  );
}
