// SessionHistory over real folders: newest first with counts, a crashed log listed as ended abruptly, corrupt lines skipped and counted, pages, traversal refused.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryIdRequestSchema } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { SessionHistory, SessionHistoryError } from '../../../main/live/sessionHistory';

let root: string;
let sessionsDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tandem-history-'));
  sessionsDir = join(root, 'sessions');
  mkdirSync(sessionsDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

let seq = 0;
const event = (turn: number, kind: TimelineEvent['kind'], payload: Record<string, unknown> = {}, atMs = turn * 200): TimelineEvent =>
  ({ seq: seq++, turn, atMs, source: 'engine', kind, payload });

/** A session folder with these events; `tail` is appended raw (a line cut by a crash). */
function writeSession(id: string, events: TimelineEvent[], tail = ''): string {
  const folder = join(sessionsDir, id);
  mkdirSync(folder);
  writeFileSync(join(folder, 'timeline.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '') + tail);
  return folder;
}

function cleanSession(): TimelineEvent[] {
  seq = 0;
  return [
    event(0, 'session_started', { startedAt: '2026-11-25T06:00:00.000Z', interactionModel: { name: 'harness' } }),
    event(0, 'audio_chunk'),
    event(2, 'user_speech_started'),
    event(5, 'user_speech_ended'),
    event(9, 'assistant_speech_started', { text: 'hello' }),
    event(12, 'assistant_speech_cut', { reason: 'yield' }),
    event(13, 'user_text', { text: 'hi' }),
    event(15, 'assistant_speech_started', { text: 'ok' }),
    event(19, 'assistant_speech_ended'),
    event(19, 'session_stopped', {}, 3_900),
  ];
}

describe('SessionHistory', () => {
  it('lists sessions newest first with their counts, and a log cut short as ended abruptly with its bad lines counted', () => {
    writeSession('20261125T060000Z-aaaaaa', cleanSession());
    seq = 0;
    const crashed = [event(0, 'session_started', { startedAt: '2026-11-25T07:00:00.000Z', interactionModel: { name: 'harness' } }), event(3, 'user_speech_started')];
    writeSession('20261125T070000Z-bbbbbb', crashed, '{"seq":2,"turn":4,"atMs":8');
    mkdirSync(join(sessionsDir, 'not-a-session')); // no timeline.jsonl: not listed
    writeFileSync(join(sessionsDir, 'stray.txt'), 'x');

    const history = new SessionHistory({ sessionsDir });
    expect(history.list()).toEqual([
      {
        id: '20261125T070000Z-bbbbbb', startedAt: '2026-11-25T07:00:00.000Z', durationMs: 800, turns: 4, interactionModel: 'harness',
        endedCleanly: false, userTurns: 1, assistantUtterances: 0, interruptions: 0, corruptLines: 1, live: false,
      },
      {
        id: '20261125T060000Z-aaaaaa', startedAt: '2026-11-25T06:00:00.000Z', durationMs: 4_000, turns: 20, interactionModel: 'harness',
        endedCleanly: true, userTurns: 2, assistantUtterances: 2, interruptions: 1, corruptLines: 0, live: false,
      },
    ]);
    expect(history.list(1).map((entry) => entry.id)).toEqual(['20261125T070000Z-bbbbbb']);
  });

  it('skips a corrupt line in the middle and keeps reading', () => {
    const events = cleanSession();
    const folder = writeSession('s1', []);
    writeFileSync(join(folder, 'timeline.jsonl'), [JSON.stringify(events[0]), 'garbage', JSON.stringify({ seq: 1 }), ...events.slice(1).map((e) => JSON.stringify(e))].join('\n') + '\n');
    const opened = new SessionHistory({ sessionsDir }).open({ id: 's1', limit: 100 });
    expect(opened.entry.corruptLines).toBe(2);
    expect(opened.entry.endedCleanly).toBe(true);
    expect(opened.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });

  it('opens a session in pages: sinceSeq and limit, nextSeq null at the end', () => {
    writeSession('s1', cleanSession());
    const history = new SessionHistory({ sessionsDir });
    const first = history.open({ id: 's1', limit: 4 });
    expect(first.events.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(first.nextSeq).toBe(4);
    const second = history.open({ id: 's1', sinceSeq: 4, limit: 4 });
    expect(second.events.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    const last = history.open({ id: 's1', sinceSeq: 8, limit: 4 });
    expect(last.events.map((e) => e.seq)).toEqual([8, 9]);
    expect(last.nextSeq).toBeNull();
  });

  it('refuses ids that would leave the sessions folder: in the contract and again in the reader', () => {
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'timeline.jsonl'), '');
    symlinkSync(join(root, 'outside'), join(sessionsDir, 'link'));
    const history = new SessionHistory({ sessionsDir });
    for (const id of ['..', '../outside', 'a/b', '.hidden', '', 'x\\..\\y', '/etc']) {
      expect(HistoryIdRequestSchema.safeParse({ id }).success, id).toBe(false);
      expect(() => history.open({ id, limit: 10 }), id).toThrow(SessionHistoryError);
      expect(() => history.delete({ id }), id).toThrow(SessionHistoryError);
    }
    // A symlink inside the folder that points outside is not a session folder either.
    expect(() => history.open({ id: 'link', limit: 10 })).toThrow(/No session link/);
    expect(() => history.delete({ id: 'link' })).toThrow(SessionHistoryError);
    expect(readdirSync(join(root, 'outside'))).toEqual(['timeline.jsonl']);
    expect(() => history.open({ id: 'missing', limit: 10 })).toThrow(/No session missing .*Refresh the list/);
  });

  it('deletes a session folder, but not the one running now', () => {
    const live = writeSession('live1', cleanSession());
    writeSession('old1', cleanSession());
    const history = new SessionHistory({ sessionsDir, liveFolder: () => live });
    expect(history.list().map((entry) => [entry.id, entry.live])).toEqual([['old1', false], ['live1', true]]);
    expect(() => history.delete({ id: 'live1' })).toThrow(/still running; stop it/);
    expect(history.delete({ id: 'old1' })).toEqual({ accepted: true });
    expect(readdirSync(sessionsDir)).toEqual(['live1']);
  });

  it('answers an empty list when no session folder exists yet', () => {
    expect(new SessionHistory({ sessionsDir: join(root, 'never-created') }).list()).toEqual([]);
  });
});

describe('SessionHistory audio slices', () => {
  it('reads mic.wav and output.wav by media time, exactly as written, shorter at the end, empty past it or without the file', async () => {
    const { WavStreamWriter } = await import('../../../main/engine/media/wavWriter');
    const folder = writeSession('s1', cleanSession());
    const writer = new WavStreamWriter(join(folder, 'mic.wav'));
    // 0.5 s: sample i is i / 32768, so every value is on the 16-bit grid and easy to check.
    writer.write(Float32Array.from({ length: 8_000 }, (_, i) => -(i % 1000) / 32768));
    writer.close();
    const history = new SessionHistory({ sessionsDir });
    const slice = history.audio({ id: 's1', track: 'mic', fromMs: 100, durationMs: 10 });
    expect(slice).toEqual({ track: 'mic', fromMs: 100, sampleRateHz: 16_000, samples: Array.from({ length: 160 }, (_, i) => -((1_600 + i) % 1000)) });
    expect(history.audio({ id: 's1', track: 'mic', fromMs: 490, durationMs: 2_000 }).samples).toHaveLength(160);
    expect(history.audio({ id: 's1', track: 'mic', fromMs: 600, durationMs: 100 }).samples).toEqual([]);
    expect(history.audio({ id: 's1', track: 'output', fromMs: 0, durationMs: 100 }).samples).toEqual([]);
    writeFileSync(join(folder, 'output.wav'), 'not a wav at all, but longer than a header is...........');
    expect(() => history.audio({ id: 's1', track: 'output', fromMs: 0, durationMs: 100 })).toThrow(/not the 16 kHz mono 16-bit WAV/);
    expect(() => history.audio({ id: '../s1', track: 'mic', fromMs: 0, durationMs: 100 })).toThrow(SessionHistoryError);
  });
});
