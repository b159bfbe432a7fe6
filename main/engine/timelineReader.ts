// Reads a session's timeline.jsonl back, validating every line; a log cut by a crash is read up to its last whole line.

import { readFileSync } from 'node:fs';
import { TandemError } from '../../common/errors';
import { TimelineEventSchema, type TimelineEvent } from '../../common/timeline';

export interface ReadTimeline {
  events: TimelineEvent[];
  /** False when the log has no session_stopped event (the session crashed or is still running). */
  complete: boolean;
  /** A trailing partial line left by a crash, which was ignored. */
  truncatedTail: boolean;
}

export function readTimeline(path: string): ReadTimeline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TandemError('INPUT_NOT_FOUND', 'Cannot read the timeline', path, 'Pass the timeline.jsonl a session wrote (tandem run --out DIR writes DIR/timeline.jsonl).', { cause: error });
  }
  const lines = text.split('\n');
  // The last element is '' after a final newline, or a line the process was writing when it died.
  const truncatedTail = lines.pop() !== '';
  const events: TimelineEvent[] = [];
  lines.forEach((line, index) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new TandemError('TIMELINE_INVALID', `Line ${index + 1} is not JSON`, path, 'The file is not a Tandem timeline or was edited; use the file as the session wrote it.');
    }
    const result = TimelineEventSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new TandemError('TIMELINE_INVALID', `Line ${index + 1}: ${issue.path.join('.') || 'event'}: ${issue.message}`, path, 'The file is not a Tandem timeline or was edited; use the file as the session wrote it.');
    }
    if (result.data.seq !== events.length) {
      throw new TandemError('TIMELINE_INVALID', `Line ${index + 1} has seq ${result.data.seq}, expected ${events.length}`, path, 'Events are missing or out of order; the log was edited or two sessions wrote to the same file.');
    }
    events.push(result.data);
  });
  return { events, complete: events.some((e) => e.kind === 'session_stopped'), truncatedTail };
}
