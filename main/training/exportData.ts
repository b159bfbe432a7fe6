// `tandem train-data`: makes the native model's training dataset — generated (or Full-Duplex-Bench-layout) samples run through the real engine with the oracle, recorded as tensors and labels.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { TandemError } from '../../common/errors';
import type { Voice } from '../../common/interaction';
import { ACTIONS } from '../../common/microturn';
import { prepareOutDir, runInput } from '../cli/runInput';
import type { SharedPerceptionSignals } from '../engine/session';
import { readFdSampleAnnotations } from '../bench/fdbench/annotations';
import { FD_BENCH_SEED_RANGE, FD_GENERATED_TASKS, generateFdSuite, type FdGeneratedTask } from '../bench/fdbench/generate';
import { CODEWATCH_SEED_RANGE } from '../bench/suites/codewatch';
import { CUESPEAK_SEED_RANGE } from '../bench/suites/cuespeak';
import { REPCOUNT_SEED_RANGE } from '../bench/suites/repcount';
import { TIMESPEAK_SEED_RANGE } from '../bench/suites/timespeak';
import { VISUALWATCH_SEED_RANGE } from '../bench/suites/visualwatch';
import { VOICE_LATENCY_SEED_RANGE } from '../bench/voiceLatency';
import { NATIVE_CONTRACT_VERSION, NATIVE_HEADS } from '../models/native/contract';
import { loadVocab, type NativeVocab } from '../models/native/features';
import { createVoice, DEFAULT_VOICE_CHOICE } from '../models/speech/voiceChoice';
import type { SileroVad } from '../models/vad/sileroVad';
import { createPerceptionSignals } from '../perception/signals';
import { resourcePath } from '../models/resources';
import { OracleModel, type OracleLabel } from './oracle';
import { RecordingModel, SampleWriter, type LabellingModel, type SampleMeta } from './recorder';
import { speechFromAnnotations, truthFromFolder, truthFromGenerated, type SampleTruth } from './sampleTruth';
import { loadVad, speechSpansWithVad } from './vadSpeech';

export const TRAINING_DATA_FORMAT = 'tandem-native-data';
export const TRAINING_DATA_VERSION = 1;
/** The default first seed of a training set: far above every benchmark block. */
export const TRAINING_SEED_BASE = 100_000_000;
export const DEFAULT_SAMPLES_PER_TASK = 150;

/** Seed blocks the benchmarks are made from, [first, last]: training data must never draw from them. */
export const BENCHMARK_SEED_BLOCKS: ReadonlyArray<{ name: string; first: number; last: number }> = [
  { name: 'fdbench', first: FD_BENCH_SEED_RANGE.from, last: FD_BENCH_SEED_RANGE.to - 1 },
  { name: 'timespeak', ...TIMESPEAK_SEED_RANGE },
  { name: 'cuespeak', ...CUESPEAK_SEED_RANGE },
  { name: 'repcount', ...REPCOUNT_SEED_RANGE },
  { name: 'codewatch', ...CODEWATCH_SEED_RANGE },
  { name: 'voice latency', ...VOICE_LATENCY_SEED_RANGE },
  { name: 'visualwatch', ...VISUALWATCH_SEED_RANGE },
];

/** The seeds a generated training set of `seedBase` draws from, [first, last]. */
export function trainingSeedSpan(seedBase: number): { first: number; last: number } {
  return { first: seedBase, last: seedBase + FD_GENERATED_TASKS.length * FD_BENCH_SEED_RANGE.perTask - 1 };
}

/** Throws USAGE when a training set of `seedBase` would share a seed with a benchmark. */
export function checkTrainingSeedBase(seedBase: number): void {
  if (!Number.isSafeInteger(seedBase) || seedBase < 0) {
    throw new TandemError('USAGE', `--seed-base must be a whole number ≥ 0, got ${seedBase}`, '--seed-base', `Leave it out for ${TRAINING_SEED_BASE}.`);
  }
  const span = trainingSeedSpan(seedBase);
  const clash = BENCHMARK_SEED_BLOCKS.find((block) => span.first <= block.last && block.first <= span.last);
  if (clash) {
    throw new TandemError(
      'USAGE',
      `Seeds ${span.first}–${span.last} overlap the ${clash.name} benchmark's seeds ${clash.first}–${clash.last}: a model trained on them would be measured on what it learned`,
      '--seed-base',
      `Choose a seed base outside every benchmark block (docs/bench-suites.md), e.g. ${TRAINING_SEED_BASE}.`,
    );
  }
}

export interface ManifestSample {
  id: string;
  task: string;
  seed: number | null;
  source: 'generated' | 'folder';
  heldOutVoice: boolean;
  steps: number;
  dir: string;
}

export interface TrainingManifest {
  format: typeof TRAINING_DATA_FORMAT;
  version: typeof TRAINING_DATA_VERSION;
  contractVersion: number;
  actions: string[];
  heads: string[];
  samples: ManifestSample[];
}

export interface ExportTrainingDataOptions {
  outDir: string;
  /** Generated mode: samples per task (default DEFAULT_SAMPLES_PER_TASK). */
  samplesPerTask?: number;
  seedBase?: number;
  tasks?: readonly FdGeneratedTask[];
  /** Folder mode: a folder of samples in Full-Duplex-Bench's layout instead of generated ones. */
  fdDataDir?: string;
  /** The native vocabulary (default resources/models/native/vocab.json). */
  vocabPath?: string;
  log?: (line: string) => void;
}

export interface ExportSummary {
  manifestPath: string;
  samples: number;
  steps: number;
  samplesByTask: Record<string, number>;
  /** Label counts over every step, in ACTIONS order. */
  actionCounts: Record<string, number>;
  /** Steps where each head is 1. */
  headCounts: Record<string, number>;
  generationSeconds: number;
  exportSeconds: number;
}

interface PlannedSample {
  id: string;
  task: string;
  seed: number | null;
  source: 'generated' | 'folder';
  input: string;
  truth: () => Promise<SampleTruth>;
}

export function defaultVocabPath(): string {
  return resourcePath('models', 'native', 'vocab.json');
}

/** Folders under `dir` (any depth) that hold an input.wav, in path order. */
function sampleFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((e) => e.isFile() && e.name === 'input.wav')) out.push(d);
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
  };
  walk(dir);
  return out;
}

export async function exportTrainingData(options: ExportTrainingDataOptions): Promise<ExportSummary> {
  if (endianness() !== 'LE') throw new TandemError('USAGE', 'The training dataset is little-endian and this machine is not', 'tandem train-data', 'Run the exporter on an x86-64 or arm64 machine.');
  // Refused before anything is written.
  if (!options.fdDataDir) checkTrainingSeedBase(options.seedBase ?? TRAINING_SEED_BASE);
  const outDir = prepareOutDir(options.outDir);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const vocab = loadVocab(options.vocabPath ?? defaultVocabPath());

  const generationStarted = performance.now();
  let planned: PlannedSample[];
  let vad: SileroVad | null = null;
  if (options.fdDataDir) {
    const dataDir = resolve(options.fdDataDir);
    if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
      throw new TandemError('INPUT_NOT_FOUND', 'Full-Duplex-Bench data folder not found', dataDir, 'Pass --fd-data a folder of sample folders (each with input.wav and its annotation files).');
    }
    const folders = sampleFolders(dataDir);
    if (folders.length === 0) throw new TandemError('INPUT_NOT_FOUND', 'No sample folder (with input.wav) found', dataDir, 'Pass --fd-data the folder that holds the Full-Duplex-Bench sample folders.');
    const used = new Set<string>();
    planned = folders.map((dir) => {
      const rel = relative(dataDir, dir).split(sep).join('/') || 'sample';
      let id = rel.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'sample';
      for (let k = 2; used.has(id); k++) id = `${id}-${k}`;
      used.add(id);
      const annotations = readFdSampleAnnotations(dir);
      return {
        id,
        task: '',
        seed: null,
        source: 'folder' as const,
        input: dir,
        truth: async () => {
          const spans = speechFromAnnotations(annotations);
          if (spans) return truthFromFolder(dir, annotations, spans, 'user_speech.json');
          vad ??= await loadVad();
          return truthFromFolder(dir, annotations, await speechSpansWithVad(join(dir, 'input.wav'), vad), 'Silero VAD (harness thresholds)');
        },
      };
    });
  } else {
    const seedBase = options.seedBase ?? TRAINING_SEED_BASE;
    const count = options.samplesPerTask ?? DEFAULT_SAMPLES_PER_TASK;
    const generated = await generateFdSuite({
      outDir: join(outDir, 'audio'),
      size: 'full',
      count,
      seedBase,
      tasks: options.tasks,
      excludeHeldOutVoices: true,
      log: (line) => log(line),
    });
    planned = generated.samples.map((s) => ({ id: `${s.task}-${s.seed}`, task: s.task, seed: s.seed, source: 'generated' as const, input: s.input, truth: async () => truthFromGenerated(s.input) }));
  }
  const generationSeconds = (performance.now() - generationStarted) / 1000;

  const exportStarted = performance.now();
  const manifest: TrainingManifest = {
    format: TRAINING_DATA_FORMAT,
    version: TRAINING_DATA_VERSION,
    contractVersion: NATIVE_CONTRACT_VERSION,
    actions: [...ACTIONS],
    heads: [...NATIVE_HEADS],
    samples: [],
  };
  const manifestPath = join(outDir, 'manifest.json');
  const actionCounts: Record<string, number> = Object.fromEntries(ACTIONS.map((a) => [a, 0]));
  const headCounts: Record<string, number> = Object.fromEntries(NATIVE_HEADS.map((h) => [h, 0]));
  const samplesByTask: Record<string, number> = {};
  let steps = 0;
  // One voice and one set of perception signals for every sample, as the benchmark does (starting espeak-ng costs ~0.5 s).
  const voice = await createVoice(DEFAULT_VOICE_CHOICE);
  const signals = createPerceptionSignals();
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-train-data-'));
  try {
    for (const [index, sample] of planned.entries()) {
      const started = performance.now();
      const truth = await sample.truth();
      const task = sample.task || truth.task;
      const dirRel = `samples/${sample.source === 'folder' ? `${task}-${sample.id}` : sample.id}`;
      const result = await exportSample({ ...sample, task }, truth, join(outDir, dirRel), vocab, voice, signals, scratch);
      manifest.samples.push({ id: sample.source === 'folder' ? `${task}-${sample.id}` : sample.id, task, seed: sample.seed, source: sample.source, heldOutVoice: truth.heldOutVoice, steps: result.steps, dir: dirRel });
      samplesByTask[task] = (samplesByTask[task] ?? 0) + 1;
      steps += result.steps;
      for (const label of result.labels) {
        actionCounts[label.action]++;
        if (label.userSpeaking) headCounts.user_speaking++;
        if (label.floorFree) headCounts.floor_free++;
      }
      log(`train-data: ${index + 1}/${planned.length} ${dirRel} ${result.steps} steps (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await voice.dispose();
    await signals.dispose();
    await (vad as SileroVad | null)?.dispose();
  }
  // Written last: a manifest means the dataset is complete.
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifestPath, samples: manifest.samples.length, steps, samplesByTask, actionCounts, headCounts, generationSeconds, exportSeconds: (performance.now() - exportStarted) / 1000 };
}

/** Runs one sample through the engine on the virtual clock with the recording oracle; returns its steps and labels. */
export async function exportSample(
  sample: { id: string; task: string; seed: number | null; input: string },
  truth: SampleTruth,
  sampleDir: string,
  vocab: NativeVocab,
  voice: Voice,
  signals: SharedPerceptionSignals,
  scratch: string,
): Promise<{ steps: number; labels: OracleLabel[] }> {
  const oracle = new OracleModel(truth, { seed: sample.seed ?? seedOfId(sample.id) });
  return recordSample(oracle, sample, sampleDir, vocab, voice, signals, scratch, {
    turnEndsMs: truth.turnEndsMs,
    interruptionsMs: truth.interruptionsMs,
    backchannelOpportunitiesMs: truth.backchannelOpportunitiesMs,
    voice: truth.voice,
    notes: truth.notes,
  });
}

/** Runs one input through the engine with a labelling model wrapped in the recorder; writes the sample's files and meta.json. */
export async function recordSample<State extends { label: OracleLabel | null; labels: OracleLabel[] }>(
  model: LabellingModel<State>,
  sample: { id: string; task: string; seed: number | null; input: string },
  sampleDir: string,
  vocab: NativeVocab,
  voice: Voice,
  signals: SharedPerceptionSignals,
  scratch: string,
  meta: Omit<SampleMeta, 'id' | 'task' | 'seed' | 'steps'>,
): Promise<{ steps: number; labels: OracleLabel[] }> {
  rmSync(sampleDir, { recursive: true, force: true });
  mkdirSync(sampleDir, { recursive: true });
  const writer = new SampleWriter(sampleDir);
  const recording = new RecordingModel(model, vocab, writer);
  const runDir = join(scratch, 'run');
  try {
    const summary = await runInput({ input: sample.input, outDir: runDir, im: model.name, model: recording, realtime: false, voice: DEFAULT_VOICE_CHOICE, sharedVoice: voice, sharedSignals: signals, asr: 'none' });
    if (!summary.complete) throw new Error(`the run stopped after ${summary.ticks} micro-turns, before the end of the input`);
    if (summary.modelErrors > 0) throw new Error(`the model failed on ${summary.modelErrors} micro-turn(s)`);
    if (writer.steps !== summary.ticks) throw new Error(`recorded ${writer.steps} steps for ${summary.ticks} micro-turns`);
  } catch (error) {
    writer.close();
    throw new TandemError('SCENARIO_INVALID', `Could not export sample ${sample.id}: ${(error as Error).message}`, sample.input, 'Check the sample folder (input.wav and its annotations); generated samples can be deleted and made again.', { cause: error });
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
  const written = writer.finish({ id: sample.id, task: sample.task, seed: sample.seed, ...meta });
  return { steps: written.steps, labels: recording.lastState?.labels ?? [] };
}

/** A stable seed for a sample without one (a folder): FNV-1a of its id. */
function seedOfId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash | 0;
}

/** The summary lines `tandem train-data` prints. */
export function describeExport(summary: ExportSummary): string[] {
  const pct = (n: number) => (summary.steps > 0 ? `${((100 * n) / summary.steps).toFixed(1)} %` : '—');
  return [
    `wrote ${summary.manifestPath}: ${summary.samples} samples, ${summary.steps} steps (${((summary.steps * 0.2) / 3600).toFixed(2)} h)`,
    `samples per task: ${Object.entries(summary.samplesByTask).map(([t, n]) => `${t} ${n}`).join(', ')}`,
    `labels: ${Object.entries(summary.actionCounts).map(([a, n]) => `${a} ${n} (${pct(n)})`).join(', ')}`,
    `heads = 1: ${Object.entries(summary.headCounts).map(([h, n]) => `${h} ${n} (${pct(n)})`).join(', ')}`,
    `generation ${summary.generationSeconds.toFixed(1)} s, export ${summary.exportSeconds.toFixed(1)} s`,
  ];
}
