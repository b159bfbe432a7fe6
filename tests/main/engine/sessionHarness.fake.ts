// Builds a session on the virtual clock with a scripted model and the placeholder voice, for engine tests.

import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { TimelineEvent } from '../../../common/timeline';
import { VirtualMicroTurnClock } from '../../../main/engine/microTurnClock';
import { Session, type InputProvider, type SessionOptions } from '../../../main/engine/session';
import { Timeline, type TimelineLog } from '../../../main/engine/timeline';
import { createPerception } from '../../../main/perception';
import { PlaceholderVoice } from '../../../main/models/speech/placeholderVoice';
import { ScriptedInteractionModel, type ScriptedTurn } from './interactionModel.fake';

export function makeTestSession(options: {
  script?: Record<number, ScriptedTurn | 'throw'>;
  turns: number;
  inputProvider?: InputProvider;
  log?: TimelineLog;
  extra?: Partial<SessionOptions>;
}) {
  const model = new ScriptedInteractionModel(options.script);
  const timeline = new Timeline(options.log ?? null);
  const events: TimelineEvent[] = [];
  timeline.subscribe((e) => events.push(e));
  const output: Float32Array[] = [];
  const clock = new VirtualMicroTurnClock();
  const session = new Session({
    model,
    voice: new PlaceholderVoice(),
    timeline,
    clock,
    header: { test: true },
    perception: createPerception(),
    maxTurns: options.turns,
    inputProvider: options.inputProvider,
    onOutputChunk: (_turn, samples) => output.push(Float32Array.from(samples)),
    ...options.extra,
  });
  return { session, model, timeline, events, output, clock };
}

/** A mic that delivers a constant-level tone for every chunk (or a chosen number of samples per chunk). */
export function toneMic(samplesPerChunk = SAMPLES_PER_TURN, amplitude = 0.1): InputProvider {
  let phase = 0;
  return {
    beforeClose(session) {
      const chunk = new Float32Array(samplesPerChunk);
      for (let i = 0; i < chunk.length; i++) chunk[i] = amplitude * Math.sin((2 * Math.PI * 440 * phase++) / 16000);
      session.pushMic(chunk);
    },
  };
}

/** Events without their sequence numbers, filtered to the kinds a test cares about. */
export function kinds(events: TimelineEvent[], ...wanted: string[]) {
  return events.filter((e) => wanted.includes(e.kind)).map(({ seq: _s, source: _src, ...rest }) => rest);
}
