// Session lifecycle: pause stops closing chunks, resume continues media time where it stopped, stop ends cleanly.

import { describe, expect, it } from 'vitest';
import { kinds, makeTestSession, toneMic } from './sessionHarness.fake';

describe('session lifecycle', () => {
  it('pauses and resumes without losing or repeating a micro-turn', async () => {
    let pausedAt = -1;
    const { session, model, events } = makeTestSession({
      turns: 10,
      inputProvider: toneMic(),
      // Pause right after turn 3 (as a user click between two ticks would).
      extra: { onTickMeasured: (m) => m.turn === 3 && pausedAt < 0 && (pausedAt = m.turn, session.pause()) },
    });
    const ran = session.run();
    await new Promise((r) => setTimeout(r, 10));
    const turnsAtPause = model.inputs.length;
    expect(turnsAtPause).toBe(4);
    expect(session.status.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 30));
    expect(model.inputs.length).toBe(turnsAtPause);
    session.resume();
    const stats = await ran;
    expect(stats.turns).toBe(10);
    expect(model.inputs.map((i) => i.turn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const lifecycle = kinds(events, 'session_started', 'session_paused', 'session_resumed', 'session_stopped').map((e) => e.kind);
    expect(lifecycle).toEqual(['session_started', 'session_paused', 'session_resumed', 'session_stopped']);
  });

  it('drops audio that arrives while paused instead of playing it into the next micro-turn', async () => {
    const { session, model } = makeTestSession({
      turns: 4,
      inputProvider: toneMic(),
      extra: { onTickMeasured: (m) => m.turn === 1 && session.pause() },
    });
    const ran = session.run();
    await new Promise((r) => setTimeout(r, 10));
    session.pushMic(new Float32Array(3200).fill(0.9)); // a live mic keeps delivering during the pause
    session.resume();
    await ran;
    // Chunk 2 holds the mic's audio of its own span (the 0.1-amplitude tone), not what came during the pause.
    expect(model.inputs[2].audioRms).toBeCloseTo(0.1 / Math.SQRT2, 2);
  });

  it('stop() ends the run at a micro-turn boundary with session_stopped last', async () => {
    const { session, model, events } = makeTestSession({ turns: 1_000_000 });
    const ran = session.run();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (model.inputs.length >= 50) {
          clearInterval(timer);
          session.stop();
          resolve();
        }
      }, 0);
    });
    const stats = await ran;
    expect(stats.turns).toBeGreaterThanOrEqual(50);
    expect(stats.turns).toBeLessThan(1_000_000);
    expect(events[events.length - 1]).toMatchObject({ kind: 'session_stopped', payload: { turns: stats.turns } });
    expect(session.status.state).toBe('stopped');
  });
});
