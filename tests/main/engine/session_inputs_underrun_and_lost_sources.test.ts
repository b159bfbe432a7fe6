// Input chunks: exact 3 200-sample chunks, zero-fill with a flag on underrun, and a session that survives a lost mic.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { InputProvider } from '../../../main/engine/session';
import { kinds, makeTestSession, toneMic } from './sessionHarness.fake';

describe('closing input chunks', () => {
  it('zero-fills and flags the missing samples when the mic delivers too few', async () => {
    const { session, model, events } = makeTestSession({ turns: 4, inputProvider: toneMic(3000) });
    const stats = await session.run();
    expect(model.inputs.map((i) => i.underrunSamples)).toEqual([200, 200, 200, 200]);
    expect(stats.underrunChunks).toBe(4);
    expect(stats.underrunSamples).toBe(800);
    expect(kinds(events, 'audio_chunk')[1]).toMatchObject({ turn: 1, atMs: 200, payload: { offsetSamples: SAMPLES_PER_TURN, underrunSamples: 200, micPresent: true } });
  });

  it('keeps running when the mic disappears and comes back, and says so at the exact times', async () => {
    const tone = toneMic();
    const flaky: InputProvider = {
      beforeClose(session, turn, fromMs) {
        if (turn === 3) session.setSourcePresent('mic', false, fromMs + 50);
        if (turn === 6) session.setSourcePresent('mic', true, fromMs);
        tone.beforeClose(session, turn, fromMs, fromMs + 200);
      },
    };
    const { session, model, events } = makeTestSession({ turns: 9, inputProvider: flaky });
    const stats = await session.run();
    expect(stats.turns).toBe(9);
    expect(model.inputs.map((i) => i.micPresent)).toEqual([true, true, true, false, false, false, true, true, true]);
    expect(model.inputs.slice(3, 6).every((i) => i.audioRms === 0 && i.underrunSamples === SAMPLES_PER_TURN)).toBe(true);
    expect(model.inputs[6].audioRms).toBeGreaterThan(0.05);
    expect(kinds(events, 'source_lost', 'source_restored')).toEqual([
      { turn: 3, atMs: 650, kind: 'source_lost', payload: { source: 'mic' } },
      { turn: 6, atMs: 1200, kind: 'source_restored', payload: { source: 'mic' } },
    ]);
    expect(model.inputs[3].events.map((e) => e.kind)).toEqual(['source_lost']);
    // A lost source is not an underrun of a live one.
    expect(stats.underrunChunks).toBe(0);
  });

  it('delivers typed text and timers in the micro-turn they fall in', async () => {
    const { session, model, events } = makeTestSession({
      turns: 6,
      inputProvider: {
        beforeClose(s, turn) {
          if (turn === 2) s.pushText(530, 'count my squats');
        },
      },
    });
    session.timers.schedule(799.9, { say: 'switch' });
    session.timers.schedule(800, { say: 'later' });
    await session.run();
    expect(model.inputs[2].text).toEqual([{ atMs: 530, text: 'count my squats' }]);
    expect(model.inputs[3].events).toEqual([{ atMs: 799.9, kind: 'timer_due', payload: { id: 't0', say: 'switch' } }]);
    expect(model.inputs[4].events).toEqual([{ atMs: 800, kind: 'timer_due', payload: { id: 't1', say: 'later' } }]);
    expect(kinds(events, 'user_text', 'timer_due').map((e) => [e.kind, e.turn, e.atMs])).toEqual([
      ['user_text', 2, 530],
      ['timer_due', 3, 799.9],
      ['timer_due', 4, 800],
    ]);
  });

  it('survives a model step that throws: logs it, stays silent, goes on', async () => {
    const { session, events } = makeTestSession({ turns: 6, script: { 2: 'throw' } });
    const stats = await session.run();
    expect(stats.turns).toBe(6);
    expect(stats.modelErrors).toBe(1);
    expect(kinds(events, 'error')).toEqual([{ turn: 2, atMs: 600, kind: 'error', payload: { where: 'model.step', message: 'scripted failure at turn 2' } }]);
  });
});
