// The assistant's speech in one session as an ASR-aligned transcript of output.wav would show it, taken from the timeline.
//
// Full-Duplex-Bench transcribes output.wav with a word-aligned ASR (and finds speech with a VAD). Tandem
// does not need to guess: the assistant knows what it said and when. assistant_speech_started carries
// the utterance's words with their offsets; assistant_speech_ended means every word was played;
// assistant_speech_cut carries playedMs, so a cut utterance contributes exactly the words that had
// finished playing (a word cut mid-way counts as not said, as the cut event itself reports). Times are
// media time in ms, the time base of output.wav (output chunk k plays during [(k+1)·200, (k+2)·200)).

import { z } from 'zod';
import { TandemError } from '../../common/errors';
import { MICRO_TURN_MS, SAMPLE_RATE_HZ } from '../../common/microturn';
import type { TimelineEvent } from '../../common/timeline';

/** One word that was played, at its absolute time in output.wav. */
export interface AssistantWord {
  word: string;
  startMs: number;
  endMs: number;
  utteranceId: string;
  /** The word belongs to a backchannel utterance ("mm-hmm"). */
  backchannel: boolean;
}

export type UtteranceKind = 'reply' | 'backchannel' | 'interjection';

/** One played stretch of audio: the part of one utterance that actually reached output.wav. */
export interface AssistantSpeechSegment {
  utteranceId: string;
  kind: UtteranceKind;
  backchannel: boolean;
  startMs: number;
  /** End of the played audio (a cut utterance stops mid-way; the sample's end clips it too). */
  endMs: number;
  /** The utterance's whole text, as the model decided it. */
  text: string;
  /** The words that were played, joined by spaces. */
  spokenText: string;
  /** The words that were not (after a cut or past the end of the sample). */
  unspokenText: string;
  /** How the stretch ended. */
  endedBy: 'ended' | 'cut' | 'sample_end';
}

export interface AssistantSpeech {
  /** Length of the sample (= of output.wav) everything was clipped to, or null when unknown. */
  durationMs: number | null;
  /** Every played word, in time order. */
  words: AssistantWord[];
  /** Every played stretch, one per utterance with audio, in time order. */
  segments: AssistantSpeechSegment[];
  /** True when the voice was the placeholder tone (the words are timed, but the audio is not speech). */
  placeholderVoice: boolean;
}

const WordSchema = z.object({ word: z.string(), startMs: z.number().finite().min(0), endMs: z.number().finite().min(0) });
const StartedSchema = z.object({
  utteranceId: z.string().min(1),
  utteranceKind: z.enum(['reply', 'backchannel', 'interjection']),
  text: z.string(),
  // null: a streamed utterance (real time) started before it was fully synthesized; ended/cut then carry it.
  durationMs: z.number().finite().min(0).nullable(),
  words: z.array(WordSchema),
  placeholder: z.boolean().optional(),
});
/** Streamed voices repeat the duration and every word's timing when the utterance ends or is cut. */
const CompletedTimingSchema = { durationMs: z.number().finite().min(0).nullable().optional(), words: z.array(WordSchema).optional() };
const EndedSchema = z.object({ utteranceId: z.string().min(1), ...CompletedTimingSchema });
const CutSchema = z.object({ utteranceId: z.string().min(1), playedMs: z.number().finite().min(0), ...CompletedTimingSchema });

interface OpenUtterance {
  startedAtMs: number;
  payload: z.infer<typeof StartedSchema>;
}

export interface AssistantSpeechOptions {
  /**
   * The sample's length; speech past it is not in output.wav. Defaults to the session_started
   * header's input length (input.samples at 16 kHz).
   */
  durationMs?: number;
}

/** Reads the assistant's played speech out of a session's timeline events. */
export function assistantSpeechFromTimeline(events: readonly TimelineEvent[], options: AssistantSpeechOptions = {}): AssistantSpeech {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const durationMs = options.durationMs ?? headerDurationMs(ordered);
  const segments: AssistantSpeechSegment[] = [];
  const words: AssistantWord[] = [];
  let placeholderVoice = false;
  let open: OpenUtterance | null = null;

  const close = (playedMs: number, endedBy: AssistantSpeechSegment['endedBy']) => {
    const { payload, startedAtMs } = open!;
    open = null;
    const audioMs = Math.min(playedMs, payload.durationMs ?? playedMs);
    const played = durationMs === null ? audioMs : Math.min(audioMs, Math.max(0, durationMs - startedAtMs));
    // An utterance cut before a single sample played left nothing in output.wav.
    if (played <= 0) return;
    const backchannel = payload.utteranceKind === 'backchannel';
    const spoken = payload.words.filter((w) => w.endMs <= played);
    const unspoken = payload.words.filter((w) => w.endMs > played);
    for (const w of spoken) {
      words.push({ word: w.word, startMs: startedAtMs + w.startMs, endMs: startedAtMs + w.endMs, utteranceId: payload.utteranceId, backchannel });
    }
    segments.push({
      utteranceId: payload.utteranceId,
      kind: payload.utteranceKind,
      backchannel,
      startMs: startedAtMs,
      endMs: startedAtMs + played,
      text: payload.text,
      spokenText: spoken.map((w) => w.word).join(' '),
      unspokenText: unspoken.map((w) => w.word).join(' '),
      endedBy: played < audioMs ? 'sample_end' : endedBy,
    });
  };

  let stoppedAtMs: number | null = null;
  let lastTurn = 0;
  for (const event of ordered) {
    lastTurn = Math.max(lastTurn, event.turn);
    if (event.kind === 'session_stopped') stoppedAtMs = event.atMs;
    if (event.kind === 'assistant_speech_started') {
      const payload = parsePayload(StartedSchema, event);
      if (open) {
        throw invalid(event, `utterance "${payload.utteranceId}" started while "${open.payload.utteranceId}" was still playing (no ended or cut event for it)`);
      }
      if (payload.placeholder) placeholderVoice = true;
      open = { startedAtMs: event.atMs, payload };
    } else if (event.kind === 'assistant_speech_ended') {
      const ended = parsePayload(EndedSchema, event);
      const { utteranceId } = ended;
      if (!open || open.payload.utteranceId !== utteranceId) throw invalid(event, `utterance "${utteranceId}" ended but it is not the one playing`);
      completeTiming(open, ended);
      // Without a duration anywhere, the audio ran until this event.
      close(open.payload.durationMs ?? event.atMs - open.startedAtMs, 'ended');
    } else if (event.kind === 'assistant_speech_cut') {
      const cut = parsePayload(CutSchema, event);
      const { utteranceId, playedMs } = cut;
      if (!open || open.payload.utteranceId !== utteranceId) throw invalid(event, `utterance "${utteranceId}" was cut but it is not the one playing`);
      completeTiming(open, cut);
      close(playedMs, 'cut');
    }
  }
  if (open) {
    // Still playing when the log ends: output.wav holds the chunks up to the last micro-turn's output,
    // which plays one micro-turn after the turn that decided it.
    const outputEndMs = stoppedAtMs !== null ? stoppedAtMs + MICRO_TURN_MS : (lastTurn + 2) * MICRO_TURN_MS;
    const openStartedAtMs = (open as OpenUtterance).startedAtMs;
    close(Math.max(0, outputEndMs - openStartedAtMs), 'sample_end');
  }
  words.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  segments.sort((a, b) => a.startMs - b.startMs);
  return { durationMs, words, segments, placeholderVoice };
}

/** The same speech with everything at or past `durationMs` removed (a word must end by then to count). */
export function clipSpeechToDuration(speech: AssistantSpeech, durationMs: number): AssistantSpeech {
  if (speech.durationMs !== null && speech.durationMs <= durationMs) return speech;
  const limit = (endMs: number) => Math.min(endMs, durationMs);
  return {
    durationMs,
    placeholderVoice: speech.placeholderVoice,
    words: speech.words.filter((w) => w.endMs <= durationMs),
    segments: speech.segments
      .filter((s) => s.startMs < durationMs)
      .map((s) => (s.endMs <= durationMs ? s : { ...s, endMs: limit(s.endMs), endedBy: 'sample_end' as const })),
  };
}

/** The input's exact length from the session_started header (input.samples at 16 kHz), if recorded. */
function headerDurationMs(events: readonly TimelineEvent[]): number | null {
  const started = events.find((e) => e.kind === 'session_started');
  const input = started?.payload.input as { samples?: unknown; durationMs?: unknown } | undefined;
  if (typeof input?.samples === 'number' && input.samples >= 0) return (input.samples * 1000) / SAMPLE_RATE_HZ;
  if (typeof input?.durationMs === 'number' && input.durationMs >= 0) return input.durationMs;
  return null;
}

function parsePayload<T>(schema: z.ZodType<T>, event: TimelineEvent): T {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(event, `payload.${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function invalid(event: TimelineEvent, what: string): TandemError {
  return new TandemError('TIMELINE_INVALID', `Assistant speech cannot be read from the timeline: ${what}`, `timeline event seq ${event.seq} (${event.kind})`, 'Score a timeline.jsonl written by `tandem run`; if it was, this is a bug in the engine: report it with the file.');
}

/** Takes the complete word timings and duration a streamed utterance reports at its end. */
function completeTiming(open: OpenUtterance, end: { durationMs?: number | null; words?: Array<z.infer<typeof WordSchema>> }): void {
  if (end.words && end.words.length >= open.payload.words.length) open.payload.words = end.words;
  if (open.payload.durationMs === null && typeof end.durationMs === 'number') open.payload.durationMs = end.durationMs;
}
