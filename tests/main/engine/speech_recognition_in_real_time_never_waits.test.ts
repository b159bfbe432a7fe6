// In real time a chunk takes only the hypotheses that are ready: a slow decode is delivered when it finishes, and partials queued behind it collapse to the newest.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import { UserSpeechRecognition } from '../../../main/engine/speechRecognition';
import { FakeSpeechRecognizer } from './speechRecognizer.fake';

const chunk = () => new Float32Array(SAMPLES_PER_TURN).fill(0.1);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('speech recognition on the real-time clock', () => {
  it('returns nothing while the decode runs, then its words; a newer partial supersedes a queued one', async () => {
    const recognizer = new FakeSpeechRecognizer({ manual: true });
    const recognition = new UserSpeechRecognition(recognizer, { waitForResults: false, partialEveryTurns: 1, marginMs: 0 });
    recognition.push(0, chunk());
    recognition.observe(0, [{ kind: 'user_speech_started', payload: { atMs: 0 } }]);
    recognition.push(1, chunk());
    recognition.observe(1, []); // partial over 0–400 ms starts at once
    expect(recognizer.calls).toEqual([6400]);

    // Two more turns while it runs: each closes at once with nothing, and their partials wait (only the newest is kept).
    for (const turn of [2, 3]) {
      recognition.push(turn, chunk());
      expect(await recognition.collect()).toEqual([]);
      recognition.observe(turn, []);
    }
    recognizer.pending.shift()!();
    await settle();
    // The queued partial (0–800 ms) started as soon as the first ended; the one of turn 2 was dropped.
    expect(recognizer.calls).toEqual([6400, 12_800]);
    const ready = await recognition.collect();
    expect(ready.map((o) => (o.kind === 'words' ? o.words.map((w) => w.word).join(' ') : o.kind))).toEqual(['w1 w2']);
    recognizer.pending.shift()!();
    await recognition.drain();
  });
});
