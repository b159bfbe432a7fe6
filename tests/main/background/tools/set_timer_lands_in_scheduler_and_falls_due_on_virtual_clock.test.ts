// set_timer and remind put a timer in the engine's scheduler: on the virtual clock it is recorded, and falls due in the exact micro-turn.

import { describe, expect, it } from 'vitest';
import { timerTools } from '../../../../main/background/tools/builtins/timerTools';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import type { ToolResult } from '../../../../common/ipc';
import { kinds, makeTestSession } from '../../engine/sessionHarness.fake';

describe('timer tools on the virtual clock', () => {
  it('schedules through the session, records timer_scheduled, and falls due at the exact media time', async () => {
    const results: Array<Promise<ToolResult>> = [];
    let nowMs = 0;
    let session!: ReturnType<typeof makeTestSession>['session'];
    const registry = new ToolRegistry({
      // The same sink LiveSessionHost gives the tools, over the session's scheduler at the media time of the chunk being collected.
      tools: timerTools({
        addTimer: ({ inMs, text, repeatEveryMs }) => {
          const timer = session.scheduleReminder(nowMs, nowMs + inMs, text, repeatEveryMs);
          return { id: timer.id, dueAtMs: timer.dueMs, dueInMs: timer.dueMs - nowMs, text, ...(repeatEveryMs ? { repeatEveryMs } : {}) };
        },
      }),
    });
    const made = makeTestSession({
      turns: 25,
      inputProvider: {
        beforeClose(_s, turn, _fromMs, toMs) {
          // The tool runs after this chunk closes, like in a live session: its media time is inside the next chunk.
          nowMs = toMs + 50;
          if (turn === 2) results.push(registry.call('set_timer', { durationS: 1.5, label: 'Tea is ready' }, { taskId: 'task-1', fromVisualContent: false }));
          if (turn === 3) results.push(registry.call('remind', { text: 'Stand up', inS: 1, repeatEveryS: 2 }, { taskId: 'task-1', fromVisualContent: false }));
        },
      },
    });
    session = made.session;
    await session.run();
    expect(await Promise.all(results)).toEqual([
      { ok: true, content: { timerId: 't0', dueInMs: 1_500, label: 'Tea is ready' } },
      { ok: true, content: { timerId: 't1', dueInMs: 1_000, text: 'Stand up', repeatEveryMs: 2_000 } },
    ]);
    // Called as turn 2 closes: scheduled at 650 (turn 3), due at 2 150 (turn 10); remind as turn 3 closes: at 850, due 1 850 (turn 9), then every 2 s.
    expect(kinds(made.events, 'timer_scheduled', 'timer_due')).toEqual([
      { turn: 3, atMs: 650, kind: 'timer_scheduled', payload: { id: 't0', dueAtMs: 2_150, label: 'Tea is ready' } },
      { turn: 4, atMs: 850, kind: 'timer_scheduled', payload: { id: 't1', dueAtMs: 1_850, label: 'Stand up', repeatEveryMs: 2_000 } },
      { turn: 9, atMs: 1_850, kind: 'timer_due', payload: { id: 't1', label: 'Stand up' } },
      { turn: 10, atMs: 2_150, kind: 'timer_due', payload: { id: 't0', label: 'Tea is ready' } },
      { turn: 19, atMs: 3_850, kind: 'timer_due', payload: { id: 't1', label: 'Stand up' } },
    ]);
  });
});
