// Session history: lists, opens and deletes the recorded live sessions (folders under the sessions dir), reading their logs robustly.

import { closeSync, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { SessionIdSchema, type HistoryAudio, type HistoryEntry, type HistoryOpen } from '../../common/ipc';
import { TimelineEventSchema, type TimelineEvent } from '../../common/timeline';

/** A history request the folder cannot serve (unknown id, a path that leaves the sessions dir, the live session). */
export class SessionHistoryError extends Error {
  constructor(
    readonly code: 'INVALID_ID' | 'NOT_FOUND' | 'SESSION_LIVE' | 'DELETE_FAILED' | 'AUDIO_UNREADABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SessionHistoryError';
  }
}

/** A timeline.jsonl read without throwing: bad lines are skipped and counted, a cut-off last line is noticed. */
export interface TolerantTimeline {
  events: TimelineEvent[];
  corruptLines: number;
  /** session_stopped is present. */
  endedCleanly: boolean;
}

export function readTimelineTolerantly(path: string): TolerantTimeline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { events: [], corruptLines: 0, endedCleanly: false };
  }
  const events: TimelineEvent[] = [];
  let corruptLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = TimelineEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else corruptLines++;
    } catch {
      // A line half written by a crash, or edited by hand: skipped, counted, never fatal.
      corruptLines++;
    }
  }
  return { events, corruptLines, endedCleanly: events.some((event) => event.kind === 'session_stopped') };
}

export interface SessionHistoryOptions {
  sessionsDir: string;
  /** The folder of the session running now, if any: it is listed as live and cannot be deleted. */
  liveFolder?: () => string | null;
}

/** Reads the sessions folder. Every method takes ids as the contract validated them and checks them again here. */
export class SessionHistory {
  constructor(private readonly options: SessionHistoryOptions) {}

  /** Most recent first (folder names start with their UTC start time). */
  list(limit = 50): HistoryEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.options.sessionsDir);
    } catch {
      return []; // no session recorded yet
    }
    return names
      .filter((name) => SessionIdSchema.safeParse(name).success && this.isSessionFolder(join(this.options.sessionsDir, name)))
      .sort()
      .reverse()
      .slice(0, limit)
      .map((name) => this.entryOf(name, readTimelineTolerantly(join(this.options.sessionsDir, name, 'timeline.jsonl'))));
  }

  /** Events from `sinceSeq` on, at most `limit`; nextSeq says where the next page starts. */
  open(request: { id: string; sinceSeq?: number; limit: number }): HistoryOpen {
    const folder = this.folderOf(request.id);
    const timeline = readTimelineTolerantly(join(folder, 'timeline.jsonl'));
    const since = request.sinceSeq ?? 0;
    const from = timeline.events.filter((event) => event.seq >= since);
    const events = from.slice(0, request.limit);
    const nextSeq = from.length > events.length ? from[events.length].seq : null;
    return { entry: this.entryOf(request.id, timeline), events, nextSeq };
  }

  /**
   * A slice of mic.wav or output.wav. Both are written by WavStreamWriter (44-byte header, 16 kHz mono 16-bit),
   * so the slice is read straight from its offset instead of decoding the whole file for every 2 s asked.
   */
  audio(request: { id: string; track: 'mic' | 'output'; fromMs: number; durationMs: number }): HistoryAudio {
    const path = join(this.folderOf(request.id), request.track === 'mic' ? 'mic.wav' : 'output.wav');
    const empty: HistoryAudio = { track: request.track, fromMs: request.fromMs, sampleRateHz: 16_000, samples: [] };
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return empty; // a session recorded before output.wav existed has only the mic
    }
    try {
      const header = Buffer.alloc(44);
      readSync(fd, header, 0, 44, 0);
      const isTandemWav =
        header.toString('ascii', 0, 4) === 'RIFF' && header.toString('ascii', 8, 12) === 'WAVE' && header.readUInt16LE(20) === 1 &&
        header.readUInt16LE(22) === 1 && header.readUInt32LE(24) === 16_000 && header.readUInt16LE(34) === 16 && header.toString('ascii', 36, 40) === 'data';
      if (!isTandemWav) {
        throw new SessionHistoryError('AUDIO_UNREADABLE', `${path} is not the 16 kHz mono 16-bit WAV Tandem writes; it cannot be played back.`);
      }
      // The file's size, not the header's, says how much there is: a crash may leave the header behind the data.
      const totalSamples = Math.floor((fstatSync(fd).size - 44) / 2);
      const first = Math.min(totalSamples, Math.round((request.fromMs * 16_000) / 1000));
      const count = Math.min(totalSamples - first, Math.round((request.durationMs * 16_000) / 1000));
      if (count <= 0) return empty;
      const bytes = Buffer.alloc(count * 2);
      readSync(fd, bytes, 0, bytes.length, 44 + first * 2);
      const samples = new Array<number>(count);
      for (let i = 0; i < count; i++) samples[i] = bytes.readInt16LE(i * 2);
      return { ...empty, samples };
    } finally {
      closeSync(fd);
    }
  }

  delete(request: { id: string }): { accepted: true } {
    const folder = this.folderOf(request.id);
    if (this.isLive(folder)) {
      throw new SessionHistoryError('SESSION_LIVE', `Session ${request.id} is still running; stop it before deleting it.`);
    }
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch (error) {
      throw new SessionHistoryError('DELETE_FAILED', `Cannot delete ${folder}: ${(error as Error).message}. Check the folder's permissions.`, { cause: error });
    }
    return { accepted: true };
  }

  /**
   * The folder of session `id`, only if it is a real folder directly inside the sessions dir. The contract's
   * pattern already excludes separators and dots; the realpath check also refuses a symlink pointing elsewhere.
   */
  folderOf(id: string): string {
    if (!SessionIdSchema.safeParse(id).success) {
      throw new SessionHistoryError('INVALID_ID', `"${id}" is not a session id (a folder name made of letters, digits, - and _).`);
    }
    const folder = join(this.options.sessionsDir, id);
    if (!this.isSessionFolder(folder)) {
      throw new SessionHistoryError('NOT_FOUND', `No session ${id} in ${this.options.sessionsDir}; it may have been deleted. Refresh the list.`);
    }
    const root = realpathSync(this.options.sessionsDir);
    if (realpathSync(folder) !== join(root, id) || !realpathSync(folder).startsWith(root + sep)) {
      throw new SessionHistoryError('INVALID_ID', `Session ${id} is not a folder inside ${this.options.sessionsDir}.`);
    }
    return folder;
  }

  private isSessionFolder(folder: string): boolean {
    try {
      return lstatSync(folder).isDirectory() && existsSync(join(folder, 'timeline.jsonl'));
    } catch {
      return false;
    }
  }

  private isLive(folder: string): boolean {
    const live = this.options.liveFolder?.();
    return !!live && realpathSync(live) === realpathSync(folder);
  }

  private entryOf(id: string, timeline: TolerantTimeline): HistoryEntry {
    const { events } = timeline;
    const started = events.find((event) => event.kind === 'session_started');
    const header = (started?.payload ?? {}) as { startedAt?: unknown; interactionModel?: { name?: unknown } };
    const lastTurn = events.reduce((max, event) => Math.max(max, event.turn), -1);
    const lastAtMs = events.reduce((max, event) => Math.max(max, event.atMs), 0);
    const folder = join(this.options.sessionsDir, id);
    let startedAt = typeof header.startedAt === 'string' ? header.startedAt : null;
    if (!startedAt) {
      try {
        startedAt = statSync(folder).birthtime.toISOString();
      } catch {
        startedAt = new Date(0).toISOString();
      }
    }
    const count = (kind: TimelineEvent['kind'], where: (event: TimelineEvent) => boolean = () => true) =>
      events.filter((event) => event.kind === kind && where(event)).length;
    let live = false;
    try {
      live = this.isLive(folder);
    } catch {
      live = false;
    }
    return {
      id,
      startedAt,
      durationMs: Math.max(lastAtMs, (lastTurn + 1) * 200),
      turns: lastTurn + 1,
      interactionModel: typeof header.interactionModel?.name === 'string' ? header.interactionModel.name : null,
      endedCleanly: timeline.endedCleanly,
      userTurns: count('user_speech_started') + count('user_text'),
      assistantUtterances: count('assistant_speech_started'),
      interruptions: count('assistant_speech_cut', (event) => event.payload.reason === 'yield'),
      corruptLines: timeline.corruptLines,
      live,
    };
  }
}
