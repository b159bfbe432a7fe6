// The tool audit log: one JSON line per tool call (tool, args, class, decision, who decided, result or error, duration) in the session folder.

import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ToolPermissionClass } from '../../../common/ipc';

export interface ToolAuditEntry {
  /** Wall-clock time the call began (ISO). */
  at: string;
  callId: string;
  taskId: string;
  tool: string;
  /** The arguments as the model sent them (before validation, so a malformed call is on record as it was). */
  args: unknown;
  permission: ToolPermissionClass | null;
  fromVisualContent: boolean;
  decision: 'allowed' | 'denied' | 'invalid' | 'unknown-tool';
  decidedBy: 'policy' | 'user' | 'timeout' | 'validation';
  outcome: 'ok' | 'error' | 'timeout' | 'not-run';
  /** The result (truncated) or the error given back to the model. */
  result?: unknown;
  error?: string;
  durationMs: number;
}

/** Results longer than this are cut in the log: the log is for review, the model got the whole result. */
const MAX_LOGGED_RESULT_CHARS = 2_000;

/** Appends audit entries to a JSONL file; synchronous appends, so an entry is on disk before the model hears the result. */
export class ToolAuditLog {
  private failedOnce = false;
  constructor(
    readonly path: string,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`[tandem tools] ${line}\n`),
  ) {}

  append(entry: ToolAuditEntry): void {
    const line = JSON.stringify({ ...entry, ...(entry.result !== undefined ? { result: truncateForLog(entry.result) } : {}) });
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, `${line}\n`);
    } catch (error) {
      // A full disk must not fail the call; it is reported once.
      if (!this.failedOnce) this.log(`cannot append to the tool audit log ${this.path}: ${(error as Error).message}`);
      this.failedOnce = true;
    }
  }
}

function truncateForLog(result: unknown): unknown {
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  if (text.length <= MAX_LOGGED_RESULT_CHARS) return result;
  return `${text.slice(0, MAX_LOGGED_RESULT_CHARS)}… (${text.length} chars)`;
}
