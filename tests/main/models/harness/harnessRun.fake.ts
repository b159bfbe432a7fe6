// Drives an interaction model over mic audio like the engine would, with a fake playback that follows its actions.

import { MICRO_TURN_MS, type AssistantPlayback, type MicroTurnInput, type MicroTurnOutput } from '../../../../common/microturn';
import type { InteractionModel } from '../../../../common/interaction';
import { PlaceholderVoice } from '../../../../main/models/speech/placeholderVoice';
import { chunksOf, microTurnInput, SILENT_ASSISTANT } from '../microTurnInput.fake';

export interface RunStep {
  turn: number;
  input: MicroTurnInput;
  output: MicroTurnOutput;
}

export interface RunOptions {
  /** Extra input per turn (typed text, timer events). */
  extras?: (turn: number) => Partial<MicroTurnInput>;
  /** Turns to run beyond the audio (zero audio). */
  extraTurns?: number;
}

/**
 * Plays what the model starts: an utterance begins playing in the micro-turn after the one that
 * started it, 200 ms per micro-turn, for the placeholder voice's duration; `yield` flushes it.
 */
export async function runModel<State>(model: InteractionModel<State>, pcm: Float32Array, options: RunOptions = {}): Promise<RunStep[]> {
  const voice = new PlaceholderVoice();
  const chunks = chunksOf(pcm);
  for (let i = 0; i < (options.extraTurns ?? 0); i++) chunks.push(new Float32Array(chunks[0].length));
  const state = model.createState();
  const steps: RunStep[] = [];
  let playing: { id: string; durationMs: number; spokenMs: number } | null = null;
  for (let turn = 0; turn < chunks.length; turn++) {
    let assistant: AssistantPlayback = SILENT_ASSISTANT;
    if (playing) {
      playing.spokenMs = Math.min(playing.durationMs, playing.spokenMs + MICRO_TURN_MS);
      if (playing.spokenMs >= playing.durationMs) playing = null;
      else assistant = { speaking: true, utteranceId: playing.id, spokenMs: playing.spokenMs, remainingMs: playing.durationMs - playing.spokenMs };
    }
    const input = microTurnInput(turn, chunks[turn], { assistant, ...options.extras?.(turn) });
    const output = await model.step(input, state);
    steps.push({ turn, input, output });
    if (output.action === 'yield') playing = null;
    if ((output.action === 'speak' || output.action === 'interject' || output.action === 'backchannel') && output.utterance) {
      playing = { id: output.utterance.id, durationMs: voice.synthesize(output.utterance).durationMs!, spokenMs: 0 };
    }
  }
  return steps;
}

/** Micro-turns whose action is `action`. */
export function turnsWith(steps: RunStep[], action: MicroTurnOutput['action']): RunStep[] {
  return steps.filter((step) => step.output.action === action);
}

/** Every model event with the micro-turn it came out in. */
export function eventsOf(steps: RunStep[], kind: string): { turn: number; atMs: number }[] {
  return steps.flatMap((step) =>
    step.output.events.filter((event) => event.kind === kind).map((event) => ({ turn: step.turn, atMs: event.payload.atMs as number })),
  );
}

/** How far the VAD has heard when micro-turn `turn` closes: the end of the last whole 512-sample frame. */
export function heardUntilMs(turn: number): number {
  const samples = (turn + 1) * 3200;
  return Math.floor(samples / 512) * 32;
}

/** The first micro-turn at which the VAD has heard at least `ms` past `fromMs`. */
export function firstTurnHearing(fromMs: number, ms: number): number {
  let turn = 0;
  while (heardUntilMs(turn) - fromMs < ms) turn++;
  return turn;
}
