// The timeline keeps memory bounded over long sessions and persists every micro-turn to JSONL, readable after a crash.

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTandemError } from '../../../common/errors';
import { Timeline, TimelineLog } from '../../../main/engine/timeline';
import { readTimeline } from '../../../main/engine/timelineReader';

const tmp = () => mkdtempSync(join(tmpdir(), 'tandem-timeline-'));

describe('timeline memory', () => {
  it('keeps only the recent window in memory and folds older events into a digest', () => {
    const timeline = new Timeline(null, { recentWindowMs: 60_000, maxRecentEvents: 1_000, digestTextChars: 200 });
    // Two hours of micro-turns, with a typed line every minute.
    for (let turn = 0; turn < 36_000; turn++) {
      timeline.append({ turn, atMs: turn * 200, source: 'user', kind: 'audio_chunk', payload: { offsetSamples: turn * 3200 } });
      if (turn % 300 === 0) timeline.append({ turn, atMs: turn * 200, source: 'user', kind: 'user_text', payload: { text: `minute ${turn / 300}` } });
    }
    const recent = timeline.recent();
    expect(recent.length).toBeLessThanOrEqual(1_000);
    expect(recent[recent.length - 1].turn).toBe(35_999);
    // Every event is either still in memory or counted in the digest.
    const digest = timeline.summary();
    expect(digest.evictedEvents + recent.length).toBe(timeline.length);
    expect((digest.countsByKind.audio_chunk ?? 0) + recent.filter((e) => e.kind === 'audio_chunk').length).toBe(36_000);
    expect(digest.conversation.length).toBeLessThanOrEqual(200);
    expect(digest.conversation).toMatch(/user: minute 11\d$/);
    expect(timeline.since(recent[10].seq)[0]).toBe(recent[10]);
  });
});

describe('timeline log', () => {
  it('writes a micro-turn to disk only when it is flushed, and reads back exactly', () => {
    const path = join(tmp(), 'timeline.jsonl');
    const timeline = new Timeline(new TimelineLog(path));
    timeline.append({ turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: { a: 1 } });
    timeline.append({ turn: 0, atMs: 0, source: 'user', kind: 'user_text', payload: { text: 'hi' } });
    expect(readFileSync(path, 'utf8')).toBe('');
    timeline.flush();
    expect(readTimeline(path)).toMatchObject({ complete: false, truncatedTail: false, events: [{ seq: 0, kind: 'session_started' }, { seq: 1, payload: { text: 'hi' } }] });
    timeline.append({ turn: 1, atMs: 200, source: 'engine', kind: 'session_stopped', payload: {} });
    timeline.close();
    const read = readTimeline(path);
    expect(read.complete).toBe(true);
    expect(read.events).toEqual(timeline.recent());
  });

  it('ignores a half-written last line (a crash mid-write) and keeps everything before it', () => {
    const path = join(tmp(), 'timeline.jsonl');
    const timeline = new Timeline(new TimelineLog(path));
    timeline.append({ turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: {} });
    timeline.flush();
    appendFileSync(path, '{"seq":1,"turn":1,"atMs":200,"sour');
    const read = readTimeline(path);
    expect(read.truncatedTail).toBe(true);
    expect(read.events).toHaveLength(1);
  });

  it('names the line of a corrupt or reordered log', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"seq":0,"turn":0,"atMs":0,"source":"engine","kind":"session_started","payload":{}}\nnot json\n');
    expect(() => readTimeline(bad)).toThrow(/Line 2 is not JSON/);
    const gap = join(dir, 'gap.jsonl');
    writeFileSync(gap, '{"seq":0,"turn":0,"atMs":0,"source":"engine","kind":"session_started","payload":{}}\n{"seq":2,"turn":0,"atMs":0,"source":"engine","kind":"error","payload":{}}\n');
    expect(() => readTimeline(gap)).toThrow(/Line 2 has seq 2, expected 1/);
    const kind = join(dir, 'kind.jsonl');
    writeFileSync(kind, '{"seq":0,"turn":0,"atMs":0,"source":"engine","kind":"made_up","payload":{}}\n');
    try {
      readTimeline(kind);
      expect.unreachable();
    } catch (error) {
      expect(isTandemError(error) && error.code).toBe('TIMELINE_INVALID');
      expect((error as Error).message).toMatch(/Line 1: kind/);
    }
  });

  it('refuses an output path it cannot write with a clear error', () => {
    expect(() => new TimelineLog('/proc/version/timeline.jsonl')).toThrow(/Cannot open the timeline log/);
  });
});
