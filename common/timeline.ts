// The timeline: the append-only shared context both models read. Every event kind is listed here once.

import { z } from 'zod';
import { BACKGROUND_FAILURE_CODES } from './background';

/** Who produced an event. */
export const TIMELINE_SOURCES = ['user', 'assistant', 'engine', 'model', 'scheduler', 'background'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/** Every kind of timeline event, each with what it means. */
export const TIMELINE_KINDS = {
  session_started: 'A session began; the payload describes its inputs, interaction model and config so it can be replayed.',
  session_paused: 'Ticking stopped at the user\'s request; no input is closed until it resumes.',
  session_resumed: 'Ticking started again after a pause; media time continues where it stopped.',
  session_stopped: 'The session ended cleanly; the payload has its totals. A log without it was cut short.',
  audio_chunk: 'A 200 ms mic chunk was closed: a reference (sample offset in the recorded mic audio) and how much was zero-filled.',
  source_lost: 'An input source (mic, camera, screen) stopped delivering; the session keeps running without it.',
  source_restored: 'An input source came back.',
  frame: 'A camera or screen frame changed and was passed to the model (a reference, not the pixels).',
  user_text: 'The user typed text.',
  user_words: 'The speech recognizer heard words of one speech segment (a UserWordsPayload): a partial hypothesis replaces the previous one of its segment; the final one (final: true) replaces them all.',
  user_speech_started: 'The interaction model judged that the user started speaking.',
  user_speech_ended: 'The interaction model judged that the user stopped speaking.',
  action: 'The interaction model chose a different action than in the previous micro-turn.',
  assistant_speech_started: 'The assistant\'s voice started an utterance (its text, kind and planned duration).',
  assistant_speech_ended: 'The assistant\'s voice finished an utterance; every word of it was played.',
  assistant_speech_cut: 'The assistant stopped mid-utterance; the payload says exactly which words were played and which were not.',
  model_event: 'An event the interaction model emitted for the engine (delegate, announce, deliver, cancel_task, schedule_timer, cancel_timers, request_rejected, …; payload `event` = its kind plus its own payload); a delegate carries the `taskId` and `query` its background task will report under, a deliver the `taskId` whose result is being spoken (and whether it was stale), a cancel_task the `taskId` to stop. An announce of a timer ({ timerId, dueAtMs }) is emitted in the micro-turn whose output starts the timer\'s utterance; the engine adds `lateMs` = when that utterance starts playing (the end of the micro-turn, = its assistant_speech_started atMs) − dueAtMs: how late the assistant spoke a timer. A schedule_timer or cancel_timers the engine carried out is followed by timer_scheduled / timer_cancelled in the next micro-turn; a malformed one by an `error` instead.',
  timer_due: 'A scheduled timer fell due and entered this micro-turn\'s input.',
  timer_scheduled: 'The user set a timer (a reminder), through the UI or a request the interaction model understood: its id, due media time, text (`label`), repeat period if it repeats, and `say` (the exact sentence to say then) when the model gave one.',
  timer_cancelled: 'The user cancelled a pending timer before it fell due (or between repeats), through the UI or by saying so ("stop", "cancel the reminder").',
  background_update: 'The background model streamed an update (text delta, tool call, tool result, done); the payload is a BackgroundUpdatePayload (below).',
  error: 'Something failed inside the session without ending it (a model step, an input source).',
  tool_call_audit: 'A tool call finished: tool, permission class, decision and who decided, outcome, duration (the full entry, with arguments and result, is in tool_calls.jsonl).',
  repetition: 'The camera\'s repetition counter saw a repetition end while counting (a RepetitionCount: count, start, end, period, confidence); one event per counted repetition.',
  counting_started: 'Repetition counting was armed (the interaction model understood "count my squats"); the payload names the exercise.',
  counting_stopped: 'Repetition counting stopped; the payload has the final count and why (asked, camera lost, session end).',
  code_reading: 'A changed screen frame was read for code (status code / no_code / unreadable / error, lines read, findings new and held back, time taken).',
  code_findings: 'New findings in code read off the screen entered this micro-turn\'s input ({ frameIndex, language, findings: CodeFinding[] }); a finding is reported once.',
  watch_added: 'The user registered a visual watch (a Watch: source, region, condition, label).',
  watch_cancelled: 'A visual watch was cancelled (by the user, or it ended after firing once).',
  watch_fired: 'A visual watch\'s condition became true on a frame (a WatchFiring) and entered this micro-turn\'s input.',
  tts_underrun: 'Real time only: the voice had not synthesized the audio of this output chunk in time; what existed was played, the rest was silence, and the utterance goes on where it stopped.',
} as const;
export type TimelineKind = keyof typeof TIMELINE_KINDS;
const KIND_NAMES = Object.keys(TIMELINE_KINDS) as [TimelineKind, ...TimelineKind[]];

export const TimelineEventSchema = z.object({
  /** Position in the session's log, from 0, without gaps. */
  seq: z.number().int().nonnegative(),
  /** Micro-turn in which the event happened. */
  turn: z.number().int().nonnegative(),
  /** Media time in ms since the session started. */
  atMs: z.number().nonnegative(),
  source: z.enum(TIMELINE_SOURCES),
  kind: z.enum(KIND_NAMES),
  payload: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
/** An event before the timeline numbers it. */
export type NewTimelineEvent = Omit<TimelineEvent, 'seq'>;

// ---- background_update payloads (the background model, a later issue, produces exactly these) ----

/** What one background_update event says about one task; events of one task share its taskId. */
export const BACKGROUND_UPDATE_TYPES = ['started', 'text', 'tool_call', 'tool_result', 'done', 'failed', 'cancelled'] as const;
const taskId = z.string().min(1).max(128);
export const BackgroundUpdatePayloadSchema = z.discriminatedUnion('type', [
  /** The task began: a short title for the UI and the query it works on. */
  z.strictObject({ taskId, type: z.literal('started'), title: z.string().max(200), query: z.string().max(10_000).optional() }),
  /** More of the answer streamed in; deltas are concatenated in event order. */
  z.strictObject({ taskId, type: z.literal('text'), delta: z.string() }),
  /** The model called a tool; `callId` pairs it with its result. */
  z.strictObject({ taskId, type: z.literal('tool_call'), callId: z.string().min(1), name: z.string().min(1), arguments: z.record(z.string(), z.unknown()) }),
  /** A tool answered (`ok` false: it failed or was denied, `result` then says why). */
  z.strictObject({ taskId, type: z.literal('tool_result'), callId: z.string().min(1), ok: z.boolean(), result: z.string() }),
  /** The task finished; `text`, when present, is the whole final answer (otherwise the streamed text is). */
  z.strictObject({ taskId, type: z.literal('done'), text: z.string().optional() }),
  /** The task failed; `code` (when present) says why in a word the interaction model can act on (see common/background.ts). */
  z.strictObject({
    taskId,
    type: z.literal('failed'),
    error: z.string(),
    code: z.enum(BACKGROUND_FAILURE_CODES).optional(),
  }),
  z.strictObject({ taskId, type: z.literal('cancelled'), reason: z.string().optional() }),
]);
export type BackgroundUpdatePayload = z.infer<typeof BackgroundUpdatePayloadSchema>;

// ---- user_words payloads (main/engine/speechRecognition.ts produces exactly these) ----

export const RecognizedWordPayloadSchema = z.strictObject({
  word: z.string().min(1),
  /** Media time of the word in the session, estimated (see docs/speech.md, ASR). */
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  confidence: z.number().min(0).max(1).optional(),
});
export const UserWordsPayloadSchema = z.strictObject({
  words: z.array(RecognizedWordPayloadSchema),
  final: z.boolean(),
  /** Names the speech segment; events of one segment share it. */
  segmentId: z.string().min(1).max(64),
});
export type UserWordsPayload = z.infer<typeof UserWordsPayloadSchema>;
