// An interaction model for engine tests that reports user speech at scripted turns and records the words each micro-turn brought.

import type { MicroTurnInput, MicroTurnOutput, ModelEvent, RecognizedWord } from '../../../common/microturn';
import type { InteractionModel } from '../../../common/interaction';

export interface SpeechScript {
  /** Turn → media time at which the user's speech started (reported in that turn). */
  started: Record<number, number>;
  /** Turn → media time at which it ended. */
  ended: Record<number, number>;
}

export class SpeechEventsModel implements InteractionModel<null> {
  readonly name = 'speech-events';
  readonly runtime = 'test script';
  /** turn → the words MicroTurnInput carried (copied). */
  readonly wordsByTurn = new Map<number, RecognizedWord[]>();

  constructor(private readonly script: SpeechScript) {}

  createState(): null {
    return null;
  }

  async step(input: MicroTurnInput): Promise<MicroTurnOutput> {
    if (input.words.length > 0) this.wordsByTurn.set(input.turn, input.words.map((w) => ({ ...w })));
    const events: ModelEvent[] = [];
    const started = this.script.started[input.turn];
    if (started !== undefined) events.push({ kind: 'user_speech_started', payload: { atMs: started } });
    const ended = this.script.ended[input.turn];
    if (ended !== undefined) events.push({ kind: 'user_speech_ended', payload: { atMs: ended, durationMs: 0 } });
    return { action: 'listen', events };
  }

  async dispose(): Promise<void> {}
}
