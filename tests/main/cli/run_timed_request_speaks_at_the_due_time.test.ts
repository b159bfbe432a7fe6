// `tandem run` on typed timed requests: the reminder is scheduled, falls due and is said 0–200 ms after its due moment with its lateness recorded; absurd ones are refused aloud and set no timer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMER_RANGE_SENTENCE } from '../../../main/models/requests/timedRequest';
import { TempDirs, ensureBuilt, runTandem } from './cli.fixture';
import { ofKind, readSessionTimeline, writeScenario } from './cliMedia.fixture';

const temp = new TempDirs();
let media: string;

beforeAll(async () => {
  await ensureBuilt();
  media = temp.make('timed-media');
}, 180_000);
afterAll(() => temp.removeAll());

async function run(name: string, text: string, durationMs: number) {
  const scenario = writeScenario(media, `${name}.scenario.json`, { version: 1, name, durationMs, text: [{ atMs: 1030, text }] });
  const out = temp.make(name);
  const result = await runTandem(['run', scenario, '--out', out], { timeoutMs: 60_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readSessionTimeline(out).events;
}

describe('tandem run with typed timed requests', () => {
  it('"remind me in 5 seconds to check the oven": scheduled, due at 6030 ms, said from 6200 ms with lateMs 170', async () => {
    const events = await run('oven', 'remind me in 5 seconds to check the oven', 9000);
    expect(ofKind(events, 'timer_scheduled').map((e) => e.payload)).toEqual([{ id: 't0', dueAtMs: 6030, label: 'check the oven', say: 'Time to check the oven.' }]);
    expect(ofKind(events, 'timer_due').map((e) => [e.turn, e.atMs])).toEqual([[30, 6030]]);
    const started = ofKind(events, 'assistant_speech_started').map((e) => [e.atMs, e.payload.text]);
    expect(started).toEqual([
      [1200, 'Okay, in 5 seconds.'],
      [6200, 'Time to check the oven.'],
    ]);
    const words = ofKind(events, 'assistant_speech_started')[1].payload.words as Array<{ word: string }>;
    expect(words.map((w) => w.word.toLowerCase().replace(/[^a-z]/g, ''))).toEqual(expect.arrayContaining(['check', 'oven']));
    const announce = ofKind(events, 'model_event').filter((e) => e.payload.event === 'announce');
    expect(announce.map((e) => [e.turn, e.payload])).toEqual([[30, { event: 'announce', timerId: 't0', dueAtMs: 6030, lateMs: 170 }]]);
    expect(ofKind(events, 'model_event').some((e) => e.payload.event === 'delegate')).toBe(false);
  }, 90_000);

  it.each([
    ['minus', 'remind me in -5 minutes to check the oven', 'Sorry, in -5 minutes is in the past.'],
    ['years', 'in 10 years', 'Sorry, in 10 years is too far away.'],
  ])('%s: "%s" is refused aloud and sets no timer', async (name, text, reason) => {
    const events = await run(name, text, 12_000);
    expect(ofKind(events, 'timer_scheduled')).toEqual([]);
    expect(ofKind(events, 'timer_due')).toEqual([]);
    const said = `${reason} ${TIMER_RANGE_SENTENCE}`;
    expect(ofKind(events, 'model_event').map((e) => e.payload)).toEqual([{ event: 'request_rejected', request: text, reason: said }]);
    expect(ofKind(events, 'assistant_speech_started').map((e) => [e.atMs, e.payload.text])).toEqual([[1200, said]]);
    expect(ofKind(events, 'assistant_speech_ended')).toHaveLength(1);
  }, 90_000);
});
