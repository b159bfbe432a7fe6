// A text watch reads the terminal with the real tesseract (offline English data), only when its region changed, fires on the frame the quoted line appears, ignores near misses and text that was already there when it started.

import { describe, expect, it } from 'vitest';
import type { TerminalScene } from '../../../../main/bench/gen/visualWatchScenes';
import { TesseractScreenReader } from '../../../../main/perception/ocr';
import { VisualWatches, type WatchTextReader } from '../../../../main/perception/watch';
import { renderFrames, runWatch, watchSpec } from './watchClips';

/** The real reader, counting how often it is asked (to check that unchanged frames are not read). */
function countingTesseract(): WatchTextReader & { reads: number } {
  const reader = new TesseractScreenReader();
  return {
    reads: 0,
    async read(png) {
      this.reads++;
      return reader.read(png);
    },
    close: () => reader.close(),
  };
}

const grey: [number, number, number] = [204, 204, 204];
const terminal = (lines: TerminalScene['lines']): TerminalScene => ({ type: 'terminal', font: 'DejaVu Sans Mono', sizePx: 13, linePitchPx: 18, background: [24, 24, 27], lines });

describe('text watch', () => {
  it('fires on the frame "Deploy complete" is printed, not on "Deploy started", reading only frames that changed', async () => {
    const scene = terminal([
      { atMs: 0, text: 'dev@laptop:~/app$ npm run deploy', colour: grey },
      { atMs: 0, text: 'Bundling 148 modules', colour: grey },
      { atMs: 1000, text: '==> Deploy started', colour: grey },
      { atMs: 2000, text: 'Uploading artifacts', colour: grey },
      { atMs: 3000, text: '[ok] Deploy complete in 42s', colour: [98, 197, 84] },
    ]);
    // 2 fps for 4 s: 8 frames, of which 4 differ from the one before (0, 1000, 2000, 3000 ms).
    const frames = renderFrames(scene, { width: 560, height: 350, fps: 2, durationMs: 4000 });
    const ocr = countingTesseract();
    const watches = new VisualWatches({ ocr });
    try {
      const firings = await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'text', text: 'Deploy complete' }), 0);
      expect(firings.map((f) => [f.frameAtMs, f.frameIndex, f.detail.text])).toEqual([[3000, 6, 'Deploy complete']]);
      expect(String(firings[0].detail.read)).toMatch(/Deploy complete/i);
      expect(ocr.reads).toBe(4);
      expect(watches.list()).toEqual([]);
    } finally {
      await watches.dispose();
      await ocr.close();
    }
  }, 60_000);

  it('does not fire for text that was already on screen when the watch started', async () => {
    const scene = terminal([
      { atMs: 0, text: 'Build finished', colour: grey },
      { atMs: 1000, text: 'Checking types', colour: grey },
    ]);
    const frames = renderFrames(scene, { width: 480, height: 270, fps: 2, durationMs: 2000 });
    const watches = new VisualWatches();
    try {
      expect(await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'text', text: 'Build finished' }), 0)).toEqual([]);
      expect(watches.list().map((w) => w.fired)).toEqual([0]);
    } finally {
      await watches.dispose();
    }
  }, 60_000);

  it('frames that arrive while tesseract is busy (real time) still fire every watch on the frame the text appeared', async () => {
    const scene = terminal([
      { atMs: 0, text: 'Checking types', colour: grey },
      { atMs: 1000, text: 'Server ready on :8080', colour: grey },
    ]);
    const frames = renderFrames(scene, { width: 480, height: 270, fps: 2, durationMs: 1500 });
    const watches = new VisualWatches();
    try {
      // No waiting between frames: the first watch's baseline is being read, the second's waits, then the event frame comes.
      watches.push('screen', frames[0]);
      watches.add(watchSpec('screen', { kind: 'text', text: 'Server ready' }) as never, 0);
      watches.push('screen', frames[1]);
      watches.add({ ...watchSpec('screen', { kind: 'text', text: 'server READY' }), label: 'second' } as never, 500);
      watches.push('screen', frames[2]);
      await watches.whenIdle();
      expect(watches.take().map((f) => [f.watchId, f.frameAtMs])).toEqual([['watch-1', 1000], ['watch-2', 1000]]);
    } finally {
      await watches.dispose();
    }
  }, 60_000);
});
