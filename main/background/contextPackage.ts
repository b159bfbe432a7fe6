// The ContextPackage: what the background model is given for one task, built deterministically from the timeline.

import type { BackgroundContextSource } from '../../common/background';
import type { TimelineEvent } from '../../common/timeline';

/** One item of the conversation as the background model sees it, oldest first. */
export interface ContextEntry {
  atMs: number;
  /** `observation`: something seen or scheduled (frames, timers); `tool`: a tool's answer to an earlier task. */
  role: 'user' | 'assistant' | 'observation' | 'tool';
  text: string;
}

export interface ContextPackage {
  taskId: string;
  query: string;
  nowMs: number;
  /** Older conversation that did not fit the budget (and what the timeline itself folded), summarized; '' when nothing was left out. */
  summary: string;
  /** Entries kept in full, oldest first. */
  entries: ContextEntry[];
  /** Reminders still pending when the task started. */
  pendingTimers: BackgroundContextSource['pendingTimers'];
  /** How many entries went into `summary` instead of `entries`. */
  summarizedEntries: number;
}

export interface ContextBudget {
  /** Characters of entry text kept in full (the newest first). ~4 characters per token. */
  entryChars: number;
  /** Characters of the summary of older parts. */
  summaryChars: number;
}

export const DEFAULT_CONTEXT_BUDGET: ContextBudget = { entryChars: 12_000, summaryChars: 2_000 };

/** The conversation in the timeline's recent window as context entries (only what was really said or seen). */
export function contextEntriesOf(events: readonly TimelineEvent[]): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const utteranceKinds = new Map<string, string>();
  const toolNames = new Map<string, string>();
  const latestFrame = new Map<string, ContextEntry>();
  for (const event of events) {
    const p = event.payload;
    switch (event.kind as string) {
      case 'user_text':
        entries.push({ atMs: event.atMs, role: 'user', text: String(p.text ?? '') });
        break;
      case 'user_words': {
        // Recognized speech (the ASR's kind): only final segments, partials are revised later.
        if (p.final !== true || !Array.isArray(p.words)) break;
        const text = (p.words as Array<{ word?: unknown }>).map((w) => String(w.word ?? '')).join(' ').trim();
        if (text) entries.push({ atMs: event.atMs, role: 'user', text });
        break;
      }
      case 'assistant_speech_started':
        utteranceKinds.set(String(p.utteranceId), String(p.utteranceKind ?? 'reply'));
        break;
      case 'assistant_speech_ended':
        // A backchannel is not part of what was said to the user in any sense the background model can use.
        if (utteranceKinds.get(String(p.utteranceId)) !== 'backchannel') entries.push({ atMs: event.atMs, role: 'assistant', text: String(p.text ?? '') });
        break;
      case 'assistant_speech_cut': {
        // Only the words that were played: the background model must never believe it said the rest.
        const spoken = String(p.spokenText ?? '').trim();
        if (spoken && utteranceKinds.get(String(p.utteranceId)) !== 'backchannel') entries.push({ atMs: event.atMs, role: 'assistant', text: `${spoken} [interrupted]` });
        break;
      }
      case 'frame': {
        // Frames are references; only the latest per source matters as context, at its place in time.
        const source = String(p.source);
        const previous = latestFrame.get(source);
        if (previous) entries.splice(entries.indexOf(previous), 1);
        const entry: ContextEntry = { atMs: event.atMs, role: 'observation', text: `latest ${source} frame: #${String(p.frameIndex)} (${Math.round(Number(p.changedShare ?? 0) * 100)}% changed)` };
        latestFrame.set(source, entry);
        entries.push(entry);
        break;
      }
      case 'timer_due':
        entries.push({ atMs: event.atMs, role: 'observation', text: `timer ${String(p.id)} fell due${typeof p.label === 'string' ? `: ${p.label}` : ''}` });
        break;
      case 'code_findings': {
        // Findings in code read off the screen: with them the background model can explain deeper issues.
        const findings = Array.isArray(p.findings) ? (p.findings as Array<Record<string, unknown>>) : [];
        for (const finding of findings) {
          entries.push({ atMs: event.atMs, role: 'observation', text: `code on screen (${String(p.language ?? 'code')}), line ${String(finding.line)}: ${String(finding.message).replace(/^line\s+\d+\s*:\s*/i, '')} — the line reads: ${String(finding.lineText ?? '')}` });
        }
        break;
      }
      case 'code_reading':
        if (typeof p.code === 'string' && p.code !== '') {
          // Only the latest code read matters: the screen changed since an earlier one.
          const previous = latestFrame.get('code');
          if (previous) entries.splice(entries.indexOf(previous), 1);
          const entry: ContextEntry = { atMs: event.atMs, role: 'observation', text: `code on screen (${String(p.language ?? 'code')}, as read by OCR, with the editor's line numbers):\n${clip(p.code, 4_000)}` };
          latestFrame.set('code', entry);
          entries.push(entry);
        }
        break;
      case 'repetition': {
        const previous = latestFrame.get('repetition');
        if (previous) entries.splice(entries.indexOf(previous), 1);
        const entry: ContextEntry = { atMs: event.atMs, role: 'observation', text: `repetitions of ${String(p.exercise ?? 'the exercise')} counted on the camera so far: ${String(p.count)}` };
        latestFrame.set('repetition', entry);
        entries.push(entry);
        break;
      }
      case 'watch_fired':
        entries.push({ atMs: event.atMs, role: 'observation', text: `watch on the ${String(p.source)} fired: ${String(p.label)}` });
        break;
      case 'background_update':
        if (p.type === 'tool_call') toolNames.set(String(p.callId), String(p.name));
        if (p.type === 'tool_result') {
          const name = toolNames.get(String(p.callId)) ?? 'tool';
          entries.push({ atMs: event.atMs, role: 'tool', text: `${name} ${p.ok === true ? 'returned' : 'failed'}: ${String(p.result ?? '')}` });
        }
        break;
      default:
        break;
    }
  }
  return entries;
}

/**
 * Builds the package: the newest entries in full within `budget.entryChars`, older ones folded into a
 * summary (the timeline's own digest first, then one line per left-out entry, keeping the newest
 * lines that fit). Pure and deterministic: the same timeline always gives the same package.
 */
export function buildContextPackage(taskId: string, query: string, source: BackgroundContextSource, budget: ContextBudget = DEFAULT_CONTEXT_BUDGET): ContextPackage {
  const all = contextEntriesOf(source.events);
  let used = 0;
  let firstKept = all.length;
  while (firstKept > 0 && used + all[firstKept - 1].text.length <= budget.entryChars) {
    firstKept--;
    used += all[firstKept].text.length;
  }
  const older = all.slice(0, firstKept);
  const lines = [
    ...(source.olderConversation ? source.olderConversation.split('\n') : []),
    ...older.map((entry) => `${entry.role}: ${clip(entry.text, 160)}`),
  ];
  return {
    taskId,
    query,
    nowMs: source.nowMs,
    summary: tailWithin(lines, budget.summaryChars),
    entries: all.slice(firstKept),
    pendingTimers: source.pendingTimers,
    summarizedEntries: older.length,
  };
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** The newest whole lines that fit in maxChars, with a marker when older ones were dropped. */
function tailWithin(lines: string[], maxChars: number): string {
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (used + lines[i].length + 1 > maxChars) {
      kept.unshift(`(${i + 1} older line${i === 0 ? '' : 's'} left out)`);
      break;
    }
    kept.unshift(lines[i]);
    used += lines[i].length + 1;
  }
  return kept.join('\n');
}
