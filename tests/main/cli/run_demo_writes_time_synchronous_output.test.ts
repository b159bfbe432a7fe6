// `tandem run` on the demo writes an output.wav sample-aligned with the input, a whole timeline and a truthful summary — the same bytes every time, with the streamed espeak-ng voice.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, DEMO_SCENARIO, TempDirs, ensureBuilt, runTandem, type TandemResult } from './cli.fixture';
import { ofKind, readPcm16Wav, readSessionTimeline, readSummary } from './cliMedia.fixture';

const SAMPLES_PER_TURN = 3200; // 200 ms at 16 kHz
const HARNESS_SILENCE_TIMEOUT_MS = 700; // turnTaking.silenceTimeoutMs in resources/models/harness.config.json

const temp = new TempDirs();
let outDir: string;
let first: TandemResult;

beforeAll(async () => {
  await ensureBuilt();
  outDir = temp.make('demo');
  first = await runTandem(['run', DEMO_SCENARIO, '--out', outDir]);
});
afterAll(() => temp.removeAll());

describe('tandem run resources/demo/demo.scenario.json', () => {
  it('exits 0 and says what it wrote', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('demo: 109 micro-turns');
    expect(first.stdout).toContain(join(outDir, 'output.wav'));
  });

  it('writes output.wav as 16 kHz mono 16-bit PCM with exactly as many samples as the demo user.wav', () => {
    const input = readPcm16Wav(join(DEMO_DIR, 'user.wav'));
    const output = readPcm16Wav(join(outDir, 'output.wav'));
    expect({ format: output.audioFormat, rate: output.sampleRateHz, channels: output.channels, bits: output.bitsPerSample }).toEqual({ format: 1, rate: 16_000, channels: 1, bits: 16 });
    expect(output.samples.length).toBe(input.samples.length);
    // The header was finalised: sizes agree with the bytes on disk.
    expect(output.dataChunkBytes).toBe(output.samples.length * 2);
    expect(output.riffChunkBytes).toBe(output.fileBytes - 8);
  });

  it('starts output.wav with one silent micro-turn, because output chunk k plays one micro-turn after input chunk k', () => {
    const { samples } = readPcm16Wav(join(outDir, 'output.wav'));
    expect(samples.subarray(0, SAMPLES_PER_TURN).every((s) => s === 0)).toBe(true);
    // …and the assistant is audible somewhere later, so the silence is not just an empty file.
    expect(samples.subarray(SAMPLES_PER_TURN).some((s) => s !== 0)).toBe(true);
  });

  it('writes a summary with 109 complete ticks, action counts summing to the ticks, the embedded espeak-ng voice and virtual-clock latencies', () => {
    const summary = readSummary(outDir);
    expect(summary.ticks).toBe(109);
    expect(summary.complete).toBe(true);
    expect(summary.clock).toBe('virtual');
    const actionTurns = Object.values(summary.actions as Record<string, number>).reduce((sum, n) => sum + n, 0);
    expect(actionTurns).toBe(summary.ticks);
    expect(summary.voice).toMatchObject({ name: 'espeak-ng:en-us', placeholder: false });
    expect(summary.speechUnderrunChunks).toBe(0);
    expect(typeof summary.modelStepMs.p50).toBe('number');
    expect(summary.tickLatenessMs).toEqual({ p50: null, p99: null, max: null });
    // The demo states what it expects (an answer after the question, a yield to the cut-in); exit 0 means they were met.
    expect(summary.expectations?.passed).toBe(true);
  });

  it('writes a timeline from session_started to session_stopped with contiguous seq numbers', () => {
    const { events, complete, truncatedTail } = readSessionTimeline(outDir);
    expect(complete).toBe(true);
    expect(truncatedTail).toBe(false);
    expect(events[0].kind).toBe('session_started');
    expect(events[0].payload).toMatchObject({ voice: 'espeak-ng:en-us', voiceChoice: { kind: 'espeak', voice: 'en-us', rate: 175, pitch: 50 } });
    expect(events[events.length - 1].kind).toBe('session_stopped');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(ofKind(events, 'audio_chunk').map((e) => e.turn)).toEqual(Array.from({ length: 109 }, (_, turn) => turn));
  });

  it('answers a finished user turn only after the harness silence timeout', () => {
    const { events } = readSessionTimeline(outDir);
    const gaps: number[] = [];
    let lastSpeechEndMs: number | null = null;
    for (const event of events) {
      if (event.kind === 'user_speech_ended') lastSpeechEndMs = event.atMs;
      if (event.kind === 'user_speech_started') lastSpeechEndMs = null;
      if (event.kind === 'assistant_speech_started' && event.payload.utteranceKind === 'reply' && lastSpeechEndMs !== null) {
        gaps.push(event.atMs - lastSpeechEndMs);
      }
    }
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.some((gap) => gap >= HARNESS_SILENCE_TIMEOUT_MS)).toBe(true);
    // No reply after a finished turn jumps the timeout.
    expect(gaps.filter((gap) => gap < HARNESS_SILENCE_TIMEOUT_MS)).toEqual([]);
  });

  it('writes byte-identical timeline.jsonl and output.wav when run again', async () => {
    const again = temp.make('demo-again');
    const second = await runTandem(['run', DEMO_SCENARIO, '--out', again]);
    expect(second.code).toBe(0);
    expect(readFileSync(join(again, 'timeline.jsonl')).equals(readFileSync(join(outDir, 'timeline.jsonl')))).toBe(true);
    expect(readFileSync(join(again, 'output.wav')).equals(readFileSync(join(outDir, 'output.wav')))).toBe(true);
  });
});
