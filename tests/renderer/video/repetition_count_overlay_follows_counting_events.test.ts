// The camera preview's count: the exercise and the live count while counting (each repetition event sets it), the final count for a while after counting stopped, nothing before or long after.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { FINAL_COUNT_SHOWN_MS, countingFrom, countingOverlayItems } from '../../../renderer/src/video/perceptionOverlay';

let seq = 0;
const ev = (kind: TimelineEvent['kind'], atMs: number, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'engine', kind, payload });
const rep = (count: number, atMs: number) => ev('repetition', atMs, { count, repStartMs: atMs - 900, repEndMs: atMs - 100, detectedAtMs: atMs, periodMs: 800, confidence: 0.9, exercise: 'squats' });

describe('countingFrom', () => {
  it('is idle before counting starts, then follows each repetition event', () => {
    expect(countingFrom([])).toEqual({ kind: 'idle' });
    const started = ev('counting_started', 1_000, { exercise: 'squats', cameraPresent: true });
    expect(countingFrom([started])).toEqual({ kind: 'counting', exercise: 'squats', count: 0, startedAtMs: 1_000, lastRepAtMs: null });
    expect(countingFrom([started, rep(1, 2_000), rep(2, 2_900)])).toEqual({ kind: 'counting', exercise: 'squats', count: 2, startedAtMs: 1_000, lastRepAtMs: 2_900 });
  });

  it('keeps the final count from counting_stopped, and a new counting_started starts again from 0', () => {
    const events = [ev('counting_started', 0, { exercise: 'push-ups' }), rep(1, 1_000), rep(2, 2_000), ev('counting_stopped', 2_500, { exercise: 'push-ups', count: 2, reason: 'asked' })];
    expect(countingFrom(events)).toEqual({ kind: 'stopped', exercise: 'push-ups', count: 2, stoppedAtMs: 2_500, reason: 'asked' });
    // A repetition after the stop is not counted on screen (the engine does not count then either).
    expect(countingFrom([...events, rep(3, 3_000)])).toMatchObject({ kind: 'stopped', count: 2 });
    expect(countingFrom([...events, ev('counting_started', 4_000, { exercise: 'curls' })])).toMatchObject({ kind: 'counting', exercise: 'curls', count: 0 });
  });

  it('counts a repetition whose counting_started fell out of the bounded event list, named by its own payload', () => {
    expect(countingFrom([rep(41, 90_000)])).toEqual({ kind: 'counting', exercise: 'squats', count: 41, startedAtMs: 90_000, lastRepAtMs: 90_000 });
  });

  it('ignores malformed payloads instead of showing a wrong count', () => {
    const started = ev('counting_started', 0, { exercise: 42 });
    expect(countingFrom([started, ev('repetition', 500, { count: 'seven' }), ev('repetition', 600, { count: -1 }), ev('repetition', 700, { count: 1.5 })])).toEqual({
      kind: 'counting',
      exercise: 'reps',
      count: 0,
      startedAtMs: 0,
      lastRepAtMs: null,
    });
  });

  it('a new session clears the count', () => {
    expect(countingFrom([ev('counting_started', 0, { exercise: 'squats' }), rep(1, 500), ev('session_started', 0, {})])).toEqual({ kind: 'idle' });
  });
});

describe('countingOverlayItems', () => {
  it('draws the exercise and the count as a big number on the camera frame while counting', () => {
    const view = countingFrom([ev('counting_started', 0, { exercise: 'squats' }), rep(1, 1_000), rep(2, 2_000), rep(3, 3_000)]);
    expect(countingOverlayItems(view, 3_100, 320, 240)).toEqual([
      { kind: 'label', x: 13, y: 29, text: 'counting squats', tone: 'count' },
      { kind: 'label', x: 13, y: 51, text: '3', tone: 'count', big: true },
    ]);
  });

  it('shows the final count for FINAL_COUNT_SHOWN_MS after counting stopped, then nothing', () => {
    const view = countingFrom([ev('counting_started', 0, { exercise: 'squats' }), rep(1, 1_000), ev('counting_stopped', 5_000, { count: 1 })]);
    expect(countingOverlayItems(view, 5_000 + FINAL_COUNT_SHOWN_MS, 320, 240).map((item) => item.kind === 'label' && item.text)).toEqual(['squats: final count', '1']);
    expect(countingOverlayItems(view, 5_001 + FINAL_COUNT_SHOWN_MS, 320, 240)).toEqual([]);
    expect(countingOverlayItems({ kind: 'idle' }, 0, 320, 240)).toEqual([]);
  });
});
