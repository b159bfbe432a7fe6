// The micro-turn clock: tick k is due at t0 + k·200 ms; a late tick never shifts later ones.

import { describe, expect, it } from 'vitest';
import { RealtimeMicroTurnClock, VirtualMicroTurnClock, type Tick } from '../../../main/engine/microTurnClock';

const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('virtual clock', () => {
  it('ticks on media time with no lateness, as fast as the handler allows', async () => {
    const ticks: Tick[] = [];
    await new VirtualMicroTurnClock().run((t) => void ticks.push(t), { maxTurns: 1000 });
    expect(ticks).toHaveLength(1000);
    expect(ticks[999]).toEqual({ turn: 999, scheduledMs: 199_800, firedMs: 199_800, latenessMs: 0 });
    expect(ticks.every((t, k) => t.turn === k && t.scheduledMs === k * 200)).toBe(true);
  });
});

describe('real-time clock', () => {
  it('keeps an absolute schedule through a stall: late ticks catch up, later ones are on time, overruns are counted', async () => {
    const clock = new RealtimeMicroTurnClock();
    const ticks: Tick[] = [];
    await clock.run(
      (t) => {
        ticks.push(t);
        if (t.turn === 2) block(450); // a model step that takes more than two micro-turns
      },
      { maxTurns: 7 },
    );
    // Deadlines are exactly 200 ms apart whatever happened in between.
    for (let k = 1; k < ticks.length; k++) expect(ticks[k].scheduledMs - ticks[k - 1].scheduledMs).toBeCloseTo(200, 9);
    // Ticks 3 and 4 fell due during the stall and fire late, one after the other ...
    expect(ticks[3].latenessMs).toBeGreaterThan(200);
    expect(ticks[4].latenessMs).toBeGreaterThan(0);
    expect(ticks[4].latenessMs).toBeLessThan(ticks[3].latenessMs);
    // ... and from tick 5 on the schedule is met again: nothing accumulated as drift.
    expect(ticks[5].latenessMs).toBeLessThan(100);
    expect(ticks[6].latenessMs).toBeLessThan(100);
    // Tick 2 and tick 3 each ended after the next tick was due.
    expect(clock.overruns).toBe(2);
  });

  it('re-anchors on resume so the tick after a pause falls one period after it', async () => {
    const clock = new RealtimeMicroTurnClock();
    const ticks: Tick[] = [];
    let resumedAt = 0;
    await clock.run(
      (t) => {
        ticks.push(t);
        if (t.turn === 1) {
          clock.pause();
          setTimeout(() => {
            resumedAt = performance.now();
            clock.resume();
          }, 300);
        }
      },
      { maxTurns: 4 },
    );
    expect(ticks.map((t) => t.turn)).toEqual([0, 1, 2, 3]);
    // The pause is not lateness: tick 2 is due one period after the resume.
    expect(ticks[2].scheduledMs - resumedAt).toBeCloseTo(200, 0);
    expect(ticks[3].scheduledMs - ticks[2].scheduledMs).toBeCloseTo(200, 9);
    expect(ticks[2].latenessMs).toBeLessThan(100);
  });

  it('stops between ticks when asked', async () => {
    const clock = new RealtimeMicroTurnClock();
    const turns: number[] = [];
    await clock.run((t) => {
      turns.push(t.turn);
      if (t.turn === 1) clock.stop();
    });
    expect(turns).toEqual([0, 1]);
  });
});
