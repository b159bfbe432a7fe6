// End of user speech → first assistant audio, from the timeline and the rendered output: the first audible sample of the first non-backchannel (or answer) utterance before the next question.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { RenderedOutput, questionLatencies, type LatencyQuestion } from '../../../main/bench/voiceLatency';

let seq = 0;
const started = (atMs: number, text: string, utteranceKind = 'reply'): TimelineEvent => ({ seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'assistant', kind: 'assistant_speech_started', payload: { utteranceId: `u${seq}`, utteranceKind, text } });
const question = (seed: number, startMs: number, endMs: number): LatencyQuestion => ({ seed, text: `q${seed}`, startMs, endMs, voice: null });

/** Output chunk `turn` (played from (turn+1)·200 ms) silent except a sample of `level` at index `at`. */
function outputWith(sounds: Array<{ turn: number; at: number; level?: number }>): RenderedOutput {
  const output = new RenderedOutput();
  for (let turn = 0; turn < 40; turn++) output.record(turn, new Float32Array(3200));
  for (const s of sounds) {
    const chunk = new Float32Array(3200);
    chunk[s.at] = s.level ?? 0.2;
    output.record(s.turn, chunk);
  }
  return output;
}

describe('RenderedOutput.firstAudibleMs', () => {
  it('places sample i of chunk k at (k+1)·200 + i/16 ms and skips silence and near-silence', () => {
    // Chunk 4 plays from 1 000 ms; sample 80 is 5 ms in. A −66 dBFS sample in chunk 3 is not audible.
    const output = outputWith([{ turn: 3, at: 10, level: 0.0005 }, { turn: 4, at: 80 }]);
    expect(output.firstAudibleMs(800, 2_000)).toBe(1_005);
    expect(output.firstAudibleMs(1_006, 2_000)).toBeNull();
    expect(output.firstAudibleMs(800, 1_005)).toBeNull();
  });
});

describe('questionLatencies', () => {
  it('measures to the first audible sample of the reply, ignoring backchannels and what came before the end of speech', () => {
    const plan = { durationMs: 8_000, questions: [question(6_000_000, 400, 1_900), question(6_000_001, 4_400, 5_700)] };
    const events = [
      started(1_400, 'mm-hmm', 'backchannel'),
      started(2_600, 'I hear you. Tell me more about that.'),
      // The second question's reply never becomes audible before the session ends.
      started(7_600, 'I hear you. Tell me more about that.'),
    ];
    // Reply audio starts 40 samples (2.5 ms) into chunk 12, which plays from 2 600 ms.
    const output = outputWith([{ turn: 6, at: 0 }, { turn: 12, at: 40 }]);
    expect(questionLatencies(plan, events, output)).toEqual([
      { seed: 6_000_000, text: 'q6000000', endMs: 1_900, answeredWith: 'I hear you. Tell me more about that.', latencyMs: 702.5 },
      { seed: 6_000_001, text: 'q6000001', endMs: 5_700, answeredWith: 'I hear you. Tell me more about that.', latencyMs: null },
    ]);
  });

  it('with an answer text, skips the filler and measures the answer; a question answered only after the next one starts is unanswered', () => {
    const plan = { durationMs: 6_000, questions: [question(6_500_000, 450, 450), question(6_500_001, 3_500, 3_500)] };
    const events = [started(1_400, 'Let me look.'), started(2_400, 'It is five past ten.'), started(3_600, 'Let me look.')];
    const output = outputWith([{ turn: 6, at: 0 }, { turn: 11, at: 0 }, { turn: 17, at: 0 }]);
    expect(questionLatencies(plan, events, output, 'It is five past ten.').map((q) => [q.answeredWith, q.latencyMs])).toEqual([
      ['It is five past ten.', 1_950],
      [null, null],
    ]);
  });
});
