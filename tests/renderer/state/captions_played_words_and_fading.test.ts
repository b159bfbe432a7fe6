// Captions from the timeline: the assistant's words played vs to come, a cut keeps only fully played words, user text, and lines fade then vanish.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { CAPTION_LINGER_MS, captionsAt, type Caption } from '../../../renderer/src/state/captions';

let seq = 0;
const event = (kind: TimelineEvent['kind'], atMs: number, payload: Record<string, unknown>, source: TimelineEvent['source'] = 'assistant'): TimelineEvent => ({
  seq: seq++,
  turn: Math.floor(atMs / 200),
  atMs,
  source,
  kind,
  payload,
});

// What AssistantVoiceOutput writes for a three-word utterance starting at 1 200 ms (word timings relative to its start).
const started = event('assistant_speech_started', 1_200, {
  utteranceId: 'u5',
  utteranceKind: 'reply',
  text: 'Hello there, friend.',
  durationMs: 1_300,
  voice: 'placeholder-tone',
  placeholder: true,
  words: [
    { word: 'Hello', startMs: 0, endMs: 375 },
    { word: 'there,', startMs: 375, endMs: 750 },
    { word: 'friend.', startMs: 900, endMs: 1_275 },
  ],
});
const words = (caption: Caption) => caption.words.map((w) => `${w.word}${w.played ? '+' : '-'}`).join(' ');

describe('captionsAt', () => {
  it('marks the words played so far while the assistant speaks', () => {
    expect(captionsAt([started], 1_200).map(words)).toEqual(['Hello- there,- friend.-']);
    expect(captionsAt([started], 1_575).map(words)).toEqual(['Hello+ there,- friend.-']);
    expect(captionsAt([started], 1_950)[0]).toMatchObject({ speaker: 'assistant', id: 'u5', state: 'speaking', endMs: undefined, fading: false });
    expect(captionsAt([started], 1_950).map(words)).toEqual(['Hello+ there,+ friend.-']);
  });

  it('shows every word as said once the utterance ended, then fades and drops the line', () => {
    const ended = event('assistant_speech_ended', 2_475, { utteranceId: 'u5', text: 'Hello there, friend.', durationMs: 1_300 });
    const at = (nowMs: number) => captionsAt([started, ended], nowMs);
    expect(at(2_500).map(words)).toEqual(['Hello+ there,+ friend.+']);
    expect(at(2_500)[0]).toMatchObject({ state: 'said', endMs: 2_475, fading: false });
    expect(at(2_475 + CAPTION_LINGER_MS - 1_001)[0].fading).toBe(false);
    expect(at(2_475 + CAPTION_LINGER_MS - 1_000)[0].fading).toBe(true);
    expect(at(2_475 + CAPTION_LINGER_MS)).toEqual([]);
  });

  it('after a cut keeps only the words played to their end, whatever the clock says', () => {
    // Cut 800 ms in: "friend." had not started, "there," ended at 750.
    const cut = event('assistant_speech_cut', 2_000, { utteranceId: 'u5', reason: 'yield', playedMs: 800, durationMs: 1_300, spokenText: 'Hello there,', unspokenText: 'friend.', cutMidWord: false });
    expect(captionsAt([started, cut], 2_100).map(words)).toEqual(['Hello+ there,+ friend.-']);
    expect(captionsAt([started, cut], 2_100)[0].state).toBe('cut');
    // A word cut mid-way counts as not said.
    const midWord = event('assistant_speech_cut', 1_600, { utteranceId: 'u5', reason: 'yield', playedMs: 600, durationMs: 1_300 });
    expect(captionsAt([started, midWord], 5_000).map(words)).toEqual(['Hello+ there,- friend.-']);
  });

  it('closes a line still being spoken when the session stops, keeping the words played by then', () => {
    const stopped = event('session_stopped', 1_800, { turns: 9 }, 'engine');
    const captions = captionsAt([started, stopped], 2_000);
    expect(captions.map((c) => [c.state, c.endMs, words(c)])).toEqual([['cut', 1_800, 'Hello+ there,- friend.-']]);
    expect(captionsAt([started, stopped], 1_800 + CAPTION_LINGER_MS)).toEqual([]);
  });

  it('shows the newest line per speaker, the user text among them, oldest first', () => {
    const typed = event('user_text', 900, { text: 'what  time is it?' }, 'user');
    const typedLater = event('user_text', 1_500, { text: 'never mind' }, 'user');
    const captions = captionsAt([typed, started, typedLater], 1_600);
    expect(captions.map((c) => [c.speaker, c.state, words(c)])).toEqual([
      ['assistant', 'speaking', 'Hello+ there,- friend.-'],
      ['user', 'heard', 'never+ mind+'],
    ]);
    expect(captionsAt([typed], 900 + CAPTION_LINGER_MS)).toEqual([]);
  });

  it('a new utterance replaces the previous line, and events of other kinds are ignored', () => {
    const next = event('assistant_speech_started', 3_000, { utteranceId: 'u14', text: 'Mm-hmm.', durationMs: 375, words: [{ word: 'Mm-hmm.', startMs: 0, endMs: 375 }] });
    const noise = event('audio_chunk', 3_000, { offsetSamples: 0, underrunSamples: 0, micPresent: true }, 'user');
    expect(captionsAt([started, next, noise], 3_400).map((c) => [c.id, words(c)])).toEqual([['u14', 'Mm-hmm.+']]);
  });
});
