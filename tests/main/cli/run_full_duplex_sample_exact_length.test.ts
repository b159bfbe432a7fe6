// `tandem run` on a Full-Duplex-Bench sample folder writes an output.wav exactly as long as input.wav, even when that is not a whole number of micro-turns.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs, ensureBuilt, runTandem, type TandemResult } from './cli.fixture';
import { readPcm16Wav, readSessionTimeline, readSummary, soxFrames, speechWav } from './cliMedia.fixture';

// 3.3 s + 7 frames at 44.1 kHz: neither the source length nor its 16 kHz length is a multiple of 200 ms.
const SOURCE_RATE_HZ = 44_100;
const SOURCE_FRAMES = 145_530 + 7; // 3.3 s = 145 530 frames
/** What the CLI's WAV reader promises for a resampled file: round(frames × 16000 / rate). */
const EXPECTED_SAMPLES = Math.round((SOURCE_FRAMES * 16_000) / SOURCE_RATE_HZ);

const temp = new TempDirs();
let sampleDir: string;
let outDir: string;
let result: TandemResult;

beforeAll(async () => {
  await ensureBuilt();
  sampleDir = temp.make('fdb-sample');
  speechWav(join(sampleDir, 'input.wav'), 'Could you tell me the way to the station?', {
    rateHz: SOURCE_RATE_HZ,
    channels: 2,
    leadMs: 300,
    totalFrames: SOURCE_FRAMES,
  });
  // A benchmark sample also carries annotation files; the CLI must not trip over them.
  writeFileSync(join(sampleDir, 'metadata.json'), JSON.stringify({ note: 'made by the tandem CLI tests' }));
  outDir = temp.make('fdb-out');
  result = await runTandem(['run', sampleDir, '--out', outDir]);
});
afterAll(() => temp.removeAll());

describe('tandem run FULL_DUPLEX_BENCH_SAMPLE_DIR', () => {
  it('has a fixture of the intended shape (44.1 kHz stereo, not a whole number of micro-turns)', () => {
    const input = readPcm16Wav(join(sampleDir, 'input.wav'));
    expect([input.sampleRateHz, input.channels]).toEqual([SOURCE_RATE_HZ, 2]);
    expect(soxFrames(join(sampleDir, 'input.wav'))).toBe(SOURCE_FRAMES);
    expect(EXPECTED_SAMPLES % 3200).not.toBe(0);
  });

  it('writes output.wav with exactly round(frames × 16000 / 44100) samples at 16 kHz mono', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = readPcm16Wav(join(outDir, 'output.wav'));
    expect([output.sampleRateHz, output.channels, output.bitsPerSample]).toEqual([16_000, 1, 16]);
    expect(output.samples.length).toBe(EXPECTED_SAMPLES);
  });

  it('records the sample as a full-duplex-bench input with its exact, unrounded length', () => {
    const summary = readSummary(outDir);
    expect(summary.input.kind).toBe('full-duplex-bench');
    expect(summary.input.samples).toBe(EXPECTED_SAMPLES);
    expect(summary.input.durationMs).toBe(EXPECTED_SAMPLES / 16);
    // The last, partial micro-turn is still run: ticks cover the whole input.
    expect(summary.ticks).toBe(Math.ceil(EXPECTED_SAMPLES / 3200));
    expect(summary.complete).toBe(true);
    expect(summary.input.files.map((f: { field: string }) => f.field)).toEqual(['input.wav']);
  });

  it('hears the speech in the stereo 44.1 kHz input after downmixing and resampling', () => {
    const { events } = readSessionTimeline(outDir);
    const started = events.find((e) => e.kind === 'user_speech_started');
    expect(started).toBeDefined();
    // Speech starts at 300 ms in the file; the VAD needs a few 32 ms frames to be sure.
    expect(started!.atMs).toBeGreaterThanOrEqual(250);
    expect(started!.atMs).toBeLessThan(600);
  });
});
