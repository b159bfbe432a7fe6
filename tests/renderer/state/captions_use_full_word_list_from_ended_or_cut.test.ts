// Captions of a long utterance that started before synthesis finished: the ended/cut event's full word list replaces the partial one from assistant_speech_started.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { captionsAt, type Caption } from '../../../renderer/src/state/captions';

let seq = 0;
const event = (kind: TimelineEvent['kind'], atMs: number, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'assistant', kind, payload });

const allWords = [
  { word: 'The', startMs: 0, endMs: 200 },
  { word: 'build', startMs: 200, endMs: 500 },
  { word: 'failed', startMs: 500, endMs: 900 },
  { word: 'because', startMs: 900, endMs: 1_300 },
  { word: 'of', startMs: 1_300, endMs: 1_450 },
  { word: 'tests.', startMs: 1_450, endMs: 2_000 },
];
// In real time only the first two words were synthesized when playback started (durationMs still null).
const started = event('assistant_speech_started', 1_000, {
  utteranceId: 'long',
  utteranceKind: 'reply',
  text: 'The build failed because of tests.',
  durationMs: null,
  words: allWords.slice(0, 2),
});
const words = (caption: Caption) => caption.words.map((w) => `${w.word}${w.played ? '+' : '-'}`).join(' ');

describe('captionsAt with a partial word list at the start', () => {
  it('shows only the words ready at the start while speaking', () => {
    expect(captionsAt([started], 1_600).map(words)).toEqual(['The+ build+']);
  });

  it('shows every word as said from the ended event', () => {
    const ended = event('assistant_speech_ended', 3_000, { utteranceId: 'long', text: 'The build failed because of tests.', durationMs: 2_000, words: allWords });
    expect(captionsAt([started, ended], 3_100).map(words)).toEqual(['The+ build+ failed+ because+ of+ tests.+']);
  });

  it('after a cut marks the full word list by what was played, including words the start did not know', () => {
    const cut = event('assistant_speech_cut', 2_400, { utteranceId: 'long', reason: 'yield', playedMs: 1_400, durationMs: 2_000, words: allWords });
    expect(captionsAt([started, cut], 2_500).map(words)).toEqual(['The+ build+ failed+ because+ of- tests.-']);
  });

  it('keeps the started list when the closing event carries fewer words (or none)', () => {
    const full = event('assistant_speech_started', 1_000, { utteranceId: 'u2', utteranceKind: 'reply', text: 'The build failed because of tests.', durationMs: 2_000, words: allWords });
    const endedWithout = event('assistant_speech_ended', 3_000, { utteranceId: 'u2', text: 'The build failed because of tests.', durationMs: 2_000 });
    expect(captionsAt([full, endedWithout], 3_100).map(words)).toEqual(['The+ build+ failed+ because+ of+ tests.+']);
    const endedShorter = event('assistant_speech_ended', 3_000, { utteranceId: 'u2', words: allWords.slice(0, 1) });
    expect(captionsAt([full, endedShorter], 3_100).map(words)).toEqual(['The+ build+ failed+ because+ of+ tests.+']);
  });
});
