// The harness says a reminder when it falls due if nobody is speaking, and cuts the assistant's own reply to say it on time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { InputProvider } from '../../../main/engine/session';
import { HARNESS_CONFIG_DEFAULTS } from '../../../main/models/harness/config';
import { HarnessModel } from '../../../main/models/harness/harness';
import { kinds, makeTestSession } from './sessionHarness.fake';

/** A silent mic that delivers every chunk on time, plus whatever the test does before a given turn closes. */
function silentMic(before: (turn: number, fromMs: number, session: Parameters<InputProvider['beforeClose']>[0]) => void): InputProvider {
  return {
    beforeClose(session, turn, fromMs) {
      session.pushMic(new Float32Array(SAMPLES_PER_TURN));
      before(turn, fromMs, session);
    },
  };
}

describe('reminders spoken by the harness on the virtual clock', () => {
  let model: HarnessModel;
  beforeAll(async () => {
    model = await HarnessModel.load(HARNESS_CONFIG_DEFAULTS);
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('interjects the reminder in the micro-turn it falls due when the floor is free', async () => {
    const { session, events } = makeTestSession({
      turns: 20,
      inputProvider: silentMic((turn, fromMs, s) => {
        if (turn === 0) s.scheduleReminder(fromMs, 1_000, 'stretch your legs');
      }),
      extra: { model },
    });
    await session.run();
    expect(kinds(events, 'timer_due', 'assistant_speech_started').map((e) => [e.kind, e.turn, e.atMs, e.payload.text ?? e.payload.label])).toEqual([
      ['timer_due', 5, 1_000, 'stretch your legs'],
      ['assistant_speech_started', 5, 1_200, 'Reminder: stretch your legs.'],
    ]);
  });

  // The typed text goes to the background model; this session has none, so the harness says so (one micro-turn later).
  it('cuts the assistant\'s own reply to say the reminder in the micro-turn it falls due', async () => {
    const { session, events } = makeTestSession({
      turns: 60,
      inputProvider: silentMic((turn, fromMs, s) => {
        if (turn === 0) {
          s.pushText(fromMs + 10, 'tell me something');
          s.scheduleReminder(fromMs, 600, 'tea');
        }
      }),
      extra: { model },
    });
    await session.run();
    const speech = kinds(events, 'timer_due', 'assistant_speech_started', 'assistant_speech_cut', 'assistant_speech_ended');
    expect(speech.map((e) => [e.kind, e.turn, e.payload.text ?? e.payload.label ?? e.payload.reason])).toEqual([
      ['assistant_speech_started', 1, HARNESS_CONFIG_DEFAULTS.background.noProviderText],
      ['timer_due', 3, 'tea'],
      ['assistant_speech_cut', 3, 'replaced'],
      ['assistant_speech_started', 3, 'Reminder: tea.'],
      ['assistant_speech_ended', expect.any(Number), 'Reminder: tea.'],
    ]);
    expect(speech[3].atMs).toBe(800);
  });
});
