// The one interface every interaction model implements: step(input, state) → output, once per micro-turn.

import type { MicroTurnInput, MicroTurnOutput } from '../../common/microturn';

/**
 * An interaction model. `createState()` makes the streaming state of one session (preallocated,
 * append-only like a persistent KV session); `step` reads chunk k and that state, updates the state
 * in place and returns output chunk k. Steps of one session are never run concurrently.
 */
export interface InteractionModel<State = unknown> {
  /** Name as used by `--im` (e.g. "harness"). */
  readonly name: string;
  /** What the model runs on, for reports (e.g. "onnxruntime cpu, 1 thread"). */
  readonly runtime: string;
  createState(): State;
  step(input: MicroTurnInput, state: State): Promise<MicroTurnOutput>;
  /** Releases sessions and native memory. */
  dispose(): Promise<void>;
}
