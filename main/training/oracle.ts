// The oracle interaction model: knows one sample's ground truth, labels every micro-turn with the ideal action and plays it (a little late, seeded) for the training data.

import type { InteractionModel } from '../../common/interaction';
import { MICRO_TURN_MS, type Action, type MicroTurnInput, type MicroTurnOutput, type ModelEvent, type Utterance } from '../../common/microturn';
import { SeededRandom } from '../bench/fdbench/gen/prng';
import { HARNESS_CONFIG_DEFAULTS } from '../models/harness/config';
import type { NativeStepContext } from '../models/native/features';
import type { SampleTruth } from './sampleTruth';

/** How long after a turn end the ideal model starts its reply (the decision falls on the first micro-turn boundary after it). */
export const ORACLE_SPEAK_AFTER_MS = 80;
/** How long after the user cuts in the ideal model stops. */
export const ORACLE_YIELD_AFTER_MS = 60;
/** A backchannel fits from this long after a phrase end … */
export const ORACLE_BACKCHANNEL_FROM_MS = 80;
/** … until this long after it. */
export const ORACLE_BACKCHANNEL_UNTIL_MS = 300;

/** Extra micro-turns the oracle waits before carrying out a decision, with their probabilities (the label stays the ideal action meanwhile). */
/** A delay that never ends: the decision is not carried out (the label stays until the user speaks again). */
export const ORACLE_NEVER = 1_000_000;

// Speak waits up to 6 steps (1.2 s) in a fifth of the turns, and never comes in 15 %: a model that misses the first
// moment must still learn that a finished turn followed by silence and no answer wants one. With delays of at most
// 2 steps the first model never spoke once it had missed them; without unanswered turns in the data a long silence
// with no answer only ever followed a pause, so the second model learned that it means "the user is thinking".
export const ORACLE_DELAYS: Readonly<Record<'speak' | 'yield' | 'backchannel', ReadonlyArray<{ steps: number; p: number }>>> = {
  speak: [
    { steps: 0, p: 0.45 },
    { steps: 1, p: 0.12 },
    { steps: 2, p: 0.08 },
    { steps: 3, p: 0.07 },
    { steps: 4, p: 0.06 },
    { steps: 5, p: 0.04 },
    { steps: 6, p: 0.03 },
    { steps: ORACLE_NEVER, p: 0.15 },
  ],
  yield: [{ steps: 0, p: 0.5 }, { steps: 1, p: 0.2 }, { steps: 2, p: 0.15 }, { steps: 3, p: 0.15 }],
  backchannel: [{ steps: 0, p: 0.8 }, { steps: 1, p: 0.2 }],
};

/** The labels of one micro-turn. */
export interface OracleLabel {
  /** The ideal action (what the trained model should do), not necessarily what the oracle did. */
  action: Action;
  /** The user's addressed speech overlaps the last 100 ms of the chunk. */
  userSpeaking: boolean;
  /** No addressed turn of the user is going on (from its first speech until 80 ms after its end). */
  floorFree: boolean;
}

export interface OracleState {
  rng: SeededRandom;
  /** The utterance the oracle started that is playing, and when it started (media ms). */
  current: { utterance: Utterance; startMs: number } | null;
  replyStartsMs: number[];
  backchannelStartsMs: number[];
  /** A decided action waiting out its seeded delay. */
  pending: { action: 'speak' | 'yield' | 'backchannel'; atTurn: number } | null;
  /** Labels of the last step (null before the first). */
  label: OracleLabel | null;
  /** Every label so far, by micro-turn (the exporter's summary and the tests read them). */
  labels: OracleLabel[];
  /** Actions the oracle carried out, by micro-turn. */
  executed: Action[];
}

export interface OracleOptions {
  /** Seeds the execution delays (the sample's seed, so a sample is always labelled and played the same). */
  seed: number;
  replyText?: string;
  backchannelText?: string;
}

/** The interaction model the data exporter runs: the ideal decisions of one sample, from its truth. */
export class OracleModel implements InteractionModel<OracleState> {
  readonly name = 'oracle';
  readonly runtime = 'ground truth (training-data exporter)';
  private readonly replyText: string;
  private readonly backchannelText: string;

  constructor(
    readonly truth: SampleTruth,
    private readonly options: OracleOptions,
  ) {
    this.replyText = options.replyText ?? HARNESS_CONFIG_DEFAULTS.reply.text;
    this.backchannelText = options.backchannelText ?? HARNESS_CONFIG_DEFAULTS.backchannel.text;
  }

  createState(): OracleState {
    return { rng: new SeededRandom(this.options.seed).fork('oracle-delays'), current: null, replyStartsMs: [], backchannelStartsMs: [], pending: null, label: null, labels: [], executed: [] };
  }

  /** What the oracle feeds back about itself for this chunk (the native model's context), before it decides. */
  contextFor(input: MicroTurnInput, state: OracleState): NativeStepContext {
    const current = this.playing(input, state);
    // pendingReply stays false: a decided reply waiting out its delay has no counterpart in the runtime, and a token
    // that marks those steps would let the model learn "pending, so speak" instead of hearing that the turn is over.
    return { currentKind: current?.utterance.kind ?? null, pendingReply: false, pendingInterjection: false, counting: false };
  }

  async step(input: MicroTurnInput, state: OracleState): Promise<MicroTurnOutput> {
    const tMs = input.atMs + MICRO_TURN_MS;
    state.current = this.playing(input, state);
    const speaking = input.assistant.speaking;
    const action = this.idealAction(tMs, speaking, state);
    state.label = { action, userSpeaking: this.userSpeaking(tMs), floorFree: this.floorFree(tMs) };
    state.labels.push(state.label);
    const events = this.speechEvents(input.atMs, tMs);

    let output: MicroTurnOutput;
    if (action === 'speak' || action === 'yield' || action === 'backchannel') {
      if (state.pending?.action !== action) state.pending = { action, atTurn: input.turn + this.delaySteps(action, state.rng) };
      if (input.turn >= state.pending.atTurn) {
        state.pending = null;
        output = this.execute(action, input, tMs, state, events);
      } else {
        // Waiting out the delay: carry on with what is going on.
        output = state.current ? { action: 'keep_speaking', utterance: state.current.utterance, events } : { action: 'listen', events };
      }
    } else {
      state.pending = null;
      output = action === 'keep_speaking' && state.current ? { action, utterance: state.current.utterance, events } : { action, events };
    }
    state.executed.push(output.action);
    return output;
  }

  async dispose(): Promise<void> {}

  /** The oracle's utterance that is still playing as the chunk closes (null once it ended or was cut). */
  private playing(input: MicroTurnInput, state: OracleState): OracleState['current'] {
    if (!input.assistant.speaking || !state.current) return null;
    if (input.assistant.utteranceId !== undefined && input.assistant.utteranceId !== state.current.utterance.id) return null;
    return state.current;
  }

  /** The rules of the ideal model (see docs/native-training-data.md). */
  idealAction(tMs: number, speaking: boolean, state: OracleState): Action {
    const truth = this.truth;
    const current = state.current;
    if (speaking && current?.utterance.kind !== 'backchannel') {
      // Only an interruption of this utterance counts (not the one it answers).
      const startedMs = current?.startMs ?? Number.NEGATIVE_INFINITY;
      const cutIn = truth.interruptionsMs.some(([s, e]) => s + ORACLE_YIELD_AFTER_MS <= tMs && e > startedMs);
      return cutIn ? 'yield' : 'keep_speaking';
    }
    const resumedAfter = (fromMs: number) => truth.addressed.some((u) => u.startMs > fromMs && u.startMs < tMs);
    const speakDue = truth.turnEndsMs.some((e) => e + ORACLE_SPEAK_AFTER_MS <= tMs && !state.replyStartsMs.some((r) => r >= e) && !resumedAfter(e));
    if (speakDue) return 'speak';
    const backchannelDue = truth.backchannelOpportunitiesMs.some(
      (b) => b + ORACLE_BACKCHANNEL_FROM_MS <= tMs && tMs <= b + ORACLE_BACKCHANNEL_UNTIL_MS && !resumedAfter(b) && !state.backchannelStartsMs.some((s) => s >= b),
    );
    if (backchannelDue) return 'backchannel';
    // The engine cuts an utterance on `listen`: a backchannel that is playing is let finish.
    if (speaking && current?.utterance.kind === 'backchannel') return 'keep_speaking';
    return 'listen';
  }

  userSpeaking(tMs: number): boolean {
    return this.truth.addressed.some((u) => u.startMs < tMs && u.endMs > tMs - 100);
  }

  floorFree(tMs: number): boolean {
    const { turnStartsMs, turnEndsMs } = this.truth;
    return !turnEndsMs.some((e, i) => turnStartsMs[i] < tMs && tMs < e + ORACLE_SPEAK_AFTER_MS);
  }

  private delaySteps(action: 'speak' | 'yield' | 'backchannel', rng: SeededRandom): number {
    const r = rng.next();
    let sum = 0;
    for (const option of ORACLE_DELAYS[action]) {
      sum += option.p;
      if (r < sum) return option.steps;
    }
    return ORACLE_DELAYS[action][ORACLE_DELAYS[action].length - 1].steps;
  }

  private execute(action: 'speak' | 'yield' | 'backchannel', input: MicroTurnInput, tMs: number, state: OracleState, events: ModelEvent[]): MicroTurnOutput {
    if (action === 'yield') {
      const cut = state.current;
      state.current = null;
      return { action, ...(cut ? { utterance: cut.utterance } : {}), events };
    }
    const utterance: Utterance =
      action === 'speak' ? { id: `o${input.turn}`, text: this.replyText, kind: 'reply' } : { id: `o${input.turn}`, text: this.backchannelText, kind: 'backchannel' };
    state.current = { utterance, startMs: tMs };
    (action === 'speak' ? state.replyStartsMs : state.backchannelStartsMs).push(tMs);
    return { action, utterance, events };
  }

  /** user_speech_started / _ended at the addressed speech's edges inside the chunk, as the harness reports its VAD's (the engine's ASR segments on them). */
  private speechEvents(fromMs: number, toMs: number): ModelEvent[] {
    const edges: Array<{ atMs: number; event: ModelEvent }> = [];
    for (const u of this.truth.addressed) {
      if (u.startMs >= fromMs && u.startMs < toMs) edges.push({ atMs: u.startMs, event: { kind: 'user_speech_started', payload: { atMs: u.startMs } } });
      if (u.endMs >= fromMs && u.endMs < toMs) edges.push({ atMs: u.endMs, event: { kind: 'user_speech_ended', payload: { atMs: u.endMs, durationMs: u.endMs - u.startMs } } });
    }
    return edges.sort((a, b) => a.atMs - b.atMs).map((e) => e.event);
  }
}
