// Checks a scenario's optional expectations against what the session did.

import type { Action } from '../../common/microturn';
import type { TimelineEvent } from '../../common/timeline';
import type { ScenarioExpectations } from '../engine/scenario/schema';
import type { Timeline } from '../engine/timeline';

export interface ExpectationReport {
  passed: boolean;
  failures: string[];
}

/** Spans of media time during which each action was the model's choice, from the timeline's action events. */
export function actionSpans(events: readonly TimelineEvent[], endMs: number): Array<{ action: Action; fromMs: number; toMs: number }> {
  const changes = events.filter((e) => e.kind === 'action');
  return changes.map((event, i) => ({
    action: event.payload.action as Action,
    fromMs: event.atMs,
    toMs: i + 1 < changes.length ? changes[i + 1].atMs : endMs,
  }));
}

export function checkExpectations(expect: ScenarioExpectations, timeline: Timeline, turns: number): ExpectationReport {
  const failures: string[] = [];
  const endMs = (turns + 1) * 200;
  const spans = actionSpans(timeline.recent(), endMs);
  for (const wanted of expect.actions ?? []) {
    // Actions are decided at the end of a micro-turn, so a span [from, to) overlaps [fromMs, toMs] when from ≤ toMs and to > fromMs.
    const hit = spans.some((s) => s.action === wanted.action && s.fromMs <= wanted.toMs && s.toMs > wanted.fromMs);
    if (!hit) failures.push(`expected "${wanted.action}" between ${wanted.fromMs} and ${wanted.toMs} ms, but the model never chose it then`);
  }
  if (expect.minTurns !== undefined && turns < expect.minTurns) failures.push(`expected at least ${expect.minTurns} micro-turns, ran ${turns}`);
  return { passed: failures.length === 0, failures };
}
