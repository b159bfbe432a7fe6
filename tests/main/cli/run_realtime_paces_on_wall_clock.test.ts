// `tandem run --realtime` takes as long as the scenario lasts and makes exactly the decisions the virtual-clock run makes.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { TempDirs, ensureBuilt, runTandem, type TandemResult } from './cli.fixture';
import { ofKind, readSessionTimeline, readSummary, speechWav, writeScenario } from './cliMedia.fixture';

const SCENARIO_MS = 3200;

const temp = new TempDirs();
let virtualOut: string;
let realtimeOut: string;
let virtualRun: TandemResult;
let realtimeRun: TandemResult;

beforeAll(async () => {
  await ensureBuilt();
  const dir = temp.make('realtime-input');
  // About 1.8 s of speech, then silence up to 3.2 s: long enough for the harness to hear the turn end and answer it.
  speechWav(join(dir, 'speech.wav'), 'Remind me to water the plants.', { leadMs: 200 });
  const scenario = writeScenario(dir, 'short.scenario.json', { version: 1, name: 'short', durationMs: SCENARIO_MS, mic: [{ file: 'speech.wav' }] });
  virtualOut = temp.make('virtual-out');
  realtimeOut = temp.make('realtime-out');
  virtualRun = await runTandem(['run', scenario, '--out', virtualOut]);
  realtimeRun = await runTandem(['run', scenario, '--realtime', '--out', realtimeOut]);
});
afterAll(() => temp.removeAll());

/** The events with the one thing allowed to differ — the clock named in the session_started header — left out. */
function withoutClock(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events.map((event) => {
    if (event.kind === 'assistant_speech_started') {
      // How far the voice had synthesized when the utterance started is real-time progress, not a decision:
      // in real time a long reply may start streaming before its length and later words are known.
      const { durationMs: _durationMs, words: _words, ...payload } = event.payload;
      return { ...event, payload };
    }
    if (event.kind !== 'session_started') return event;
    const { clock: _clock, ...payload } = event.payload;
    return { ...event, payload };
  });
}

describe('tandem run --realtime', () => {
  it('both runs succeed on the same input', () => {
    expect([virtualRun.code, realtimeRun.code]).toEqual([0, 0]);
    expect(readSummary(virtualOut).input.durationMs).toBe(SCENARIO_MS);
  });

  it('takes at least about the scenario duration of wall time', () => {
    expect(realtimeRun.wallMs).toBeGreaterThanOrEqual(0.9 * SCENARIO_MS);
    const summary = readSummary(realtimeOut);
    expect(summary.clock).toBe('realtime');
    expect(summary.ticks).toBe(SCENARIO_MS / 200);
    expect(typeof summary.tickLatenessMs.p50).toBe('number');
  });

  it('records the clock it ran on in the session_started header', () => {
    expect(readSessionTimeline(virtualOut).events[0].payload.clock).toBe('virtual');
    expect(readSessionTimeline(realtimeOut).events[0].payload.clock).toBe('realtime');
  });

  it('makes exactly the decisions the virtual-clock run makes', () => {
    const virtual = readSessionTimeline(virtualOut).events;
    const realtime = readSessionTimeline(realtimeOut).events;
    // The comparison must be about something: the user was heard and answered.
    expect(ofKind(virtual, 'user_speech_ended').length).toBeGreaterThan(0);
    expect(ofKind(virtual, 'assistant_speech_started').length).toBeGreaterThan(0);
    expect(withoutClock(realtime)).toEqual(withoutClock(virtual));
  });
});
