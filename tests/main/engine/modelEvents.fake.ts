// An interaction model for engine tests that emits given model events in given micro-turns and listens otherwise.

import type { MicroTurnInput, MicroTurnOutput, ModelEvent } from '../../../common/microturn';
import type { InteractionModel } from '../../../common/interaction';

export class ModelEventsModel implements InteractionModel<{ seen: MicroTurnInput['events'][] }> {
  readonly name = 'model-events';
  readonly runtime = 'test script';

  constructor(private readonly script: Record<number, ModelEvent[]>) {}

  createState() {
    return { seen: [] };
  }

  async step(input: MicroTurnInput, state: { seen: MicroTurnInput['events'][] }): Promise<MicroTurnOutput> {
    state.seen.push([...input.events]);
    return { action: input.assistant.speaking ? 'keep_speaking' : 'listen', events: this.script[input.turn] ?? [] };
  }

  async dispose(): Promise<void> {}
}
