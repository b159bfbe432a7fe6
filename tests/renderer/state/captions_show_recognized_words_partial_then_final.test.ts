// The user's caption line follows speech recognition: a partial hypothesis shows unsettled words until the next replaces it, the final settles them and lingers.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { CAPTION_LINGER_MS, captionsAt, type Caption } from '../../../renderer/src/state/captions';

let seq = 0;
const userWords = (atMs: number, segmentId: string, final: boolean, text: string): TimelineEvent => ({
  seq: seq++,
  turn: Math.floor(atMs / 200),
  atMs,
  source: 'user',
  kind: 'user_words',
  payload: { segmentId, final, words: text.split(' ').filter(Boolean).map((word, i) => ({ word, startMs: atMs - 1000 + i * 200, endMs: atMs - 900 + i * 200 })) },
});
// "+" marks a settled word, "~" one still being recognized.
const line = (c: Caption) => c.words.map((w) => `${w.word}${w.played ? '+' : '~'}`).join(' ');

describe('captions of recognized speech', () => {
  it('shows the newest partial as unsettled and keeps it up while the user speaks', () => {
    const events = [userWords(1_000, 's1', false, 'hello'), userWords(1_600, 's1', false, 'hello there')];
    const captions = captionsAt(events, 1_600 + CAPTION_LINGER_MS * 3);
    expect(captions.map((c) => [c.speaker, c.id, c.endMs, line(c)])).toEqual([['user', 'ws1', undefined, 'hello~ there~']]);
  });

  it('settles the words with the final hypothesis, which then lingers and vanishes', () => {
    const events = [userWords(1_000, 's1', false, 'hello'), userWords(2_000, 's1', true, 'hello there friend')];
    expect(captionsAt(events, 2_100).map((c) => [c.endMs, line(c)])).toEqual([[2_000, 'hello+ there+ friend+']]);
    expect(captionsAt(events, 2_000 + CAPTION_LINGER_MS)).toEqual([]);
  });

  it('clears the line when the final hypothesis heard nothing, and a new segment starts a new line', () => {
    const partial = userWords(1_000, 's1', false, 'hmm');
    expect(captionsAt([partial, userWords(1_400, 's1', true, '')], 1_500)).toEqual([]);
    const next = userWords(3_000, 's2', false, 'okay');
    expect(captionsAt([partial, userWords(1_400, 's1', true, ''), next], 3_100).map((c) => [c.id, line(c)])).toEqual([['ws2', 'okay~']]);
  });
});
