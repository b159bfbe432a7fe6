// The reading runs in the watcher's own thread: the engine's thread keeps ticking while a frame is read, and a
// crashed reading thread is restarted once, after which readings say they failed.

import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { CodeWatcher } from '../../../../main/perception/code';
import { codeScreen, PY_MUTABLE_DEFAULT, TS_ASSIGNMENT_IN_CONDITION } from './codeScreen.fixture';
import { useCodeWatcher } from './watcher.fixture';

/** The watcher's worker, reached past `private` to kill it as a crash would. */
const threadOf = (w: CodeWatcher) => (w as unknown as { worker: { terminate(): Promise<number> } | null }).worker;

describe('CodeWatcher threads', () => {
  const watcher = useCodeWatcher();

  it('reads in another thread while this one keeps running its timers', async () => {
    const w = watcher();
    expect(w.readerThreadId).not.toBe(threadId);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    w.offer(codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { frameIndex: 1, theme: 'sand' }).frame);
    await w.whenIdle();
    clearInterval(timer);
    const [reading] = w.take();
    expect(reading.status).toBe('code');
    // OCR and analysis of a screenshot take hundreds of ms; this thread's 10 ms timer ran all along.
    expect(reading.elapsedMs).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(reading.elapsedMs / 10 / 4));
  });

  it('restarts a crashed reading thread once, then reports errors without throwing', async () => {
    const w = watcher();
    const before = w.readerThreadId;
    await threadOf(w)!.terminate();
    w.offer(codeScreen(PY_MUTABLE_DEFAULT, 'python', { frameIndex: 2 }).frame);
    await w.whenIdle();
    const [afterRestart] = w.take();
    expect(afterRestart.status).toBe('code');
    expect(afterRestart.findings.map((f) => f.line)).toEqual([4]);
    expect(w.readerThreadId).not.toBe(before);

    await threadOf(w)!.terminate();
    w.offer(codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript', { frameIndex: 3, theme: 'paper' }).frame);
    await w.whenIdle();
    const [failed] = w.take();
    expect(failed.status).toBe('error');
    expect(failed.message).toMatch(/thread stopped twice/);
  });
});
