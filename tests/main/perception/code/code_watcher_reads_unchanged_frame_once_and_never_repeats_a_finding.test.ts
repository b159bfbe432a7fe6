// The watcher reads a frame only when the screen changed, and a finding it reported is never reported again, even
// when the same code comes back scrolled to other line numbers.

import { describe, expect, it } from 'vitest';
import { codeScreen, TS_ASSIGNMENT_IN_CONDITION, TS_CLEAN } from './codeScreen.fixture';
import { useCodeWatcher } from './watcher.fixture';

describe('CodeWatcher', () => {
  const watcher = useCodeWatcher();

  it('reads an unchanged frame once and says each finding once per session', async () => {
    const w = watcher();
    const buggy = codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { frameIndex: 1 });
    w.offer(buggy.frame);
    await w.whenIdle();
    const first = w.take();
    expect(first.map((r) => [r.frameIndex, r.status, r.findings.map((f) => f.line)])).toEqual([[1, 'code', [7]]]);
    expect(first[0].elapsedMs).toBeGreaterThan(0);

    // The same pixels again (a new buffer, later frame index): not read at all.
    w.offer({ ...buggy.frame, rgb: buggy.frame.rgb.slice(), frameIndex: 2 });
    await w.whenIdle();
    expect(w.take()).toEqual([]);

    // The clean version: read (the screen changed), nothing to say.
    w.offer(codeScreen(TS_CLEAN, 'typescript', { frameIndex: 3 }).frame);
    await w.whenIdle();
    expect(w.take().map((r) => [r.frameIndex, r.status, r.findings.length])).toEqual([[3, 'code', 0]]);

    // The bug comes back scrolled (gutter from 40): read, but the finding was already said.
    w.offer(codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { frameIndex: 4, firstLineNumber: 40 }).frame);
    await w.whenIdle();
    const back = w.take();
    expect(back.map((r) => [r.frameIndex, r.status, r.firstLine, r.findings.length])).toEqual([[4, 'code', 40, 0]]);
  });

  it('keeps only the newest waiting frame while a reading is in progress', async () => {
    const w = watcher();
    w.offer(codeScreen(TS_CLEAN, 'typescript', { frameIndex: 10, theme: 'sand' }).frame);
    w.offer(codeScreen(TS_CLEAN, 'typescript', { frameIndex: 11, theme: 'paper' }).frame);
    w.offer(codeScreen(TS_CLEAN, 'typescript', { frameIndex: 12, theme: 'ocean' }).frame);
    await w.whenIdle();
    expect(w.take().map((r) => r.frameIndex)).toEqual([10, 12]);
  });

  it('never throws from offer: a corrupt frame becomes an unreadable reading', async () => {
    const w = watcher();
    expect(() => w.offer({ rgb: new Uint8Array(7), width: 10, height: 10, atMs: 5, frameIndex: 20 })).not.toThrow();
    await w.whenIdle();
    const readings = w.take();
    expect(readings.map((r) => [r.frameIndex, r.status, r.findings.length])).toEqual([[20, 'unreadable', 0]]);
    expect(readings[0].message).toMatch(/Frame has 7 bytes, expected 300 for 10×10 RGB/);
  });
});
