// How the harness handles timed requests: turns understood requests into engine events, and finds the moment to say a timer that fell due (at once when the floor is free, in the user's next short pause, never more than maxLateMs late).

import { MICRO_TURN_MS, type InputEvent, type ModelEvent } from '../../../common/microturn';
import { describeDuration, parseTimedRequest, type TimedIntent } from '../requests/timedRequest';
import type { HarnessConfig } from './config';

type TimerConfig = HarnessConfig['timerDue'];

/** A timer that fell due and waits to be said. */
export interface DueTimer {
  /** The engine's timer id (null when the event had none). */
  timerId: string | null;
  dueAtMs: number;
  text: string;
  /** Set when this is a visual watch that fired (said like a due timer: the moment is when it happened). */
  watchId?: string;
}

export interface TimedSpeechState {
  /** Timers that fell due and were not said yet, oldest first. */
  due: DueTimer[];
  /** Acknowledgements, confirmations and rejections to say at the next free floor, oldest first. */
  replies: string[];
}

export function createTimedSpeechState(): TimedSpeechState {
  return { due: [], replies: [] };
}

/** What the user is doing as far as the harness has heard, when a timer waits to be said. */
export interface FloorView {
  /** Play start of an utterance begun in this micro-turn (the end of the input chunk). */
  nowMs: number;
  /** No user turn is open (nobody spoke within the silence timeout). */
  floorFree: boolean;
  userSpeaking: boolean;
  /** Silence since the user's last speech in the open turn; null when there is no such pause. */
  pauseMs: number | null;
}

/**
 * Reads `text` (typed at `atMs`, or the words of a spoken turn that ended at `atMs`) as a timed request. Null
 * when it is not one: the caller then handles it as before (delegation). Otherwise returns the engine events;
 * what to say back is queued in `state.replies`.
 */
export function onTimedRequest(state: TimedSpeechState, config: TimerConfig, text: string, atMs: number): ModelEvent[] | null {
  const intent = parseTimedRequest(text);
  if (intent === null) return null;
  const request = text.trim();
  switch (intent.kind) {
    case 'timer': {
      state.replies.push(acknowledgement(config, intent));
      return [
        {
          kind: 'schedule_timer',
          payload: {
            dueAtMs: atMs + intent.delayMs,
            label: intent.label,
            say: intent.say,
            ...(intent.repeatEveryMs !== undefined ? { repeatEveryMs: intent.repeatEveryMs } : {}),
            request,
          },
        },
      ];
    }
    case 'stop_repeating':
      state.replies.push(config.stoppedText);
      return [{ kind: 'cancel_timers', payload: { repeatingOnly: true, reason: `the user said "${request}"` } }];
    case 'cancel_timers':
      state.replies.push(config.cancelledText);
      return [{ kind: 'cancel_timers', payload: { reason: `the user said "${request}"` } }];
    case 'start_counting':
      return [{ kind: 'start_counting', payload: { exercise: intent.exercise } }];
    case 'stop_counting':
      return [{ kind: 'stop_counting', payload: {} }];
    case 'rejected':
      state.replies.push(intent.reason);
      return [{ kind: 'request_rejected', payload: { request, reason: intent.reason } }];
  }
}

/**
 * "Okay, in 20 seconds." — never with a word of what is to be said at the due time: said early, the content
 * would be an answer before its time (and timespeak counts it as unrequested).
 */
function acknowledgement(config: TimerConfig, intent: Extract<TimedIntent, { kind: 'timer' }>): string {
  const when = intent.repeatEveryMs !== undefined ? `every ${describeDuration(intent.repeatEveryMs)} until you say stop` : `in ${describeDuration(intent.delayMs)}`;
  const text = config.ackText.replaceAll('{when}', when);
  if (intent.style === 'elapsed') return text;
  const content = new Set(wordsOf(intent.label));
  return wordsOf(text).some((word) => content.has(word)) ? config.ackFallbackText : text;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** A timer_due event: queued with the sentence to say (the request's own `say`, else the config's label sentence). */
export function onTimerDue(state: TimedSpeechState, config: TimerConfig, event: InputEvent): void {
  const { say, label, id } = event.payload;
  let text: string;
  if (typeof say === 'string' && say.trim() !== '') text = say.trim();
  else if (typeof label === 'string' && label.trim() !== '') text = config.labelledText.replaceAll('{label}', label.trim());
  else text = config.text;
  state.due.push({ timerId: typeof id === 'string' ? id : null, dueAtMs: event.atMs, text });
}

/** A visual watch fired: its label is said like a due timer, at the moment of the frame it happened on. */
export function onWatchFired(state: TimedSpeechState, event: InputEvent): void {
  const { label, watchId, frameAtMs } = event.payload;
  if (typeof label !== 'string' || label.trim() === '') return;
  state.due.push({ timerId: null, watchId: typeof watchId === 'string' ? watchId : '', dueAtMs: typeof frameAtMs === 'number' ? frameAtMs : event.atMs, text: label.trim() });
}

/**
 * The timer to say now, if its moment has come: the floor is free, or the user paused for at least
 * `pauseMs` (shorter than the silence timeout that ends their turn: a timer need not wait for the turn to
 * end), or waiting one more micro-turn would make it more than `maxLateMs` late (then it is said even over
 * the user: they asked for that time). The returned `announce` lets the engine record the lateness.
 */
export function nextDueTimer(state: TimedSpeechState, config: TimerConfig, floor: FloorView): { timer: DueTimer; overUser: boolean; events: ModelEvent[] } | null {
  const timer = state.due[0];
  if (!timer) return null;
  const pauseFits = !floor.userSpeaking && floor.pauseMs !== null && floor.pauseMs >= config.pauseMs;
  const lastChance = floor.nowMs + MICRO_TURN_MS - timer.dueAtMs > config.maxLateMs;
  if (!floor.floorFree && !pauseFits && !lastChance) return null;
  state.due.shift();
  return {
    timer,
    overUser: floor.userSpeaking,
    events: [{ kind: 'announce', payload: { ...(timer.timerId !== null ? { timerId: timer.timerId } : {}), ...(timer.watchId !== undefined ? { watchId: timer.watchId } : {}), dueAtMs: timer.dueAtMs } }],
  };
}
