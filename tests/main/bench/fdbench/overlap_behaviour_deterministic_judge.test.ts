// v1.5 behaviour after an overlap, judged from the timeline: respond (a new utterance), resume (back to what was being said), unknown (nothing).

import { describe, expect, it } from 'vitest';
import { judgeOverlapBehaviour } from '../../../../main/bench/fdbench/metrics';
import type { OverlapMetadata } from '../../../../main/bench/fdbench/annotations';
import { speechOf, wordsText } from './speech.fixture';

// The overlap runs 4.0–6.0 s.
const metadata: OverlapMetadata = { context_text: 'tell me about the weather', current_turn_text: 'wait, what about tomorrow?', timestamps: [4.0, 6.0] };
const D = 12_000;
const judge = (...utterances: Parameters<typeof speechOf>[0]) => judgeOverlapBehaviour(metadata, speechOf(utterances, D), D).behaviour;

describe('overlap behaviour judge', () => {
  it('resume: the utterance playing at the overlap start carries on past its end', () => {
    // 20 words from 2000: 2000–8000, never cut.
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20) })).toBe('resume');
  });

  it('resume: the playing utterance finishes its last word during the overlap and nothing new follows', () => {
    // 10 words 2000–5000: ends on its own inside the overlap.
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(10) })).toBe('resume');
  });

  it('respond: the assistant stops during the overlap and then says something new', () => {
    // Cut at 4400 (2400 ms played), then a different utterance at 6400.
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20), cutAfterMs: 2400 }, { id: 'n', atMs: 6400, text: 'tomorrow will be sunny' })).toBe('respond');
  });

  it('respond: a new utterance after the overlap even though nothing was playing when it began', () => {
    expect(judge({ id: 'n', atMs: 6400, text: 'tomorrow will be sunny' })).toBe('respond');
  });

  it('resume: the cut utterance is started again (same utterance id)', () => {
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20), cutAfterMs: 2400 }, { id: 'p', atMs: 6400, text: wordsText(20) })).toBe('resume');
  });

  it('resume: a new utterance says exactly the unspoken rest of the cut one', () => {
    // 20 words, cut after 2400 ms = 8 words played (w1…w8); the rest is w9…w20.
    const rest = wordsText(20).split(' ').slice(8).join(' ');
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20), cutAfterMs: 2400 }, { id: 'n', atMs: 6400, text: rest })).toBe('resume');
  });

  it('unknown: stopped during the overlap and nothing followed', () => {
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20), cutAfterMs: 2400 })).toBe('unknown');
  });

  it('unknown: a model that never speaks', () => {
    expect(judge()).toBe('unknown');
  });

  it('ignores backchannels: one after the overlap is not a new segment', () => {
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20), cutAfterMs: 2400 }, { id: 'b', atMs: 6400, text: 'mm-hmm', kind: 'backchannel' })).toBe('unknown');
  });

  it('judges the first new utterance even when the playing one carried on first', () => {
    // Carried through to 8000, then a new reply at 8400: the first post-overlap segment is new → respond.
    expect(judge({ id: 'p', atMs: 2000, text: wordsText(20) }, { id: 'n', atMs: 8400, text: 'and tomorrow is sunny' })).toBe('respond');
  });
});
