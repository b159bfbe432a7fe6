// Captions as a pure function of the timeline: the assistant's current utterance (words played vs to come) and what the user said, each fading after a few seconds.

import type { TimelineEvent } from '../../../common/timeline';

/** A caption stays this long after its utterance ended (or the user's text arrived), then it is gone. */
export const CAPTION_LINGER_MS = 4_000;
/** For the last part of its linger a caption is marked fading (the view dims it out). */
export const CAPTION_FADE_MS = 1_000;

export interface CaptionWord {
  word: string;
  /** Heard already (assistant: played by nowMs, or before a cut; user: always). */
  played: boolean;
}

export interface Caption {
  speaker: 'assistant' | 'user';
  /** Stable per line: the utterance id or the event's seq. */
  id: string;
  startMs: number;
  /** Undefined while the assistant is still speaking it. */
  endMs: number | undefined;
  words: CaptionWord[];
  /** speaking: being played; said: played to its end; cut: stopped mid-way (its unplayed words were never said); heard: the user's. */
  state: 'speaking' | 'said' | 'cut' | 'heard';
  /** Within the last CAPTION_FADE_MS of its linger. */
  fading: boolean;
}

interface WordTiming {
  word: string;
  startMs: number;
  endMs: number;
}

/**
 * The captions visible at media time `nowMs`: at most one line per speaker (the newest), oldest first.
 * Assistant lines come from assistant_speech_started (text and word timings, relative to its atMs) and
 * the ended/cut event that closes it (whose word list, when longer, replaces the started one's); user lines from what the user said: typed text and recognized
 * speech (user_words, partial then final).
 */
export function captionsAt(events: readonly TimelineEvent[], nowMs: number): Caption[] {
  let assistant: Caption | undefined;
  let assistantTimings: WordTiming[] = [];
  let assistantText = '';
  let user: Caption | undefined;
  for (const event of events) {
    switch (event.kind) {
      case 'assistant_speech_started': {
        assistantText = typeof event.payload.text === 'string' ? event.payload.text : '';
        assistantTimings = asWritten(wordTimings(event.payload.words, event.payload.text), assistantText);
        assistant = {
          speaker: 'assistant',
          id: String(event.payload.utteranceId ?? event.seq),
          startMs: event.atMs,
          endMs: undefined,
          words: assistantTimings.map((w) => ({ word: w.word, played: false })),
          state: 'speaking',
          fading: false,
        };
        break;
      }
      case 'assistant_speech_ended':
        if (assistant && assistant.id === String(event.payload.utteranceId ?? assistant.id)) {
          assistantTimings = asWritten(fullerTimings(assistantTimings, event.payload.words), assistantText);
          assistant = { ...assistant, endMs: event.atMs, state: 'said', words: assistantTimings.map((w) => ({ word: w.word, played: true })) };
        }
        break;
      case 'assistant_speech_cut':
        if (assistant && assistant.id === String(event.payload.utteranceId ?? assistant.id)) {
          // The same rule as the engine's cut: a word counts as said only if it was played to its end.
          const playedMs = typeof event.payload.playedMs === 'number' ? event.payload.playedMs : 0;
          assistantTimings = asWritten(fullerTimings(assistantTimings, event.payload.words), assistantText);
          assistant = {
            ...assistant,
            endMs: event.atMs,
            state: 'cut',
            words: assistantTimings.map((w) => ({ word: w.word, played: w.endMs <= playedMs })),
          };
        }
        break;
      case 'session_stopped':
        // Stopping ends the session without a cut event: the line keeps what had been played by then, and fades.
        if (assistant?.state === 'speaking') {
          const start = assistant.startMs;
          assistant = { ...assistant, endMs: event.atMs, state: 'cut', words: assistantTimings.map((w) => ({ word: w.word, played: start + w.endMs <= event.atMs })) };
        }
        break;
      default: {
        const said = userCaptionOf(event);
        if (said !== undefined) user = said ?? undefined;
      }
    }
  }
  if (assistant?.state === 'speaking') {
    const start = assistant.startMs;
    assistant = { ...assistant, words: assistantTimings.map((w) => ({ word: w.word, played: start + w.endMs <= nowMs })) };
  }
  return [assistant, user]
    .filter((caption): caption is Caption => caption !== undefined && visibleAt(caption, nowMs))
    .map((caption) => ({ ...caption, fading: caption.endMs !== undefined && nowMs >= caption.endMs + CAPTION_LINGER_MS - CAPTION_FADE_MS }))
    .sort((a, b) => a.startMs - b.startMs);
}

/**
 * A user line from an event that says what the user said, or undefined for every other kind; null when
 * the event ends the user's line with nothing to show (a final hypothesis that heard no words).
 */
function userCaptionOf(event: TimelineEvent): Caption | null | undefined {
  switch (event.kind) {
    case 'user_words': {
      // Recognized speech: a partial hypothesis stays up (its words not yet settled) until the next one of the
      // segment replaces it; the final one settles the words and lingers like typed text.
      const words = Array.isArray(event.payload.words) ? event.payload.words.filter((w): w is { word: string } => typeof w?.word === 'string').map((w) => w.word) : [];
      const final = event.payload.final === true;
      if (words.length === 0) return final ? null : undefined;
      return {
        speaker: 'user',
        id: `w${typeof event.payload.segmentId === 'string' ? event.payload.segmentId : event.seq}`,
        startMs: event.atMs,
        endMs: final ? event.atMs : undefined,
        words: words.map((word) => ({ word, played: final })),
        state: 'heard',
        fading: false,
      };
    }
    case 'user_text': {
      const text = typeof event.payload.text === 'string' ? event.payload.text : '';
      if (!text.trim()) return undefined;
      return {
        speaker: 'user',
        id: `s${event.seq}`,
        startMs: event.atMs,
        endMs: event.atMs,
        words: splitWords(text).map((word) => ({ word, played: true })),
        state: 'heard',
        fading: false,
      };
    }
    default:
      return undefined;
  }
}

function visibleAt(caption: Caption, nowMs: number): boolean {
  return caption.endMs === undefined || nowMs < caption.endMs + CAPTION_LINGER_MS;
}

/** Word timings from the payload; without them (an older log) the text's words, none timed as played. */
function wordTimings(words: unknown, text: unknown): WordTiming[] {
  if (Array.isArray(words)) {
    const timed = words.filter(
      (w): w is WordTiming => typeof w === 'object' && w !== null && typeof w.word === 'string' && typeof w.startMs === 'number' && typeof w.endMs === 'number',
    );
    if (timed.length > 0) return timed.map((w) => ({ word: w.word, startMs: w.startMs, endMs: w.endMs }));
  }
  return splitWords(typeof text === 'string' ? text : '').map((word) => ({ word, startMs: Number.POSITIVE_INFINITY, endMs: Number.POSITIVE_INFINITY }));
}

/**
 * The timings an ended or cut event carries when they cover more words than the started event's: in real
 * time a long utterance starts playing before synthesis finishes, so assistant_speech_started holds only
 * the words ready by then and the closing event holds them all. Otherwise the started event's stay.
 */
function fullerTimings(current: WordTiming[], closingWords: unknown): WordTiming[] {
  if (!Array.isArray(closingWords)) return current;
  const closing = wordTimings(closingWords, undefined);
  return closing.length > current.length ? closing : current;
}

/**
 * A voice reports words without their punctuation ("Reminder", not "Reminder:"): the caption shows each word as the
 * utterance's text writes it, matched in order by its letters and digits; a word that does not match keeps the voice's form.
 */
function asWritten(timings: WordTiming[], text: string): WordTiming[] {
  const written = splitWords(text);
  const letters = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return timings.map((timing, i) => (written[i] !== undefined && letters(written[i]) === letters(timing.word) ? { ...timing, word: written[i] } : timing));
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}
