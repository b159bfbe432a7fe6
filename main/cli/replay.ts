// `tandem replay`: re-runs a recorded session on the virtual clock and checks every decision comes out the same.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TandemError } from '../../common/errors';
import type { TimelineEvent } from '../../common/timeline';
import { loadInput } from '../engine/scenario/load';
import { readTimeline } from '../engine/timelineReader';
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
}

/** Events compared: everything a session decides, minus the bookends that describe the run itself. */
function comparable(events: readonly TimelineEvent[]): Array<Omit<TimelineEvent, 'seq'>> {
  return events
    .filter((e) => e.kind !== 'session_started' && e.kind !== 'session_stopped' && e.kind !== 'session_paused' && e.kind !== 'session_resumed')
    .map(({ seq: _seq, ...rest }) => rest);
}

export async function replaySession(dir: string): Promise<ReplayResult> {
  const timelinePath = join(dir, 'timeline.jsonl');
  const recorded = readTimeline(timelinePath);
  const start = recorded.events[0];
  if (!start || start.kind !== 'session_started') {
    throw new TandemError('TIMELINE_INVALID', 'The timeline does not begin with session_started', timelinePath, 'Pass a folder written by `tandem run --out DIR`.');
  }
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
      realtime: false,
      maxTurns: turns,
    });
    const replayed = readTimeline(join(scratch, 'timeline.jsonl'));
    // A session cut short by a crash is compared up to its last whole micro-turn.
    const within = (e: TimelineEvent) => e.turn < turns;
    const a = comparable(recorded.events.filter(within));
    const b = comparable(replayed.events.filter(within));
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
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
