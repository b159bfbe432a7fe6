// A scripted interaction model for engine tests: plays back a fixed action per micro-turn and records what it saw.

import type { Action, MicroTurnInput, MicroTurnOutput, ModelEvent } from '../../../common/microturn';
import type { InteractionModel } from '../../../common/interaction';

export interface ScriptedTurn {
  action: Action;
  text?: string;
  /** Events the model emits in that turn (requests for the engine). */
  events?: ModelEvent[];
}

/** Turns not in the script default to keep_speaking while the voice is busy, listen otherwise. */
export class ScriptedInteractionModel implements InteractionModel<{ seen: number }> {
  readonly name = 'scripted';
  readonly runtime = 'test script';
  readonly inputs: Array<Omit<MicroTurnInput, 'audio' | 'dmel' | 'assistantDmel'> & { audioRms: number; dmelSum: number; assistantDmelSum: number }> = [];

  constructor(private readonly script: Record<number, ScriptedTurn | 'throw'> = {}) {}

  createState() {
    return { seen: 0 };
  }

  async step(input: MicroTurnInput, state: { seen: number }): Promise<MicroTurnOutput> {
    state.seen++;
    const { audio, dmel, assistantDmel, ...rest } = input;
    this.inputs.push({
      ...rest,
      frames: [...rest.frames],
      text: [...rest.text],
      events: [...rest.events],
      assistant: { ...rest.assistant },
      audioRms: Math.sqrt(audio.reduce((s, v) => s + v * v, 0) / audio.length),
      dmelSum: dmel.reduce((s, v) => s + v, 0),
      assistantDmelSum: assistantDmel.reduce((s, v) => s + v, 0),
    });
    const planned = this.script[input.turn];
    if (planned === 'throw') throw new Error(`scripted failure at turn ${input.turn}`);
    if (planned) {
      return {
        action: planned.action,
        events: planned.events ?? [],
        ...(planned.text ? { utterance: { id: `u${input.turn}`, text: planned.text, kind: planned.action === 'backchannel' ? 'backchannel' : 'reply' } } : {}),
      };
    }
    return { action: input.assistant.speaking ? 'keep_speaking' : 'listen', events: [] };
  }

  async dispose(): Promise<void> {}
}
