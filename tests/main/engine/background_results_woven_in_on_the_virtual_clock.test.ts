// The harness with the engine's delegation on the virtual clock: exact micro-turns for answer, filler, stale, cancel and no provider, whatever the wall time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { TimelineEvent } from '../../../common/timeline';
import type { InputProvider, SessionOptions } from '../../../main/engine/session';
import { HARNESS_CONFIG_DEFAULTS } from '../../../main/models/harness/config';
import { HarnessModel } from '../../../main/models/harness/harness';
import { ScriptedBackgroundRunner, type ScriptedAnswer } from './backgroundRunner.fake';
import { makeTestSession } from './sessionHarness.fake';

const B = HARNESS_CONFIG_DEFAULTS.background;

/** A silent mic, with typed text pushed just before the given turns close. */
function typing(texts: Record<number, string>): InputProvider {
  return {
    beforeClose(session, turn, fromMs) {
      session.pushMic(new Float32Array(SAMPLES_PER_TURN));
      if (texts[turn] !== undefined) session.pushText(fromMs + 10, texts[turn]);
    },
  };
}

/** What the assistant started saying, model events and background updates, as [turn, what] pairs. */
function story(events: TimelineEvent[]): Array<[number, string]> {
  return events.flatMap((e): Array<[number, string]> => {
    if (e.kind === 'assistant_speech_started') return [[e.turn, `say: ${String(e.payload.text)}`]];
    if (e.kind === 'model_event') return [[e.turn, `${String(e.payload.event)} ${String(e.payload.taskId)}${e.payload.stale === true ? ' stale' : ''}`]];
    if (e.kind === 'background_update') return [[e.turn, `update ${String(e.payload.taskId)} ${String(e.payload.type)}`]];
    return [];
  });
}

describe('background results woven in by the harness (virtual clock)', () => {
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
  });

  async function run(turns: number, texts: Record<number, string>, answers: Record<string, ScriptedAnswer> | null, extra: Partial<SessionOptions> = {}) {
    const runner = answers ? new ScriptedBackgroundRunner(answers) : null;
    const { session, events } = makeTestSession({ turns, inputProvider: typing(texts), extra: { model, background: runner, ...extra } });
    await session.run();
    return { events, runner };
  }

  it('speaks an answer that arrives before fillerAfterMs in the micro-turn its latency ends, with no filler', async () => {
    const { events, runner } = await run(12, { 2: 'what time is it in Tokyo?' }, { 'what time is it in Tokyo?': [{ type: 'text', delta: 'It is ' }, { type: 'text', delta: 'noon.' }, { type: 'done' }] }, { backgroundVirtualLatencyMs: 400 });
    expect(story(events)).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'update task-2-0 started'],
      [5, 'update task-2-0 text'],
      [5, 'update task-2-0 text'],
      [5, 'update task-2-0 done'],
      [5, 'deliver task-2-0'],
      [5, 'say: It is noon.'],
    ]);
    // The background model got the conversation, not a bare query: the typed text is in its context.
    expect(runner!.started[0].context.events.filter((e) => e.kind === 'user_text').map((e) => e.payload.text)).toEqual(['what time is it in Tokyo?']);
    expect(runner!.started[0].context.events.some((e) => e.kind === 'audio_chunk')).toBe(false);
  });

  it('says the filler once fillerAfterMs passed without an answer, then the answer when it comes', async () => {
    const { events } = await run(30, { 2: 'find my flight' }, { 'find my flight': [{ type: 'done', text: 'Your flight leaves at six.' }] }, { backgroundVirtualLatencyMs: 3000 });
    expect(story(events)).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'update task-2-0 started'],
      // delegated at 600 ms; 700 ms later is inside turn 6 (which ends at 1400 ms)
      [6, `say: ${B.fillerText}`],
      [18, 'update task-2-0 done'],
      [18, 'deliver task-2-0'],
      [18, 'say: Your flight leaves at six.'],
    ]);
  });

  it('prefixes an answer the user moved on from, and drops it under staleResults drop', async () => {
    const answers: Record<string, ScriptedAnswer> = { 'first question': [{ type: 'done', text: 'First answer.' }], 'second question': [{ type: 'done', text: 'Second answer.' }] };
    const prefixed = await run(40, { 2: 'first question', 3: 'second question' }, answers, { backgroundVirtualLatencyMs: 400 });
    expect(story(prefixed.events).filter(([, what]) => !what.startsWith('update'))).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'delegate task-3-1'],
      [5, 'deliver task-2-0 stale'],
      [5, `say: ${B.stalePrefix} First answer.`],
      [expect.any(Number), 'deliver task-3-1'],
      [expect.any(Number), 'say: Second answer.'],
    ]);

    const strict = await HarnessModel.load({ background: { staleResults: 'drop' } });
    try {
      const dropped = await run(40, { 2: 'first question', 3: 'second question' }, answers, { backgroundVirtualLatencyMs: 400, model: strict });
      expect(story(dropped.events).filter(([, what]) => what.startsWith('say') || what.startsWith('deliver'))).toEqual([
        [6, 'deliver task-3-1'],
        [6, 'say: Second answer.'],
      ]);
    } finally {
      await strict.dispose();
    }
  });

  it('cancels a running task when the user types "never mind": acknowledged, cancelled, and its answer never spoken', async () => {
    const { events, runner } = await run(30, { 2: 'book a table', 4: 'Never mind!' }, { 'book a table': [{ type: 'done', text: 'I booked it.' }] }, { backgroundVirtualLatencyMs: 2000 });
    expect(story(events)).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'update task-2-0 started'],
      [4, 'cancel_task task-2-0'],
      [4, `say: ${B.cancelledText}`],
      [5, 'update task-2-0 cancelled'],
    ]);
    expect(runner!.cancelled).toEqual([{ taskId: 'task-2-0', reason: 'the user said "Never mind!"' }]);
  });

  it('says plainly that no language model is set up when no provider is configured', async () => {
    const { events } = await run(8, { 2: 'what is the weather?' }, null);
    expect(story(events)).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'update task-2-0 failed'],
      [3, 'deliver task-2-0'],
      [3, `say: ${B.noProviderText}`],
    ]);
  });

  it('says that the background model failed, with the first sentence of its error', async () => {
    const { events } = await run(8, { 2: 'q' }, { q: [{ type: 'failed', error: 'The server answered HTTP 500. Check its log.', code: 'http_error' }] }, { backgroundVirtualLatencyMs: 200 });
    expect(story(events).at(-1)).toEqual([4, 'say: Sorry, I could not get an answer: The server answered HTTP 500.']);
  });

  it('gives the same timeline run after run although the runner answers after random wall-clock delays', async () => {
    const answers: Record<string, ScriptedAnswer> = { a: [{ type: 'text', delta: 'x' }, { type: 'done' }], b: [{ type: 'done', text: 'y' }] };
    const strip = (events: TimelineEvent[]) => events.map(({ seq, turn, atMs, kind, payload }) => ({ seq, turn, atMs, kind, payload }));
    const first = await run(25, { 1: 'a', 6: 'b', 9: 'forget it' }, answers, { backgroundVirtualLatencyMs: 1000 });
    const second = await run(25, { 1: 'a', 6: 'b', 9: 'forget it' }, answers, { backgroundVirtualLatencyMs: 1000 });
    expect(strip(second.events)).toEqual(strip(first.events));
  });
});
