// Builds assistant speech the way the engine logs it (started → ended | cut), for the FD-bench scoring tests.

import { assistantSpeechFromTimeline, type AssistantSpeech } from '../../../../main/bench/assistantSpeech';
import type { TimelineEvent } from '../../../../common/timeline';
import type { FdSampleAnnotations } from '../../../../main/bench/fdbench/annotations';

export interface PlannedUtterance {
  id?: string;
  kind?: 'reply' | 'backchannel' | 'interjection';
  /** Media time the utterance starts playing. */
  atMs: number;
  /** Space-separated words, each `wordMs` long, back to back. */
  text: string;
  wordMs?: number;
  /** Cut after this much was played (the engine's playedMs); omitted = played to the end. */
  cutAfterMs?: number;
}

/** The timeline events the engine writes for these utterances (one at a time, in order). */
export function timelineOf(utterances: PlannedUtterance[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const push = (atMs: number, kind: TimelineEvent['kind'], payload: Record<string, unknown>) =>
    events.push({ seq: events.length, turn: Math.floor(atMs / 200), atMs, source: 'assistant', kind, payload });
  utterances.forEach((u, index) => {
    const id = u.id ?? `u${index}`;
    const wordMs = u.wordMs ?? 300;
    const words = u.text.split(' ').map((word, i) => ({ word, startMs: i * wordMs, endMs: (i + 1) * wordMs }));
    const durationMs = words.length * wordMs;
    push(u.atMs, 'assistant_speech_started', { utteranceId: id, utteranceKind: u.kind ?? 'reply', text: u.text, durationMs, voice: 'test', placeholder: false, words });
    if (u.cutAfterMs === undefined) push(u.atMs + durationMs, 'assistant_speech_ended', { utteranceId: id, text: u.text, durationMs });
    else push(u.atMs + u.cutAfterMs, 'assistant_speech_cut', { utteranceId: id, reason: 'yield', playedMs: u.cutAfterMs, durationMs });
  });
  return events;
}

export function speechOf(utterances: PlannedUtterance[], durationMs: number): AssistantSpeech {
  return assistantSpeechFromTimeline(timelineOf(utterances), { durationMs });
}

/** `n` words "w1 w2 …". */
export function wordsText(n: number): string {
  return Array.from({ length: n }, (_, i) => `w${i + 1}`).join(' ');
}

export function annotations(partial: Partial<FdSampleAnnotations> = {}): FdSampleAnnotations {
  return { dir: '/fixture', files: [], ...partial };
}
