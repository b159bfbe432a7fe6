// A killed `tandem run --realtime` leaves a timeline readable up to its last whole micro-turn; Ctrl-C ends it cleanly with a full-length output.wav.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, DEMO_SCENARIO, TempDirs, ensureBuilt, runTandem, startTandem, waitFor } from './cli.fixture';
import { ofKind, readPcm16Wav, readSessionTimeline, readSummary } from './cliMedia.fixture';

const temp = new TempDirs();

beforeAll(() => ensureBuilt());
afterAll(() => temp.removeAll());

/** How many micro-turns the running session has written so far. */
function audioChunksWritten(out: string): number {
  const path = join(out, 'timeline.jsonl');
  if (!existsSync(path)) return 0;
  return (readFileSync(path, 'utf8').match(/"kind":"audio_chunk"/g) ?? []).length;
}

describe('tandem run --realtime killed with SIGKILL', () => {
  let out: string;

  beforeAll(async () => {
    out = temp.make('sigkill');
    const running = startTandem(['run', DEMO_SCENARIO, '--realtime', '--out', out], { timeoutMs: 30_000 });
    await sleep(1500);
    // On a slow machine loading may take longer; make sure at least one micro-turn reached the disk.
    await waitFor('the first micro-turn in timeline.jsonl', () => audioChunksWritten(out) >= 1);
    running.child.kill('SIGKILL');
    const result = await running.done;
    expect(result.signal).toBe('SIGKILL');
  });

  it('leaves a timeline that reads as incomplete, with contiguous seq numbers', () => {
    const { events, complete } = readSessionTimeline(out);
    expect(complete).toBe(false);
    expect(events[0].kind).toBe('session_started');
    expect(events.some((e) => e.kind === 'session_stopped')).toBe(false);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  it('has every micro-turn up to the last one, each with its audio_chunk', () => {
    const { events } = readSessionTimeline(out);
    const lastTurn = Math.max(...events.map((e) => e.turn));
    const chunkTurns = ofKind(events, 'audio_chunk').map((e) => e.turn);
    expect(chunkTurns).toEqual(Array.from({ length: lastTurn + 1 }, (_, turn) => turn));
    // Killed well before the 109 micro-turns of the demo were due in real time.
    expect(lastTurn).toBeLessThan(100);
  });

  it('replays identically up to the last whole micro-turn', async () => {
    const result = await runTandem(['replay', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/identical/i);
    expect(result.stdout).toMatch(/cut short/i);
  });
});

describe('tandem run --realtime stopped with Ctrl-C (SIGINT)', () => {
  const demoSamples = (): number => readPcm16Wav(join(DEMO_DIR, 'user.wav')).samples.length;

  it('exits 130 with a complete timeline and an output.wav as long as the input', async () => {
    const out = temp.make('sigint');
    const running = startTandem(['run', DEMO_SCENARIO, '--realtime', '--out', out], { timeoutMs: 30_000 });
    await waitFor('three micro-turns in timeline.jsonl', () => audioChunksWritten(out) >= 3);
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(130);

    const { events, complete } = readSessionTimeline(out);
    expect(complete).toBe(true);
    expect(events[events.length - 1].kind).toBe('session_stopped');
    const summary = readSummary(out);
    expect(summary.complete).toBe(false);
    expect(summary.ticks).toBeGreaterThanOrEqual(3);
    expect(summary.ticks).toBeLessThan(109);
    expect(events[events.length - 1].payload.turns).toBe(summary.ticks);

    const output = readPcm16Wav(join(out, 'output.wav'));
    expect([output.sampleRateHz, output.channels, output.bitsPerSample]).toEqual([16_000, 1, 16]);
    expect(output.samples.length).toBe(demoSamples());
    expect(output.dataChunkBytes).toBe(output.samples.length * 2);
  });

  it('exits 130 promptly even when Ctrl-C comes while the input and model are still loading', async () => {
    const out = join(temp.make('sigint-early'), 'out');
    const running = startTandem(['run', DEMO_SCENARIO, '--realtime', '--out', out], { timeoutMs: 15_000 });
    // The output folder is made first thing in `tandem run`, before the input and the model load.
    await waitFor('the output folder', () => existsSync(out), 10_000, 2);
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(130);
    expect(result.wallMs).toBeLessThan(10_000); // not the 21.8 s the demo lasts in real time
    const { complete } = readSessionTimeline(out);
    expect(complete).toBe(true);
    expect(readPcm16Wav(join(out, 'output.wav')).samples.length).toBe(demoSamples());
  });
});
