// A colour watch stays quiet when the colour was already on screen when it started, when other badges change to other colours, when red code scrolls by, when a toast slides in, and when the screen dims.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { BLUE, GREEN, GREY, RED, YELLOW, ciScene, codeLines, renderFrames, runWatch, watchSpec } from './watchClips';

describe('colour watch distractors', () => {
  it('never fires on a dashboard where red was there from the start and only other colours change', async () => {
    const scene = ciScene(
      [
        { label: 'lint', badge: { initial: RED, changes: [] } },
        { label: 'build', badge: { initial: GREEN, changes: [{ atMs: 2000, colour: YELLOW }] } },
        { label: 'docs', badge: { initial: GREY, changes: [{ atMs: 3000, colour: BLUE }] } },
      ],
      {
        // A light theme whose strings are dark red, scrolling for 3 s: red moves, it does not appear.
        dark: false,
        code: codeLines([[60, 64, 70], [163, 21, 21], [0, 92, 197]]),
        scroll: { fromMs: 1000, toMs: 4000, linesPerS: 3 },
        toast: { atMs: 2500, colour: BLUE },
      },
    );
    const frames = renderFrames(scene, { width: 640, height: 360, fps: 5, durationMs: 6000, noiseSigma: 3, gain: (t) => 1 - (0.15 * t) / 6000 });
    const watches = new VisualWatches();
    expect(await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'colour', colour: 'red' }), 400)).toEqual([]);
    expect(watches.list().map((w) => w.fired)).toEqual([0]);
    await watches.dispose();
  });

  it('does fire when the same scrolling dashboard then turns a badge red (the quiet run above is not a deaf detector)', async () => {
    const scene = ciScene(
      [
        { label: 'lint', badge: { initial: RED, changes: [] } },
        { label: 'build', badge: { initial: GREEN, changes: [{ atMs: 5000, colour: RED }] } },
      ],
      { dark: false, code: codeLines([[60, 64, 70], [163, 21, 21], [0, 92, 197]]), scroll: { fromMs: 1000, toMs: 4000, linesPerS: 3 } },
    );
    const frames = renderFrames(scene, { width: 640, height: 360, fps: 5, durationMs: 6000, noiseSigma: 3 });
    const watches = new VisualWatches();
    expect((await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'colour', colour: 'red' }), 400)).map((f) => f.frameAtMs)).toEqual([5000]);
    await watches.dispose();
  });
});
