// Captions show each word as the utterance's text writes it (with its punctuation), though the voice reports bare words.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { captionsAt } from '../../../renderer/src/state/captions';

const started: TimelineEvent = {
  seq: 1, turn: 5, atMs: 1_200, source: 'assistant', kind: 'assistant_speech_started',
  payload: { utteranceId: 'u5', utteranceKind: 'interjection', text: 'Reminder: stand up, now.', words: [
    { word: 'Reminder', startMs: 0, endMs: 500 }, { word: 'stand', startMs: 700, endMs: 1_000 }, { word: 'up', startMs: 1_000, endMs: 1_200 }, { word: 'now', startMs: 1_400, endMs: 1_700 },
  ] },
};

describe('captions as written', () => {
  it('takes punctuation from the text for words the voice reports bare, and keeps played/unplayed exact', () => {
    const [caption] = captionsAt([started], 1_200 + 1_100);
    expect(caption.words).toEqual([
      { word: 'Reminder:', played: true }, { word: 'stand', played: true }, { word: 'up,', played: false }, { word: 'now.', played: false },
    ]);
  });

  it('keeps the voice\'s word where the text does not match it (a number read out, say)', () => {
    const odd: TimelineEvent = { ...started, payload: { ...started.payload, text: 'It is 5 now.', words: [{ word: 'It', startMs: 0, endMs: 100 }, { word: 'is', startMs: 100, endMs: 200 }, { word: 'five', startMs: 200, endMs: 500 }, { word: 'now', startMs: 500, endMs: 700 }] } };
    expect(captionsAt([odd], 1_200).map((c) => c.words.map((w) => w.word))).toEqual([['It', 'is', 'five', 'now.']]);
  });
});
