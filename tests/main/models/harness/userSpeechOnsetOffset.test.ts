// User speech starts after minSpeechMs above the onset threshold and ends after minSilenceMs below the offset one.

import { describe, expect, it } from 'vitest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { advanceUserSpeech, createUserSpeechState, type UserSpeechChange } from '../../../../main/models/harness/userSpeech';

function changes(probabilities: number[]): (UserSpeechChange & { frame: number })[] {
  const state = createUserSpeechState();
  return probabilities.flatMap((probability, index) => {
    const change = advanceUserSpeech(state, { endMs: (index + 1) * 32, probability }, HARNESS_CONFIG_DEFAULTS.vad);
    return change ? [{ ...change, frame: index }] : [];
  });
}

describe('user speech onset and offset', () => {
  it('confirms onset on the third frame ≥ 0.5 and dates it to the first', () => {
    expect(changes([0.1, 0.6, 0.9, 0.8, 0.9])).toEqual([{ kind: 'started', atMs: 32, frame: 3 }]);
  });

  it('ignores two-frame blips', () => {
    expect(changes([0.1, 0.9, 0.9, 0.2, 0.9, 0.9, 0.1])).toEqual([]);
  });

  it('keeps speaking between the thresholds and ends after three frames below 0.35, dated to the first', () => {
    expect(changes([0.9, 0.9, 0.9, 0.4, 0.45, 0.4, 0.3, 0.9, 0.2, 0.1, 0.1])).toEqual([
      { kind: 'started', atMs: 0, frame: 2 },
      { kind: 'ended', atMs: 256, durationMs: 256, frame: 10 },
    ]);
  });
});
