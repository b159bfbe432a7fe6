// `tandem run --asr NAME` end to end: catalog → model store → Moonshine-signature model → tokens → words → user_words in exact micro-turns, replayed identically.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent, UserWordsPayload } from '../../../common/timeline';
import { TokenizerDecoder } from '../../../main/models/asr/tokenizerDecoder';
import { installTestAsr, TEST_SCRIPT_IDS, type InstalledTestAsr } from '../models/asr/asrModel.fixture';
import { TempDirs, ensureBuilt, runTandem } from './cli.fixture';
import { ofKind, readSessionTimeline, readSummary, singleErrorLine, speechWav, writeScenario } from './cliMedia.fixture';

const temp = new TempDirs();
let scenario: string;
let installed: InstalledTestAsr;
let tokenizer: TokenizerDecoder;

beforeAll(async () => {
  await ensureBuilt();
  const media = temp.make('asr-media');
  // One sentence after a second of silence, then three seconds of silence: one speech segment, closed well before the end.
  speechWav(join(media, 'user.wav'), 'hello there, how are you', { leadMs: 1000, totalFrames: 16_000 * 6 });
  scenario = writeScenario(media, 'asr.scenario.json', { version: 1, name: 'asr', mic: [{ file: 'user.wav', atMs: 0 }] });
  installed = await installTestAsr(temp.make('asr-model'));
  tokenizer = TokenizerDecoder.fromFile(join(installed.modelsDir, 'test-moonshine', 'tokenizer.json'));
}, 60_000);
afterAll(() => temp.removeAll());

const text = (e: TimelineEvent) => (e.payload as UserWordsPayload).words.map((w) => w.word).join(' ');
/** What the test model says about `ms` of audio: one script token per whole 200 ms. */
const expectedText = (ms: number) => tokenizer.decode(TEST_SCRIPT_IDS.slice(0, Math.min(TEST_SCRIPT_IDS.length, Math.floor(ms / 200))));

describe('tandem run with speech recognition', () => {
  it('puts partial words every 3 micro-turns and the final words one micro-turn after the speech ended', async () => {
    const out = temp.make('asr-run');
    const result = await runTandem(['run', scenario, '--out', out, '--asr', 'test-moonshine'], { env: installed.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('asr test-moonshine (moonshine on onnxruntime cpu, 1 thread, in a worker thread)');

    const { events } = readSessionTimeline(out);
    expect(events[0].payload.asr).toEqual({ name: 'test-moonshine', description: 'test-moonshine (moonshine on onnxruntime cpu, 1 thread, in a worker thread)' });
    const starts = ofKind(events, 'user_speech_started');
    const ends = ofKind(events, 'user_speech_ended');
    expect(starts.length).toBeGreaterThan(0);
    expect(ends).toHaveLength(starts.length);
    const words = ofKind(events, 'user_words');
    let delivered = 0;
    starts.forEach((started, k) => {
      const ended = ends[k];
      const segmentId = `s${k + 1}`;
      // The segment keeps 200 ms before the detected start and after the detected end (as far as audio was closed).
      const segmentStartMs = started.atMs - 200;
      const segmentEndMs = Math.min((ended.turn + 1) * 200, ended.atMs + 200);
      const ofSegment = words.filter((e) => e.payload.segmentId === segmentId);
      delivered += ofSegment.length;
      const partials = ofSegment.filter((e) => e.payload.final === false);
      const finals = ofSegment.filter((e) => e.payload.final === true);
      // Launched at the end of turn started+3i over the audio closed by then, delivered in the next turn.
      const launchTurns = Array.from({ length: 100 }, (_, i) => started.turn + 3 * (i + 1)).filter((turn) => turn < ended.turn && (turn + 1) * 200 - segmentStartMs >= 200);
      expect(partials.map((e) => [e.turn, text(e)]), segmentId).toEqual(launchTurns.map((turn) => [turn + 1, expectedText((turn + 1) * 200 - segmentStartMs)]));
      expect(finals.map((e) => [e.turn, text(e)]), segmentId).toEqual([[ended.turn + 1, expectedText(segmentEndMs - segmentStartMs)]]);
      // Words are media times inside the segment, in order.
      const final = (finals[0].payload as UserWordsPayload).words;
      expect(final[0].startMs).toBe(segmentStartMs);
      expect(final.at(-1)!.endMs).toBeLessThanOrEqual(segmentEndMs);
      expect(final.every((w, i) => i === 0 || w.startMs >= final[i - 1].endMs)).toBe(true);
    });
    expect(words.filter((e) => e.payload.final === false).length).toBeGreaterThan(0);
    expect(delivered).toBe(words.length);

    expect(readSummary(out).asr).toEqual({ name: 'test-moonshine', description: 'test-moonshine (moonshine on onnxruntime cpu, 1 thread, in a worker thread)' });
    const replay = await runTandem(['replay', out], { env: installed.env });
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/identical/i);
  }, 60_000);

  it('uses the catalog default when installed, and runs without ASR saying how to get it when not', async () => {
    const out = temp.make('asr-default');
    const withDefault = await runTandem(['run', scenario, '--out', out], { env: installed.env });
    expect(withDefault.code, withDefault.stderr).toBe(0);
    expect(readSessionTimeline(out).events[0].payload.asr).toMatchObject({ name: 'test-moonshine' });
    expect(ofKind(readSessionTimeline(out).events, 'user_words').length).toBeGreaterThan(0);

    const absent = await installTestAsr(temp.make('asr-absent'), { install: false });
    const out2 = temp.make('asr-none');
    const without = await runTandem(['run', scenario, '--out', out2], { env: absent.env });
    expect(without.code, without.stderr).toBe(0);
    const { events } = readSessionTimeline(out2);
    expect(events[0].payload.asr).toEqual({ name: 'none', description: 'none (not installed: run `tandem models pull test-moonshine`)' });
    expect(ofKind(events, 'user_words')).toEqual([]);
  }, 60_000);

  it('fails with the pull command when the named model is not installed', async () => {
    const absent = await installTestAsr(temp.make('asr-missing'), { install: false });
    const result = await runTandem(['run', scenario, '--out', temp.make('asr-missing-out'), '--asr', 'test-moonshine'], { env: absent.env });
    expect(result.code).toBe(1);
    expect(singleErrorLine(result.stderr)).toContain('Model "test-moonshine" is not installed');
    expect(result.stderr).toContain('Run `npx tandem models pull test-moonshine`');
  }, 60_000);

  it('fails clearly when a model file is not an ONNX model', async () => {
    const corrupt = await installTestAsr(temp.make('asr-corrupt'), { corrupt: 'onnx/decoder_model_merged.onnx' });
    const result = await runTandem(['run', scenario, '--out', temp.make('asr-corrupt-out'), '--asr', 'test-moonshine'], { env: corrupt.env });
    expect(result.code).toBe(1);
    const line = singleErrorLine(result.stderr);
    expect(line).toContain('Could not load the model');
    expect(line).toContain(join('test-moonshine', 'onnx', 'decoder_model_merged.onnx'));
    expect(line).toContain('The file is corrupt or not an ONNX model');
    expect(line).toContain('`tandem models pull test-moonshine`');
  }, 60_000);

  it('names the asr models when --asr names something else', async () => {
    const result = await runTandem(['run', scenario, '--out', temp.make('asr-unknown-out'), '--asr', 'whisper-huge'], { env: installed.env });
    expect(result.code).toBe(1);
    expect(singleErrorLine(result.stderr)).toContain('Unknown model "whisper-huge"');
    expect(result.stderr).toContain('test-moonshine');
  }, 60_000);
});
