// `tandem run`: loads an input (scenario or Full-Duplex-Bench sample), runs a session, writes output.wav, timeline.jsonl and summary.json.

import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TandemError } from '../../common/errors';
import { MICRO_TURN_MS, SAMPLES_PER_TURN, SAMPLE_RATE_HZ } from '../../common/microturn';
import { WavStreamWriter } from '../engine/media/wavWriter';
import { createMicroTurnClock } from '../engine/microTurnClock';
import { loadInput, type LoadedScenario } from '../engine/scenario/load';
import { ScenarioFeeder } from '../engine/scenarioFeeder';
import { Session, type PerceptionSummary, type SessionStats, type SharedPerceptionSignals } from '../engine/session';
import { Timeline, TimelineLog } from '../engine/timeline';
import { checkExpectations, type ExpectationReport } from './expectations';
import { loadInteractionModel } from '../models/registry';
import { createPerception } from '../perception';
import { createVoice, DEFAULT_VOICE_CHOICE, type VoiceChoice } from '../models/speech/voiceChoice';
import type { InteractionModel, Voice } from '../../common/interaction';
import { chooseRecognizer, type RecognizerChoice } from '../models/asr/loadRecognizer';
import type { BackgroundRunner } from '../../common/background';
import type { TimelineEvent } from '../../common/timeline';
import { createBackgroundRunner, loadBackgroundSettingsFile } from '../background/backgroundConfig';
import type { InputProvider } from '../engine/session';
import { createPerceptionSignals } from '../perception/signals';

export interface RunOptions {
  input: string;
  outDir: string;
  im: string;
  realtime: boolean;
  /** An interaction-model config file instead of the shipped default. */
  imConfigPath?: string;
  /** The assistant's voice; default the embedded espeak-ng voice. */
  voice?: VoiceChoice;
  /**
   * A voice made from `voice` that the caller owns and reuses across runs (a benchmark's thousands of samples):
   * starting espeak-ng's thread and wasm costs about half a second each time. Each utterance starts from the
   * same engine state, so reusing it changes no sample.
   */
  sharedVoice?: Voice;
  /** Stop after this many micro-turns (replay of a session that was cut short). */
  maxTurns?: number;
  /** Speech recognizer: a catalog ASR model's name, "none", or absent for the catalog's default when it is installed. */
  asr?: string;
  /** Called once the session exists (the CLI wires Ctrl-C to session.stop()). */
  onSession?: (session: Session) => void;
  /** Background settings file (docs/background.md); without it no provider is configured. */
  backgroundPath?: string;
  /** Virtual clock: the media time each background task is taken to need (default 1000 ms). */
  backgroundLatencyMs?: number;
  /** Replay: feed these recorded background_update events at their micro-turns instead of running a provider. */
  recordedBackground?: readonly TimelineEvent[];
  /**
   * Perception signals the caller owns and reuses across runs (a benchmark's samples; each run resets them).
   * Absent: the run makes its own for the sources the input has, and disposes them.
   */
  sharedSignals?: SharedPerceptionSignals;
  /**
   * An interaction model the caller made and owns (the training-data exporter's oracle): used instead of loading
   * `im`, and not disposed by the run.
   */
  model?: InteractionModel;
}

export interface RunSummary {
  tandemVersion: string;
  input: { kind: LoadedScenario['kind']; name: string; path: string; durationMs: number; samples: number; files: LoadedScenario['inputs'] };
  interactionModel: { name: string; runtime: string };
  /** The speech recognizer that ran ("none" when none did, with the reason in `description`). */
  asr: { name: string; description: string };
  voice: { name: string; placeholder: boolean; note: string };
  clock: SessionStats['clock'];
  ticks: number;
  complete: boolean;
  actions: SessionStats['actionTurns'];
  utterances: number;
  cuts: number;
  underrunChunks: number;
  /** Output chunks the voice had not synthesized in time (real time only). */
  speechUnderrunChunks: number;
  framesPerceived: number;
  modelErrors: number;
  overruns: number;
  /** Lateness of each tick against its absolute schedule; null on the virtual clock, where ticks are never late. */
  tickLatenessMs: { p50: number | null; p99: number | null; max: number | null };
  modelStepMs: { p50: number | null; p99: number | null; max: number | null };
  engineOverheadMs: { p50: number | null; p99: number | null; max: number | null };
  dmelMs: { p50: number | null; p99: number | null; max: number | null };
  expectations?: ExpectationReport;
  /** The final count of the camera's repetition counter; present only when counting was started. */
  reps?: number;
  /** Every finding in code read off the screen (each once); present only when the input has a screen. */
  codeFindings?: Array<{ line: number; message: string; rule: string; language: string }>;
  /** Visual watches that fired; present only when a watch was set. */
  watchesFired?: Array<{ watchId: string; label: string; frameAtMs: number }>;
  outputs: { outputWav: string; timeline: string; summary: string };
}

export const TANDEM_VERSION = '0.1.0';

/** Makes the output folder and proves it is writable before any work is done. */
export function prepareOutDir(outDir: string): string {
  const dir = resolve(outDir);
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new TandemError('OUTPUT_UNWRITABLE', `Cannot write to the output folder: ${(error as Error).message}`, dir, 'Choose a folder you can write to with --out DIR.', { cause: error });
  }
  return dir;
}

export async function runInput(options: RunOptions): Promise<RunSummary> {
  const outDir = prepareOutDir(options.outDir);
  const scenario = await loadInput(options.input);
  try {
    const voiceChoice = options.voice ?? DEFAULT_VOICE_CHOICE;
    const voice = options.sharedVoice ?? (await createVoice(voiceChoice));
    try {
      const model = options.model ?? (await loadInteractionModel(options.im, { configPath: options.imConfigPath }));
      try {
        const asr = await chooseRecognizer(options.asr);
        try {
          return await runLoaded(scenario, model, { voice, choice: voiceChoice }, asr, outDir, options);
        } finally {
          await asr.recognizer?.dispose();
        }
      } finally {
        if (!options.model) await model.dispose();
      }
    } finally {
      if (!options.sharedVoice) await voice.dispose();
    }
  } finally {
    scenario.close();
  }
}

async function runLoaded(
  scenario: LoadedScenario,
  model: InteractionModel,
  { voice, choice }: { voice: Voice; choice: VoiceChoice },
  asr: RecognizerChoice,
  outDir: string,
  options: RunOptions,
): Promise<RunSummary> {
  const paths = { outputWav: join(outDir, 'output.wav'), timeline: join(outDir, 'timeline.jsonl'), summary: join(outDir, 'summary.json') };
  rmSync(paths.timeline, { force: true });
  const totalSamples = scenario.exactSamples;
  const fullTurns = Math.ceil(totalSamples / SAMPLES_PER_TURN);
  const maxTurns = Math.min(fullTurns, options.maxTurns ?? fullTurns);
  const output = new WavStreamWriter(paths.outputWav);
  // Output chunk k plays during [(k+1)·200, (k+2)·200) ms: the file starts with one micro-turn of silence
  // and is cut at the input's exact length, so it is time-synchronous with the input sample for sample.
  writeLimited(output, new Float32Array(SAMPLES_PER_TURN), totalSamples);
  const timeline = new Timeline(new TimelineLog(paths.timeline));
  const clock = createMicroTurnClock(options.realtime ? 'realtime' : 'virtual');
  const backgroundSettings = options.backgroundPath ? loadBackgroundSettingsFile(options.backgroundPath) : null;
  const runner: BackgroundRunner | null = backgroundSettings ? await createBackgroundRunner(backgroundSettings) : null;
  const backgroundLatencyMs = options.backgroundLatencyMs ?? 1000;
  const feeder = new ScenarioFeeder(scenario);
  const signals = options.sharedSignals ?? createPerceptionSignals();
  signals.resetForRun();
  const recorded = options.recordedBackground;
  const inputProvider: InputProvider = recorded
    ? {
        beforeClose(s, turn, fromMs, toMs) {
          feeder.beforeClose(s, turn, fromMs, toMs);
          for (const event of recorded) if (event.turn === turn) s.pushBackgroundUpdate(event.atMs, event.payload);
        },
      }
    : feeder;
  const session = new Session({
    model,
    voice,
    perception: createPerception(),
    timeline,
    clock,
    maxTurns,
    inputProvider,
    ...(asr.recognizer ? { recognizer: asr.recognizer } : {}),
    background: recorded ? 'recorded' : runner,
    backgroundVirtualLatencyMs: backgroundLatencyMs,
    signals: signals.signals,
    onOutputChunk: (_turn, samples) => writeLimited(output, samples, totalSamples),
    header: {
      tandemVersion: TANDEM_VERSION,
      input: { kind: scenario.kind, name: scenario.name, path: scenario.sourcePath, durationMs: scenario.durationMs, samples: totalSamples, files: scenario.inputs },
      interactionModel: { name: model.name, runtime: model.runtime, configPath: options.imConfigPath ?? null },
      asr: { name: asr.name, description: asr.description },
      voice: voice.name,
      voiceChoice: choice,
      clock: clock.mode,
      microTurnMs: MICRO_TURN_MS,
      sampleRateHz: SAMPLE_RATE_HZ,
      background: runner ? { provider: runner.description, settingsPath: resolve(options.backgroundPath!), virtualLatencyMs: backgroundLatencyMs } : null,
    },
  });
  options.onSession?.(session);
  let stats: SessionStats;
  try {
    stats = await session.run();
  } finally {
    await runner?.dispose();
    if (!options.sharedSignals) await signals.dispose();
    // Pad a run stopped early so the file still has the input's length.
    while (output.samplesWritten < totalSamples) writeLimited(output, new Float32Array(SAMPLES_PER_TURN), totalSamples);
    output.close();
  }
  const ms = (s: { p50Ms: number | null; p99Ms: number | null; maxMs: number | null }) => ({ p50: s.p50Ms, p99: s.p99Ms, max: s.maxMs });
  const summary: RunSummary = {
    tandemVersion: TANDEM_VERSION,
    input: { kind: scenario.kind, name: scenario.name, path: scenario.sourcePath, durationMs: scenario.durationMs, samples: totalSamples, files: scenario.inputs },
    interactionModel: { name: model.name, runtime: model.runtime },
    asr: { name: asr.name, description: asr.description },
    voice: {
      name: voice.name,
      placeholder: choice.kind === 'placeholder',
      note:
        choice.kind === 'placeholder'
          ? 'The placeholder test voice: assistant speech in output.wav is a soft tone with the duration the words would take.'
          : choice.kind === 'espeak'
            ? 'The embedded espeak-ng voice (wasm), streamed in 200 ms chunks.'
            : 'A Piper voice from the model catalog, streamed sentence by sentence.',
    },
    speechUnderrunChunks: stats.speechUnderrunChunks,
    clock: stats.clock,
    ticks: stats.turns,
    complete: stats.turns === fullTurns,
    actions: stats.actionTurns,
    utterances: stats.utterances,
    cuts: stats.cuts,
    underrunChunks: stats.underrunChunks,
    framesPerceived: stats.framesPerceived,
    modelErrors: stats.modelErrors,
    overruns: stats.overruns,
    tickLatenessMs: ms(stats.tickLateness),
    modelStepMs: ms(stats.modelStep),
    engineOverheadMs: ms(stats.engineOverhead),
    dmelMs: ms(stats.dmel),
    ...(scenario.expect ? { expectations: checkExpectations(scenario.expect, timeline, stats.turns) } : {}),
    ...perceptionFields(session.perceptionSummary(), Boolean(scenario.screen) && Boolean(signals.signals.code)),
    outputs: paths,
  };
  writeFileSync(paths.summary, JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** summary.json's perception fields: each present only where the run could have produced it (an absent list is not an empty one). */
function perceptionFields(perception: PerceptionSummary, screenRead: boolean): Pick<RunSummary, 'reps' | 'codeFindings' | 'watchesFired'> {
  return {
    ...(perception.reps !== null ? { reps: perception.reps } : {}),
    ...(screenRead ? { codeFindings: perception.codeFindings.map(({ line, message, rule, language }) => ({ line, message, rule, language })) } : {}),
    ...(perception.watchesAdded > 0 ? { watchesFired: perception.watchesFired } : {}),
  };
}

function writeLimited(writer: WavStreamWriter, samples: Float32Array, totalSamples: number): void {
  const room = totalSamples - writer.samplesWritten;
  if (room <= 0) return;
  writer.write(room >= samples.length ? samples : samples.subarray(0, room));
}
