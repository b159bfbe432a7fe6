// The harness is deterministic, and its streaming state belongs to each session, not to the model.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicroTurnOutput } from '../../../../common/microturn';
import { HarnessModel } from '../../../../main/models/harness/harness';
import { chunksOf, microTurnInput } from '../microTurnInput.fake';
import { concat, SpeechAudio } from '../speechAudio.fixture';
import { runModel } from './harnessRun.fake';

describe('harness determinism and per-session state', () => {
  const audio = new SpeechAudio();
  let model: HarnessModel;
  let first: Float32Array;
  let second: Float32Array;
  beforeAll(async () => {
    model = await HarnessModel.load();
    first = concat(audio.silence(500), audio.speech('Can you help me plan a trip to the mountains?'), audio.silence(1800), audio.speech('Actually, the beach.'), audio.silence(1500)).pcm;
    second = concat(audio.silence(1700), audio.speech('What time is it in Tokyo right now?', 'en-us+f2'), audio.silence(2500)).pcm;
  });
  afterAll(async () => {
    await model.dispose();
    audio.dispose();
  });

  it('gives the same outputs for the same inputs', async () => {
    const once = await runModel(model, first);
    const again = await runModel(model, first);
    expect(again.map((step) => step.output)).toEqual(once.map((step) => step.output));
    expect(once.some((step) => step.output.action === 'speak')).toBe(true);
  });

  it('keeps two interleaved sessions on one model apart', async () => {
    const alone = async (pcm: Float32Array): Promise<MicroTurnOutput[]> => {
      const state = model.createState();
      const outputs: MicroTurnOutput[] = [];
      for (const [turn, chunk] of chunksOf(pcm).entries()) outputs.push(await model.step(microTurnInput(turn, chunk), state));
      return outputs;
    };
    const expectedFirst = await alone(first);
    const expectedSecond = await alone(second);

    const stateFirst = model.createState();
    const stateSecond = model.createState();
    const chunksFirst = chunksOf(first);
    const chunksSecond = chunksOf(second);
    const gotFirst: MicroTurnOutput[] = [];
    const gotSecond: MicroTurnOutput[] = [];
    for (let turn = 0; turn < Math.max(chunksFirst.length, chunksSecond.length); turn++) {
      if (turn < chunksFirst.length) gotFirst.push(await model.step(microTurnInput(turn, chunksFirst[turn]), stateFirst));
      if (turn < chunksSecond.length) gotSecond.push(await model.step(microTurnInput(turn, chunksSecond[turn]), stateSecond));
    }
    expect(gotFirst).toEqual(expectedFirst);
    expect(gotSecond).toEqual(expectedSecond);
    expect(gotFirst).not.toEqual(gotSecond.slice(0, gotFirst.length));
  });

  it('names itself and what it runs on', () => {
    expect(model.name).toBe('harness');
    expect(model.runtime).toBe('silero-vad v5 on onnxruntime cpu, 1 thread');
    expect(model.provider.name).toBe('cpu');
  });
});
