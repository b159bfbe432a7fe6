// set_timer and remind: tools that put a timer in the engine's scheduler (the same one the Reminders panel uses).

import { z } from 'zod';
import type { PendingTimer } from '../../../../common/ipc';
import type { ToolDefinition } from '../toolTypes';

/** The scheduler as the tools need it: LiveSessionHost.addTimer (media time from the chunk being collected). */
export interface TimerSink {
  addTimer(request: { inMs: number; text: string; repeatEveryMs?: number }): PendingTimer;
}

const DAY_S = 86_400;

export function timerTools(sink: TimerSink): ToolDefinition[] {
  const setTimer: ToolDefinition<typeof setTimerArgs> = {
    name: 'set_timer',
    description: 'Start a countdown timer; when it runs out the assistant says the label out loud.',
    parameters: setTimerArgs,
    sideEffect: true,
    desktop: false,
    timeoutMs: 2_000,
    run: async (args) => {
      const timer = sink.addTimer({ inMs: Math.round(args.durationS * 1000), text: args.label ?? 'Your timer is up.' });
      return { timerId: timer.id, dueInMs: timer.dueInMs, label: timer.text };
    },
  };
  const remind: ToolDefinition<typeof remindArgs> = {
    name: 'remind',
    description: 'Remind the user of something later, optionally repeating; the assistant says the text at the next pause after it falls due.',
    parameters: remindArgs,
    sideEffect: true,
    desktop: false,
    timeoutMs: 2_000,
    run: async (args) => {
      const timer = sink.addTimer({
        inMs: Math.round(args.inS * 1000),
        text: args.text,
        ...(args.repeatEveryS !== undefined ? { repeatEveryMs: Math.round(args.repeatEveryS * 1000) } : {}),
      });
      return { timerId: timer.id, dueInMs: timer.dueInMs, text: timer.text, ...(timer.repeatEveryMs !== undefined ? { repeatEveryMs: timer.repeatEveryMs } : {}) };
    },
  };
  return [setTimer, remind] as ToolDefinition[];
}

const setTimerArgs = z.strictObject({
  durationS: z.number().positive().max(DAY_S).describe('How long the timer runs, in seconds (at most a day).'),
  label: z.string().trim().min(1).max(200).optional().describe('What to say when it runs out.'),
});
const remindArgs = z.strictObject({
  text: z.string().trim().min(1).max(500).describe('What to remind the user of, as it should be said.'),
  inS: z.number().min(0).max(DAY_S).describe('Seconds from now (at most a day).'),
  repeatEveryS: z.number().min(1).max(DAY_S).optional().describe('Repeat every this many seconds.'),
});
