// The session timeline: append-only shared context with a bounded in-memory window and a JSONL log.

import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { TandemError } from '../../common/errors';
import type { NewTimelineEvent, TimelineEvent, TimelineKind } from '../../common/timeline';

export interface TimelineLimits {
  /** Events newer than this (media time) are always kept in memory in full. */
  recentWindowMs: number;
  /** Hard cap on events kept in memory, whatever their age. */
  maxRecentEvents: number;
  /** Characters of older conversation text kept in the digest. */
  digestTextChars: number;
}

export const DEFAULT_TIMELINE_LIMITS: TimelineLimits = {
  recentWindowMs: 10 * 60_000,
  maxRecentEvents: 20_000,
  digestTextChars: 8_000,
};

/** What remains in memory of events that left the recent window. */
export interface TimelineDigest {
  evictedEvents: number;
  countsByKind: Partial<Record<TimelineKind, number>>;
  firstTurn: number | null;
  lastTurn: number | null;
  /** The tail of older conversation, "user: … / assistant: …" lines, at most digestTextChars. */
  conversation: string;
}

export type TimelineListener = (event: TimelineEvent) => void;

/**
 * Append-only log of time-stamped events. Memory stays bounded: recent events are kept in full,
 * older ones fold into a digest; the complete record is the JSONL file, written once per micro-turn.
 */
export class Timeline {
  private events: TimelineEvent[] = [];
  private head = 0; // index of the oldest kept event in `events` (compacted lazily)
  private nextSeq = 0;
  private readonly listeners = new Set<TimelineListener>();
  private readonly digest: TimelineDigest = {
    evictedEvents: 0,
    countsByKind: {},
    firstTurn: null,
    lastTurn: null,
    conversation: '',
  };

  constructor(
    private readonly log: TimelineLog | null = null,
    private readonly limits: TimelineLimits = DEFAULT_TIMELINE_LIMITS,
  ) {}

  get length(): number {
    return this.nextSeq;
  }

  append(event: NewTimelineEvent): TimelineEvent {
    const full: TimelineEvent = { seq: this.nextSeq++, ...event };
    this.events.push(full);
    this.log?.append(full);
    for (const listener of this.listeners) listener(full);
    this.evict(full.atMs);
    return full;
  }

  /** Ends a micro-turn: its events reach the OS so a crash loses at most the turn in progress. */
  flush(): void {
    this.log?.flush();
  }

  subscribe(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The events still held in memory, oldest first. */
  recent(): TimelineEvent[] {
    return this.events.slice(this.head);
  }

  /** Events in memory since a sequence number (for a renderer that resyncs). */
  since(seq: number): TimelineEvent[] {
    return this.recent().filter((event) => event.seq >= seq);
  }

  summary(): TimelineDigest {
    return { ...this.digest, countsByKind: { ...this.digest.countsByKind } };
  }

  close(): void {
    this.log?.close();
  }

  private evict(nowMs: number): void {
    const limit = this.limits;
    while (
      this.events.length - this.head > limit.maxRecentEvents ||
      (this.events.length - this.head > 0 && nowMs - this.events[this.head].atMs > limit.recentWindowMs)
    ) {
      this.fold(this.events[this.head]);
      this.head++;
    }
    // Compact once the dead prefix is large, so eviction stays O(1) amortized.
    if (this.head > 4096 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  private fold(event: TimelineEvent): void {
    const d = this.digest;
    d.evictedEvents++;
    d.countsByKind[event.kind] = (d.countsByKind[event.kind] ?? 0) + 1;
    d.firstTurn ??= event.turn;
    d.lastTurn = event.turn;
    const line = conversationLine(event);
    if (line) {
      d.conversation = (d.conversation ? `${d.conversation}\n${line}` : line).slice(-this.limits.digestTextChars);
    }
  }
}

function conversationLine(event: TimelineEvent): string | null {
  if (event.kind === 'user_text') return `user: ${String(event.payload.text ?? '')}`;
  if (event.kind === 'assistant_speech_ended') return `assistant: ${String(event.payload.text ?? '')}`;
  if (event.kind === 'assistant_speech_cut') return `assistant (cut): ${String(event.payload.spokenText ?? '')}`;
  return null;
}

/** The JSONL file of one session: lines are buffered within a micro-turn and written at its end. */
export class TimelineLog {
  private readonly fd: number;
  private pending: string[] = [];
  private closed = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      throw new TandemError(
        'OUTPUT_UNWRITABLE',
        `Cannot open the timeline log for writing`,
        path,
        'Choose an output folder you can write to (--out DIR).',
        { cause: error },
      );
    }
  }

  append(event: TimelineEvent): void {
    if (this.closed) return;
    this.pending.push(JSON.stringify(event));
  }

  flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
  }
}
