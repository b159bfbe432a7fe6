// The recorder's per-sample files read back exactly as packStep packed each step, with the oracle's labels; patches.bin only when a step had a patch.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIONS, DMEL_CHANNELS, DMEL_FRAMES_PER_TURN, SAMPLES_PER_TURN, type ChangedFrame, type MicroTurnInput } from '../../../common/microturn';
import { PATCH_BYTES } from '../../../main/models/native/contract';
import { createStepFeatures, loadVocab, packStep, type NativeStepFeatures } from '../../../main/models/native/features';
import { defaultVocabPath } from '../../../main/training/exportData';
import { OracleModel } from '../../../main/training/oracle';
import { readSampleFiles, RecordingModel, SampleWriter } from '../../../main/training/recorder';
import type { SampleTruth } from '../../../main/training/sampleTruth';
import { microTurnInput } from '../models/microTurnInput.fake';

const root = mkdtempSync(join(tmpdir(), 'recorder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const vocab = loadVocab(defaultVocabPath());
// The user speaks 100–700 ms; the turn ends at 700 ms, so the oracle labels speak at t = 800.
const truth: SampleTruth = {
  task: 'smooth_turn_taking',
  addressed: [{ startMs: 100, endMs: 700 }],
  other: [],
  turnEndsMs: [700],
  turnStartsMs: [100],
  interruptionsMs: [],
  backchannelOpportunitiesMs: [],
  voice: null,
  heldOutVoice: false,
  notes: [],
};

function frame(turn: number, patchCount: number): ChangedFrame {
  const patches = new Uint8Array(patchCount * PATCH_BYTES);
  for (let i = 0; i < patches.length; i++) patches[i] = (i * 7 + turn) % 251;
  return { source: 'camera', atMs: turn * 200, frameIndex: turn, width: 40 * patchCount, height: 40, patches, patchCount, changedShare: 0.5 };
}

/** Inputs that exercise every feature: dMel values, typed text, events, a frame at step `frameAt` (when given), speaking. */
function inputs(steps: number, frameAt: number | null): MicroTurnInput[] {
  return Array.from({ length: steps }, (_, k) => {
    const dmel = new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS).map((_, i) => (i + k) % 16);
    const assistantDmel = new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS).map((_, i) => (3 * i + k) % 16);
    return microTurnInput(k, new Float32Array(SAMPLES_PER_TURN), {
      dmel,
      assistantDmel,
      text: k === 1 ? [{ atMs: 250, text: 'set a timer please' }] : [],
      events: k === 2 ? [{ atMs: 410, kind: 'timer_due', payload: {} }] : [],
      frames: k === frameAt ? [frame(k, 6)] : [],
      underrunSamples: k === 3 ? 320 : 0,
      assistant: k >= 5 ? { speaking: true, utteranceId: 'o3', spokenMs: (k - 4) * 200, remainingMs: 1000 } : { speaking: false, spokenMs: 0, remainingMs: 0 },
    });
  });
}

async function record(dir: string, steps: number, frameAt: number | null): Promise<{ expected: NativeStepFeatures[]; labels: string[] }> {
  const oracle = new OracleModel(truth, { seed: 5 });
  const writer = new SampleWriter(dir);
  const recording = new RecordingModel(oracle, vocab, writer);
  const state = recording.createState();
  const expected: NativeStepFeatures[] = [];
  for (const input of inputs(steps, frameAt)) {
    const features = createStepFeatures();
    packStep(input, oracle.contextFor(input, state), vocab, features);
    expected.push(features);
    await recording.step(input, state);
  }
  writer.finish({ id: 'x', task: truth.task, seed: 5, turnEndsMs: truth.turnEndsMs, interruptionsMs: [], backchannelOpportunitiesMs: [], voice: null, notes: [] });
  return { expected, labels: state.labels.map((l) => l.action) };
}

const concat = <T extends Uint8Array | Int32Array | Float32Array>(parts: T[], make: (n: number) => T): T => {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
};

describe('recorder files', () => {
  it('read back exactly what packStep gave for every step, and the labels in ACTIONS order', async () => {
    const dir = join(root, 'with-frame');
    const { expected, labels } = await record(dir, 8, 2);
    const files = readSampleFiles(dir, 8);
    expect(files.userDmel).toEqual(concat(expected.map((f) => f.userDmel), (n) => new Uint8Array(n)));
    expect(files.assistantDmel).toEqual(concat(expected.map((f) => f.assistantDmel), (n) => new Uint8Array(n)));
    expect(files.playback).toEqual(concat(expected.map((f) => f.playback), (n) => new Float32Array(n)));
    expect(files.textTokens).toEqual(concat(expected.map((f) => f.textTokens), (n) => new Int32Array(n)));
    expect(files.eventTokens).toEqual(concat(expected.map((f) => f.eventTokens), (n) => new Int32Array(n)));
    expect(files.patchSource).toEqual(concat(expected.map((f) => f.patchSource), (n) => new Int32Array(n)));
    expect(files.patchPos).toEqual(concat(expected.map((f) => f.patchPos), (n) => new Int32Array(n)));
    expect(files.patches).toEqual(concat(expected.map((f) => f.patches), (n) => new Uint8Array(n)));
    // Step 2's patches are really there (the steps before it are zeros).
    expect((files.patches as Uint8Array).subarray(2 * 8 * PATCH_BYTES, 3 * 8 * PATCH_BYTES).some((v) => v !== 0)).toBe(true);
    expect((files.textTokens as Int32Array).subarray(16, 32).some((v) => v !== 0)).toBe(true);
    expect([...(files.action as Int8Array)].map((i) => ACTIONS[i])).toEqual(labels);
    expect(labels.slice(0, 4)).toEqual(['listen', 'listen', 'listen', 'speak']);
    // user_speaking at t = 200..600 (speech 100–700 ms), floor taken from 100 ms until 780 ms.
    expect([...(files.heads as Uint8Array)]).toEqual([1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).steps).toBe(8);
  });

  it('writes no patches.bin when no step had a patch', async () => {
    const dir = join(root, 'no-frame');
    await record(dir, 4, null);
    expect(existsSync(join(dir, 'patches.bin'))).toBe(false);
    expect(readSampleFiles(dir, 4).patches).toBeNull();
    expect(readFileSync(join(dir, 'user_dmel.bin')).length).toBe(4 * 16 * 80);
  });
});
