// The assistant's speech as FD-bench's ASR would see it: only words that were actually played, at their absolute times.

import { describe, expect, it } from 'vitest';
import { assistantSpeechFromTimeline, clipSpeechToDuration } from '../../../main/bench/assistantSpeech';
import type { TimelineEvent } from '../../../common/timeline';
import { TandemError } from '../../../common/errors';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import { AssistantVoiceOutput } from '../../../main/engine/assistantVoiceOutput';
import { PlaceholderVoice } from '../../../main/models/speech/placeholderVoice';
import { speechOf, timelineOf } from './fdbench/speech.fixture';

describe('assistant speech from the timeline', () => {
  it('places every word of an utterance that ended at start + its offset', () => {
    // "hello there" at 1000 ms, 300 ms per word → [1000, 1300] and [1300, 1600]; one stretch 1000–1600.
    const speech = speechOf([{ atMs: 1000, text: 'hello there' }], 10_000);
    expect(speech.words.map((w) => [w.word, w.startMs, w.endMs])).toEqual([
      ['hello', 1000, 1300],
      ['there', 1300, 1600],
    ]);
    expect(speech.segments).toHaveLength(1);
    expect(speech.segments[0]).toMatchObject({ startMs: 1000, endMs: 1600, endedBy: 'ended', spokenText: 'hello there', unspokenText: '', backchannel: false });
  });

  it('keeps only the words that finished before a cut, and the stretch up to the cut', () => {
    // "one two three four" at 2000 ms, cut after 750 ms played (at 2750):
    // one [2000, 2300] and two [2300, 2600] finished; three [2600, 2900] was cut mid-word → not said.
    const speech = speechOf([{ atMs: 2000, text: 'one two three four', cutAfterMs: 750 }], 10_000);
    expect(speech.words.map((w) => w.word)).toEqual(['one', 'two']);
    expect(speech.segments[0]).toMatchObject({ startMs: 2000, endMs: 2750, endedBy: 'cut', spokenText: 'one two', unspokenText: 'three four' });
  });

  it('counts a word that ends exactly at the cut as said', () => {
    // Cut after 600 ms: two ends at 600 ≤ 600 → said.
    const speech = speechOf([{ atMs: 0, text: 'one two three', cutAfterMs: 600 }], 10_000);
    expect(speech.words.map((w) => w.word)).toEqual(['one', 'two']);
  });

  it('drops an utterance cut before any of it played', () => {
    const speech = speechOf([{ atMs: 400, text: 'never heard', cutAfterMs: 0 }], 10_000);
    expect(speech.words).toEqual([]);
    expect(speech.segments).toEqual([]);
  });

  it('clips at the end of the sample: a word cut by the end of output.wav is not said', () => {
    // "a b c" at 9400 ms: a [9400, 9700], b [9700, 10000], c [10000, 10300]; sample is 9900 ms long.
    const speech = speechOf([{ atMs: 9400, text: 'a b c' }], 9_900);
    expect(speech.words.map((w) => w.word)).toEqual(['a']);
    expect(speech.segments[0]).toMatchObject({ startMs: 9400, endMs: 9900, endedBy: 'sample_end', unspokenText: 'b c' });
  });

  it('flags backchannel utterances and keeps time order across utterances', () => {
    const speech = speechOf([
      { atMs: 500, text: 'mm-hmm', kind: 'backchannel' },
      { atMs: 3000, text: 'right so', kind: 'reply' },
    ], 10_000);
    expect(speech.words.map((w) => [w.word, w.backchannel])).toEqual([
      ['mm-hmm', true],
      ['right', false],
      ['so', false],
    ]);
    expect(speech.segments.map((s) => s.kind)).toEqual(['backchannel', 'reply']);
  });

  it('takes the sample length from the session_started header when not given', () => {
    // 48 000 samples at 16 kHz = 3000 ms: "x y" at 2600 → x [2600, 2900] said, y [2900, 3200] not.
    const events: TimelineEvent[] = [
      { seq: 0, turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: { input: { samples: 48_000, durationMs: 3000 } } },
      ...timelineOf([{ atMs: 2600, text: 'x y' }]).map((e) => ({ ...e, seq: e.seq + 1 })),
    ];
    const speech = assistantSpeechFromTimeline(events);
    expect(speech.durationMs).toBe(3000);
    expect(speech.words.map((w) => w.word)).toEqual(['x']);
  });

  it('ends an utterance still playing when the log stops at the last output chunk', () => {
    // session_stopped at 1000 ms (5 turns): the last output chunk plays until 1200 ms.
    const events: TimelineEvent[] = [
      ...timelineOf([{ atMs: 400, text: 'a b c d e' }]).slice(0, 1),
      { seq: 1, turn: 5, atMs: 1000, source: 'engine', kind: 'session_stopped', payload: {} },
    ];
    const speech = assistantSpeechFromTimeline(events, { durationMs: 60_000 });
    // a [400, 700] said; b [700, 1000] said; c [1000, 1300] not finished by 1200.
    expect(speech.words.map((w) => w.word)).toEqual(['a', 'b']);
    expect(speech.segments[0]).toMatchObject({ endMs: 1200, endedBy: 'sample_end' });
  });

  it('rejects a cut of an utterance that is not playing, naming the event', () => {
    const events = timelineOf([{ atMs: 0, text: 'a', cutAfterMs: 100 }]);
    events[1].payload.utteranceId = 'other';
    let error: unknown;
    try {
      assistantSpeechFromTimeline(events, { durationMs: 1000 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('TIMELINE_INVALID');
    expect((error as TandemError).where).toBe('timeline event seq 1 (assistant_speech_cut)');
  });

  it('clipSpeechToDuration removes what lies past a shorter length', () => {
    const speech = speechOf([{ atMs: 0, text: 'a b c' }], 10_000);
    const clipped = clipSpeechToDuration(speech, 650);
    expect(clipped.words.map((w) => w.word)).toEqual(['a', 'b']);
    expect(clipped.segments[0].endMs).toBe(650);
  });
});

describe('assistant speech from the engine voice itself', () => {
  it('matches what AssistantVoiceOutput reports as spoken when the user cuts in', async () => {
    const voice = new AssistantVoiceOutput(new PlaceholderVoice());
    const utterance = { id: 'u2', text: 'Here is a fairly long answer, with several words in it.', kind: 'reply' as const };
    const plan = ['listen', 'listen', 'speak', 'keep_speaking', 'keep_speaking', 'keep_speaking', 'keep_speaking', 'yield', 'listen', 'listen'] as const;
    const events: TimelineEvent[] = [];
    const out = new Float32Array(SAMPLES_PER_TURN);
    for (const [turn, action] of plan.entries()) {
      const output = { action, events: [], ...(action === 'speak' || action === 'keep_speaking' || action === 'yield' ? { utterance } : {}) };
      for (const event of await voice.render(output, turn, out)) events.push({ ...event, seq: events.length });
    }
    const cut = events.find((e) => e.kind === 'assistant_speech_cut')!;
    const started = events.find((e) => e.kind === 'assistant_speech_started')!;
    const speech = assistantSpeechFromTimeline(events, { durationMs: 2000 });
    // Output chunk 2 plays from 600 ms; the yield decided in turn 7 stops playback at 1600 ms.
    expect(started.atMs).toBe(600);
    expect(cut.payload.playedMs).toBe(1000);
    expect(speech.words.map((w) => w.word).join(' ')).toBe(cut.payload.spokenText);
    expect(speech.segments[0]).toMatchObject({ startMs: 600, endMs: 1600, endedBy: 'cut', unspokenText: cut.payload.unspokenText });
    for (const word of speech.words) expect(word.endMs).toBeLessThanOrEqual(1600);
  });
});
