// `tandem replay`: re-runs a recorded session (a `tandem run` folder or a live session's folder) on the virtual clock and checks every decision comes out the same.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MICRO_TURN_MS } from '../../common/microturn';
import { TandemError } from '../../common/errors';
import type { TimelineEvent } from '../../common/timeline';
import { loadInput } from '../engine/scenario/load';
import { readTimeline } from '../engine/timelineReader';
import { VoiceChoiceSchema, type VoiceChoice } from '../models/speech/voiceChoice';
import { runInput } from './runInput';

export interface ReplayResult {
  identical: boolean;
  comparedEvents: number;
  message: string;
  /** Position of the first differing event among the compared (decision) events. */
  firstDifference?: { index: number; recorded: unknown; replayed: unknown };
}

interface RecordedHeader {
  input: { path: string; files: Array<{ field: string; path: string; sha256: string }> };
  interactionModel: { name: string; configPath: string | null };
  asr?: { name: string };
}

/** The voice a session spoke with; sessions recorded before voices existed spoke with the placeholder tone. */
function recordedVoice(header: Record<string, unknown>): VoiceChoice {
  if (header.voiceChoice === undefined) return { kind: 'placeholder' };
  const parsed = VoiceChoiceSchema.safeParse(header.voiceChoice);
  if (!parsed.success) throw new TandemError('TIMELINE_INVALID', `session_started names a voice that cannot be read: ${parsed.error.issues[0].message}`, 'session_started.voiceChoice', 'Replay a session recorded by this version of Tandem.');
  return parsed.data;
}

/**
 * A live session streams speech in real time: an utterance may start before it is fully synthesized, so its
 * start records no duration and only the words ready by then. Those are the voice's progress, not decisions;
 * the replay (virtual time, fully synthesized) is compared on everything else, the spoken/unspoken split included.
 * An utterance that had a tts_underrun played later than its samples say (the gap was silence), so where and
 * after how much audio it ended or was cut is real-time fact the virtual clock cannot reproduce: for those,
 * only that it ended or was cut, in which turn and why, is compared.
 */
function withoutStreamedTimings(recorded: readonly TimelineEvent[]): (event: Omit<TimelineEvent, 'seq'>) => Omit<TimelineEvent, 'seq'> {
  const underrun = new Set(recorded.filter((e) => e.kind === 'tts_underrun').map((e) => e.payload.utteranceId));
  return (event) => {
    if (event.kind !== 'assistant_speech_started' && event.kind !== 'assistant_speech_ended' && event.kind !== 'assistant_speech_cut') return event;
    const { words: _words, durationMs: _durationMs, ...payload } = event.payload;
    if (event.kind !== 'assistant_speech_started' && underrun.has(payload.utteranceId)) {
      return { turn: event.turn, atMs: 0, source: event.source, kind: event.kind, payload: { utteranceId: payload.utteranceId, reason: payload.reason ?? null } };
    }
    return { ...event, payload };
  };
}

/** Events compared: everything a session decides, minus the bookends that describe the run itself. */
function comparable(events: readonly TimelineEvent[]): Array<Omit<TimelineEvent, 'seq'>> {
  return events
    .filter((e) => e.kind !== 'session_started' && e.kind !== 'session_stopped' && e.kind !== 'session_paused' && e.kind !== 'session_resumed')
    .map(({ seq: _seq, ...rest }) => rest);
}

/**
 * What a live session decided, as opposed to what it was fed: the inputs of a live session are rebuilt from
 * its files, so bookkeeping events (audio_chunk's underrun counts, camera and screen presence) are not compared.
 */
const DECISION_KINDS: ReadonlySet<TimelineEvent['kind']> = new Set([
  'user_text',
  'user_speech_started',
  'user_speech_ended',
  'action',
  'assistant_speech_started',
  'assistant_speech_ended',
  'assistant_speech_cut',
  'model_event',
  'background_update',
] as const);

export async function replaySession(dir: string): Promise<ReplayResult> {
  const timelinePath = join(dir, 'timeline.jsonl');
  const recorded = readTimeline(timelinePath);
  const start = recorded.events[0];
  if (!start || start.kind !== 'session_started') {
    throw new TandemError('TIMELINE_INVALID', 'The timeline does not begin with session_started', timelinePath, 'Pass a folder written by `tandem run --out DIR`.');
  }
  if ((start.payload as { input?: { kind?: unknown } }).input?.kind === 'live') return replayLiveSession(dir, recorded);
  const header = start.payload as unknown as RecordedHeader;
  if (!header.input?.path || !header.interactionModel?.name) {
    throw new TandemError('TIMELINE_INVALID', 'The session_started event does not say which input and model the session used', timelinePath, 'Only sessions recorded by `tandem run` can be replayed.');
  }

  // The same bytes must go in, or a difference would mean nothing.
  const input = await loadInput(header.input.path);
  const current = new Map(input.inputs.map((f) => [f.field, f.sha256]));
  input.close();
  for (const file of header.input.files) {
    if (current.get(file.field) !== file.sha256) {
      throw new TandemError('INPUT_NOT_FOUND', `Input ${file.field} changed since the session was recorded (checksum differs)`, file.path, 'Restore the original file to replay this session.');
    }
  }

  const lastTurn = recorded.events.reduce((max, e) => (e.kind === 'audio_chunk' ? Math.max(max, e.turn) : max), -1);
  const turns = lastTurn + 1;
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-replay-'));
  try {
    await runInput({
      input: header.input.path,
      outDir: scratch,
      im: header.interactionModel.name,
      imConfigPath: header.interactionModel.configPath ?? undefined,
      // Sessions recorded before speech recognition existed ran without it.
      asr: header.asr?.name ?? 'none',
      realtime: false,
      maxTurns: turns,
      // The background model's answers are inputs: they are fed back as recorded, never asked for again.
      recordedBackground: recorded.events.filter((e) => e.kind === 'background_update'),
      voice: recordedVoice(recorded.events[0].payload),
    });
    return compareTimelines(recorded, readTimeline(join(scratch, 'timeline.jsonl')), turns, () => true);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function compareTimelines(
  recorded: ReturnType<typeof readTimeline>,
  replayed: ReturnType<typeof readTimeline>,
  turns: number,
  compared: (event: TimelineEvent) => boolean,
  normalize: (event: Omit<TimelineEvent, 'seq'>) => Omit<TimelineEvent, 'seq'> = (event) => event,
): ReplayResult {
  // A session cut short by a crash is compared up to its last whole micro-turn.
  const within = (e: TimelineEvent) => e.turn < turns && compared(e);
  const a = comparable(recorded.events.filter(within)).map(normalize);
  const b = comparable(replayed.events.filter(within)).map(normalize);
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      return {
        identical: false,
        comparedEvents: i,
        firstDifference: { index: i, recorded: a[i] ?? null, replayed: b[i] ?? null },
        message: `Replay diverges at decision event ${i} (turn ${a[i]?.turn ?? b[i]?.turn}):\n  recorded: ${JSON.stringify(a[i] ?? null)}\n  replayed: ${JSON.stringify(b[i] ?? null)}`,
      };
    }
  }
  return {
    identical: true,
    comparedEvents: a.length,
    message: `Replay identical: ${a.length} events over ${turns} micro-turns${recorded.complete ? '' : ' (the recording was cut short; compared up to its last whole micro-turn)'}.`,
  };
}

/**
 * A live session's folder: mic.wav holds every closed input chunk, the timeline holds the typed text and when
 * the mic came and went. They are turned into a scenario and run on the virtual clock. Camera and screen pixels
 * are deliberately never written to disk, so a session whose model was given frames cannot be re-run faithfully:
 * that is an error (exit 1), not a false "identical".
 */
async function replayLiveSession(dir: string, recorded: ReturnType<typeof readTimeline>): Promise<ReplayResult> {
  const header = recorded.events[0].payload as { interactionModel?: { name?: unknown; configPath?: unknown }; asr?: { name?: unknown } };
  const im = typeof header.interactionModel?.name === 'string' ? header.interactionModel.name : null;
  if (!im) {
    throw new TandemError('TIMELINE_INVALID', 'The session_started event does not name the interaction model', join(dir, 'timeline.jsonl'), 'Only sessions recorded by Tandem can be replayed.');
  }
  const micWav = join(dir, 'mic.wav');
  if (!existsSync(micWav)) {
    throw new TandemError('INPUT_NOT_FOUND', 'The live session has no mic.wav', micWav, 'The recording is incomplete; it cannot be replayed.');
  }
  const frames = recorded.events.filter((e) => e.kind === 'frame').length;
  if (frames > 0) {
    throw new TandemError(
      'INPUT_NOT_FOUND',
      `The interaction model was given ${frames} camera or screen frame${frames === 1 ? '' : 's'}, and Tandem never writes frames to disk`,
      dir,
      'This session cannot be verified by replay; sessions that used only the mic and typed text can.',
    );
  }
  const turns = recorded.events.reduce((max, e) => (e.kind === 'audio_chunk' ? Math.max(max, e.turn) : max), -1) + 1;
  if (turns === 0) {
    return { identical: true, comparedEvents: 0, message: 'Replay identical: the session closed no micro-turn, so there is nothing to compare.' };
  }
  const endMs = turns * MICRO_TURN_MS;
  const micGaps: Array<{ fromMs: number; toMs: number }> = [];
  let lostAtMs: number | null = null;
  for (const event of recorded.events) {
    if (event.payload.source !== 'mic') continue;
    if (event.kind === 'source_lost' && lostAtMs === null) lostAtMs = event.atMs;
    if (event.kind === 'source_restored' && lostAtMs !== null) {
      if (event.atMs > lostAtMs) micGaps.push({ fromMs: lostAtMs, toMs: event.atMs });
      lostAtMs = null;
    }
  }
  if (lostAtMs !== null) micGaps.push({ fromMs: lostAtMs, toMs: endMs + MICRO_TURN_MS });
  const text = recorded.events
    .filter((e) => e.kind === 'user_text' && typeof e.payload.text === 'string')
    .map((e) => ({ atMs: e.atMs, text: e.payload.text as string }))
    .sort((x, y) => x.atMs - y.atMs);
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-replay-live-'));
  try {
    const scenarioPath = join(scratch, 'live.scenario.json');
    writeFileSync(scenarioPath, JSON.stringify({ version: 1, name: 'live session replay', durationMs: endMs, mic: [{ file: micWav, atMs: 0 }], micGaps, text }));
    const outDir = join(scratch, 'out');
    await runInput({
      input: scenarioPath,
      outDir,
      im,
      imConfigPath: typeof header.interactionModel?.configPath === 'string' ? header.interactionModel.configPath : undefined,
      // Recognition in real time lands whenever decodes finish, so user_words are not compared; the same recognizer still runs.
      asr: typeof header.asr?.name === 'string' ? header.asr.name : 'none',
      realtime: false,
      maxTurns: turns,
      recordedBackground: recorded.events.filter((e) => e.kind === 'background_update'),
      voice: recordedVoice(recorded.events[0].payload),
    });
    return compareTimelines(recorded, readTimeline(join(outDir, 'timeline.jsonl')), turns, (e) => DECISION_KINDS.has(e.kind), withoutStreamedTimings(recorded.events));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
