// Where a typed text or a spoken turn goes: a visual watch, a timed request, or the background model; shared by every interaction model.

import type { ModelEvent } from '../../../common/microturn';
import { parseWatchRequest, type WatchRequest } from '../requests/watchRequest';
import { isCancelPhrase, onUserRequest, type WeavingState } from './backgroundWeaving';
import type { HarnessConfig } from './config';
import { onTimedRequest, type TimedSpeechState } from './timedSpeech';

/** The parts of a model's state a request can change. */
export interface RequestState {
  timed: TimedSpeechState;
  weaving: WeavingState;
}

/** A typed text or a spoken turn's words: a timed request is handled here and never delegated; anything else goes to the background model. */
export function routeRequest(state: RequestState, config: HarnessConfig, text: string, atMs: number, turn: number, nowMs: number): ModelEvent[] {
  // "Tell me when the build turns red" is a watch (timer phrasings such as "tell me when 10 minutes have passed" are not).
  const watch = parseWatchRequest(text);
  if (watch !== null) return onWatchRequest(state, config, text, watch);
  const timed = onTimedRequest(state.timed, config.timerDue, text, atMs);
  if (timed === null) return onUserRequest(state.weaving, config.background, text, turn, nowMs);
  // "stop that" also cancels what the background model is working on, as it did before timers understood it.
  if (isCancelPhrase(config.background, text)) return [...timed, ...onUserRequest(state.weaving, config.background, text, turn, nowMs)];
  return timed;
}

/** A watch request becomes an engine request, acknowledged without the words the watch will say (those mean "it happened"). */
function onWatchRequest(state: RequestState, config: HarnessConfig, text: string, request: WatchRequest): ModelEvent[] {
  const replies = config.watch;
  if ('rejected' in request) {
    state.timed.replies.push(request.rejected);
    return [{ kind: 'request_rejected', payload: { request: text, reason: request.rejected } }];
  }
  if ('cancelAll' in request) {
    state.timed.replies.push(replies.stoppedText);
    return [{ kind: 'cancel_watch', payload: { all: true } }];
  }
  state.timed.replies.push(replies.ackText);
  return [{ kind: 'add_watch', payload: { spec: request.spec, request: text } }];
}
