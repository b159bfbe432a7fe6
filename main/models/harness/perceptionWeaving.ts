// How the harness speaks about what perception saw: repetition counts at once, code findings at a natural pause, fired watches like due timers.

import type { InputEvent, ModelEvent } from '../../../common/microturn';

export interface DueFinding {
  id: string;
  line: number;
  message: string;
}

export interface PerceptionWeavingState {
  /** Counting as the harness asked for it (start_counting … stop_counting). */
  counting: { active: boolean; exercise: string; lastCount: number };
  /**
   * Counts not yet said, oldest first. Only the newest is spoken (saying "six" after "seven" helps nobody), but each
   * is announced, so the timeline says when every repetition was acknowledged.
   */
  countsDue: Array<{ count: number; repEndMs: number }>;
  /** Findings waiting for a pause, oldest first; each is said once. */
  findingsDue: DueFinding[];
  saidFindings: Set<string>;
  /** A final count to say after "stop counting". */
  finalCountDue: number | null;
}

export function createPerceptionWeavingState(): PerceptionWeavingState {
  return { counting: { active: false, exercise: '', lastCount: 0 }, countsDue: [], findingsDue: [], saidFindings: new Set(), finalCountDue: null };
}

/** The harness asked the engine to start counting (the counter starts from zero). */
export function onCountingStarted(state: PerceptionWeavingState, exercise: string): void {
  state.counting = { active: true, exercise, lastCount: 0 };
  state.countsDue = [];
  state.finalCountDue = null;
}

/** The harness asked the engine to stop counting: the total is said once. */
export function onCountingStopped(state: PerceptionWeavingState): void {
  if (!state.counting.active) return;
  state.counting.active = false;
  state.countsDue = [];
  state.finalCountDue = state.counting.lastCount;
}

/** Takes the perception events of a micro-turn input. Returns true when the event was one of perception's. */
export function onPerceptionEvent(state: PerceptionWeavingState, event: InputEvent): boolean {
  if (event.kind === 'repetition') {
    const count = event.payload.count;
    if (!state.counting.active || typeof count !== 'number' || !Number.isInteger(count) || count <= state.counting.lastCount) return true;
    state.counting.lastCount = count;
    state.countsDue.push({ count, repEndMs: typeof event.payload.repEndMs === 'number' ? event.payload.repEndMs : event.atMs });
    return true;
  }
  if (event.kind === 'code_findings') {
    const findings = Array.isArray(event.payload.findings) ? (event.payload.findings as Array<Record<string, unknown>>) : [];
    for (const finding of findings) {
      const id = typeof finding.id === 'string' ? finding.id : null;
      if (!id || state.saidFindings.has(id) || state.findingsDue.some((due) => due.id === id)) continue;
      if (typeof finding.line !== 'number' || typeof finding.message !== 'string') continue;
      state.findingsDue.push({ id, line: finding.line, message: finding.message });
    }
    return true;
  }
  return false;
}

/** The count to say now, if any: counts are said at once, over the user if need be (they are exercising, not talking to us). */
export function takeCountUtterance(state: PerceptionWeavingState): { text: string; events: ModelEvent[] } | null {
  if (state.finalCountDue !== null) {
    const total = state.finalCountDue;
    state.finalCountDue = null;
    const exercise = state.counting.exercise && state.counting.exercise !== 'reps' ? ` ${state.counting.exercise}` : '';
    return { text: total === 0 ? `I did not count any${exercise}.` : `That's ${numberToWords(total)}${exercise === '' ? '' : exercise} in total.`, events: [] };
  }
  const due = state.countsDue.splice(0);
  if (due.length === 0) return null;
  const newest = due[due.length - 1];
  return { text: capitalize(numberToWords(newest.count)), events: due.map(({ count, repEndMs }) => ({ kind: 'announce' as const, payload: { count, repEndMs } })) };
}

/** The next finding to interject (call only at a natural pause: the user silent, the assistant silent). */
export function takeFindingUtterance(state: PerceptionWeavingState): { text: string; events: ModelEvent[] } | null {
  const due = state.findingsDue.shift();
  if (!due) return null;
  state.saidFindings.add(due.id);
  return { text: speakableFinding(due), events: [{ kind: 'announce', payload: { findingId: due.id, line: due.line } }] };
}

/**
 * A finding as the voice should say it: "Line 14: `=` in the condition, did you mean `===`?" becomes "Line 14: single
 * equals in the condition, did you mean triple equals?" (a voice reads operators badly or not at all), other code in
 * backticks is said as written.
 */
export function speakableFinding(finding: { line: number; message: string }): string {
  const operators: Record<string, string> = { '===': 'triple equals', '!==': 'not double equals', '==': 'double equals', '!=': 'not equals', '=': 'single equals', '=>': 'arrow' };
  const body = finding.message
    .replace(/^line\s+\d+\s*[:,-]\s*/i, '')
    .replace(/`([^`]*)`/g, (_, code: string) => operators[code.trim()] ?? code)
    .trim();
  return `Line ${finding.line}: ${body}`;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0 … 9 999 in English words ("twenty-one", "one hundred and five"); larger numbers as digits. */
export function numberToWords(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 9_999) return String(value);
  if (value < 20) return ONES[value];
  if (value < 100) return TENS[Math.floor(value / 10)] + (value % 10 === 0 ? '' : `-${ONES[value % 10]}`);
  if (value < 1_000) return `${ONES[Math.floor(value / 100)]} hundred${value % 100 === 0 ? '' : ` and ${numberToWords(value % 100)}`}`;
  return `${ONES[Math.floor(value / 1_000)]} thousand${value % 1_000 === 0 ? '' : `${value % 1_000 < 100 ? ' and' : ''} ${numberToWords(value % 1_000)}`}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
