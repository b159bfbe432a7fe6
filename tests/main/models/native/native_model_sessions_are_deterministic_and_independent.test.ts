// The native model's state is per session: the same inputs give the same probabilities, and two interleaved sessions do not see each other.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../../common/microturn';
import { NativeModel } from '../../../../main/models/native/nativeModel';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { microTurnInput } from '../microTurnInput.fake';

/** Deterministic, varied dMel bins: a "voice" that changes from step to step. */
function input(turn: number, seed: number) {
  const dmel = new Uint8Array(1280).map((_, i) => (i * 7 + turn * 13 + seed * 5) % 16);
  return microTurnInput(turn, new Float32Array(SAMPLES_PER_TURN), { dmel });
}

describe('native model sessions', () => {
  it('repeat exactly and keep their caches apart', async () => {
    const model = await NativeModel.load(HARNESS_CONFIG_DEFAULTS);
    try {
      const steps = 60; // past the 50-step window, so the cache has slid
      const alone = model.createState();
      const expected: number[][] = [];
      for (let k = 0; k < steps; k++) {
        const { actions, heads } = await model.infer(input(k, 1), alone);
        expected.push([...actions, ...heads]);
      }
      const a = model.createState();
      const b = model.createState();
      for (let k = 0; k < steps; k++) {
        const first = await model.infer(input(k, 1), a);
        await model.infer(input(k, 2), b);
        expect([...first.actions, ...first.heads]).toEqual(expected[k]);
      }
      // A different history gives different probabilities (the cache is really read).
      const other = await model.infer(input(steps, 1), b);
      const same = await model.infer(input(steps, 1), a);
      expect([...other.actions]).not.toEqual([...same.actions]);
    } finally {
      await model.dispose();
    }
  });
});
