// A colour watch fires on the very frame a CI badge turns the colour — among badges that already have it, lose it or turn other colours, at any resolution, also when the capture's resolution changes after the watch started.

import { describe, expect, it } from 'vitest';
import { VisualWatches } from '../../../../main/perception/watch';
import { BLUE, GREEN, GREY, RED, YELLOW, ciScene, renderFrames, runWatch, watchSpec } from './watchClips';

describe('colour watch', () => {
  it('fires once, on the frame the build badge turns red, while other badges keep, lose or change colours', async () => {
    const scene = ciScene([
      { label: 'lint', badge: { initial: RED, changes: [] } },
      { label: 'build', badge: { initial: GREEN, changes: [{ atMs: 3000, colour: RED }] } },
      { label: 'e2e', badge: { initial: RED, changes: [{ atMs: 2000, colour: GREY }] } },
      { label: 'docs', badge: { initial: YELLOW, changes: [{ atMs: 1500, colour: BLUE }] } },
    ]);
    const frames = renderFrames(scene, { width: 640, height: 360, fps: 5, durationMs: 5000, noiseSigma: 2 });
    const watches = new VisualWatches();
    const firings = await runWatch(watches, 'screen', frames, watchSpec('screen', { kind: 'colour', colour: 'red' }), 600);
    expect(firings.map((f) => [f.watchId, f.frameAtMs, f.frameIndex, f.source])).toEqual([['watch-1', 3000, 15, 'screen']]);
    // The group it found is the build badge (row 2 of the dashboard: x 0.84, y 0.28).
    const box = firings[0].detail.box as { x: number; y: number; width: number; height: number };
    expect(box.x).toBeGreaterThan(0.82);
    expect(Math.abs(box.y - 0.28)).toBeLessThan(0.02);
    // One-shot: gone from the list once fired.
    expect(watches.list()).toEqual([]);
    await watches.dispose();
  });

  it('fires on a green badge on a 1920×1080 screen, and after the capture drops to 480×270', async () => {
    const scene = ciScene([
      { label: 'build', badge: { initial: YELLOW, changes: [{ atMs: 2000, colour: GREEN }] } },
      { label: 'tests', badge: { initial: GREEN, changes: [] } },
    ]);
    const big = renderFrames(scene, { width: 1920, height: 1080, fps: 2, durationMs: 3000 });
    const watches = new VisualWatches();
    expect((await runWatch(watches, 'screen', big, watchSpec('screen', { kind: 'colour', colour: 'green' }), 0)).map((f) => f.frameAtMs)).toEqual([2000]);
    const small = renderFrames(scene, { width: 480, height: 270, fps: 2, durationMs: 3000 });
    const other = new VisualWatches();
    other.add(watchSpec('screen', { kind: 'colour', colour: 'green' }) as never, 0);
    other.push('screen', big[0]);
    // The baseline came from a 1920×1080 frame; later frames are smaller (the fractions of the grid still fit).
    const firings = [];
    for (const frame of small.slice(1)) {
      other.push('screen', { ...frame, atMs: frame.atMs + 1 });
      firings.push(...other.take());
    }
    expect(firings.map((f) => f.frameAtMs)).toEqual([2001]);
    await watches.dispose();
    await other.dispose();
  });
});
