// Test double: SampleRun objects built by hand — a timeline with assistant utterances (played whole or cut), model events, and a summary — for checking suite metrics against hand-computed values.

import type { TimelineEvent } from '../../../../common/timeline';
import type { BenchSample, SampleRun } from '../../../../main/bench/suite';

/** The placeholder voice's pace: 160 words/min, 375 ms per word, no pauses (enough for timing by hand). */
export const FAKE_WORD_MS = 375;

export interface FakeUtterance {
  /** When its audio starts playing (assistant_speech_started atMs). */
  atMs: number;
  text: string;
  /** Cut after this many ms of audio (assistant_speech_cut with playedMs); otherwise it plays to its end. */
  cutAfterMs?: number;
}

export interface FakeRunOptions {
  durationMs: number;
  utterances?: FakeUtterance[];
  /** model_event payloads, e.g. { event: 'announce', count: 3 }, at their times. */
  modelEvents?: Array<{ atMs: number; payload: Record<string, unknown> }>;
  /** summary.json fields besides `input` (e.g. { reps: 7 } or { codeFindings: [...] }). */
  summary?: Record<string, unknown>;
  model?: string;
}

export function fakeSample(id: string, task: string, truth: Record<string, unknown>): BenchSample {
  return { id, task, input: `/nonexistent/${id}.scenario.json`, truth, seed: null };
}

/** A run whose timeline has exactly the given utterances and events, in time order, as `tandem run` would write them. */
export function fakeRun(sample: BenchSample, options: FakeRunOptions): SampleRun {
  const pending: Array<Omit<TimelineEvent, 'seq'>> = [];
  const turnOf = (atMs: number) => Math.floor(atMs / 200);
  pending.push({ turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: { input: { samples: options.durationMs * 16, durationMs: options.durationMs } } });
  (options.utterances ?? []).forEach((u, index) => {
    const tokens = u.text.split(/\s+/).filter((t) => t !== '');
    const words = tokens.map((word, i) => ({ word, startMs: i * FAKE_WORD_MS, endMs: (i + 1) * FAKE_WORD_MS }));
    const durationMs = tokens.length * FAKE_WORD_MS;
    const utteranceId = `u${index}`;
    pending.push({
      turn: turnOf(u.atMs),
      atMs: u.atMs,
      source: 'assistant',
      kind: 'assistant_speech_started',
      payload: { utteranceId, utteranceKind: 'interjection', text: u.text, durationMs, voice: 'placeholder-tone', placeholder: true, words },
    });
    if (u.cutAfterMs !== undefined && u.cutAfterMs < durationMs) {
      const spoken = words.filter((w) => w.endMs <= u.cutAfterMs!);
      pending.push({
        turn: turnOf(u.atMs + u.cutAfterMs),
        atMs: u.atMs + u.cutAfterMs,
        source: 'assistant',
        kind: 'assistant_speech_cut',
        payload: { utteranceId, reason: 'yield', playedMs: u.cutAfterMs, durationMs, spokenText: spoken.map((w) => w.word).join(' '), unspokenText: words.slice(spoken.length).map((w) => w.word).join(' '), cutMidWord: false },
      });
    } else if (u.atMs + durationMs <= options.durationMs) {
      pending.push({ turn: turnOf(u.atMs + durationMs), atMs: u.atMs + durationMs, source: 'assistant', kind: 'assistant_speech_ended', payload: { utteranceId, text: u.text, durationMs } });
    }
  });
  for (const event of options.modelEvents ?? []) {
    pending.push({ turn: turnOf(event.atMs), atMs: event.atMs, source: 'model', kind: 'model_event', payload: event.payload });
  }
  const sorted = pending.map((e, order) => ({ e, order })).sort((a, b) => a.e.atMs - b.e.atMs || a.order - b.order);
  const events: TimelineEvent[] = sorted.map(({ e }, seq) => ({ ...e, seq }));
  events.push({ seq: events.length, turn: turnOf(options.durationMs), atMs: options.durationMs, source: 'engine', kind: 'session_stopped', payload: {} });
  return {
    sample,
    model: options.model ?? 'fake',
    outDir: '/nonexistent',
    events,
    summary: { input: { durationMs: options.durationMs }, ...options.summary },
  };
}
