// Generates Tandem's synthetic Full-Duplex-Bench suite from fixed seeds: FD-bench's sample folders (input.wav + annotation files), cached per sample.

import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TandemError } from '../../../common/errors';
import type { BenchSample, BenchSize } from '../suite';
import { readFdSampleAnnotations } from './annotations';
import { SampleContext } from './gen/compose';
import { checkMediaTools, ConcurrencyLimit, createToolRunner, type MediaToolPaths, type ToolRunner } from './gen/mediaTools';
import { encodeWav16 } from './gen/pcm';
import { SeededRandom } from './gen/prng';
import { FD_GENERATED_TASKS, TASK_BUILDERS, type FdGeneratedTask } from './gen/tasks';
import type { VoicePolicy } from './gen/voices';

export { FD_GENERATED_TASKS, type FdGeneratedTask } from './gen/tasks';
export { FD_BENCH_HELD_OUT_VOICES, ESPEAK_LANGUAGES, ESPEAK_VARIANTS, FLITE_VOICES } from './gen/voices';

/**
 * Bumped whenever a change to the generator changes what a seed produces; cached samples made by
 * another version are regenerated.
 */
export const FD_GENERATOR_VERSION = 1;

/** Samples per task: `small` for tests and quick runs, `full` for the benchmark proper. */
export const FD_SUITE_SIZES: Record<BenchSize, number> = { small: 4, full: 100 };

/**
 * The seeds the benchmark is made from, [from, to). Task i (in FD_GENERATED_TASKS order) uses seeds
 * from + i × perTask + k for its k-th sample. A training recipe must draw its seeds outside this range
 * (e.g. from 2 000 000 up) so that no benchmark sample is ever trained on.
 */
export const FD_BENCH_SEED_RANGE = { from: 1_000_000, to: 1_100_000, perTask: 10_000 } as const;

export function isBenchmarkSeed(seed: number): boolean {
  return seed >= FD_BENCH_SEED_RANGE.from && seed < FD_BENCH_SEED_RANGE.to;
}

/** The seed of the k-th sample of a task. */
export function fdSampleSeed(task: FdGeneratedTask, k: number, seedBase: number = FD_BENCH_SEED_RANGE.from): number {
  if (!Number.isInteger(k) || k < 0 || k >= FD_BENCH_SEED_RANGE.perTask) throw new RangeError(`sample index must be an integer in [0, ${FD_BENCH_SEED_RANGE.perTask}), got ${k}`);
  return seedBase + FD_GENERATED_TASKS.indexOf(task) * FD_BENCH_SEED_RANGE.perTask + k;
}

export interface GenerateFdSuiteOptions {
  /** Where the suite is written: `outDir/<task>/<seed>/`. */
  outDir: string;
  size: BenchSize;
  /** First seed (default FD_BENCH_SEED_RANGE.from). Another base gives another suite of the same shape. */
  seedBase?: number;
  /** Only these tasks (default all of FD_GENERATED_TASKS). */
  tasks?: ReadonlyArray<FdGeneratedTask>;
  /** Executables to use instead of espeak-ng, flite and sox on PATH. */
  toolPaths?: MediaToolPaths;
  /** Progress lines (one per sample generated or reused). */
  log?: (line: string) => void;
  /**
   * Training data: leave out FD_BENCH_HELD_OUT_VOICES (the voices the benchmark measures generalisation on).
   * Recorded in each manifest; the benchmark's own samples never set it and are unchanged by it.
   */
  excludeHeldOutVoices?: boolean;
  /** Samples per task instead of FD_SUITE_SIZES[size] (a training set wants more than the benchmark's 100). */
  count?: number;
}

export interface GenerateFdSuiteResult {
  samples: BenchSample[];
  seeds: number[];
}

/** The file in every sample folder that says how it was made; the cache reads it. */
export const FD_MANIFEST_FILE = 'generation.json';

interface SampleManifest {
  generator: 'tandem-fdbench';
  generator_version: number;
  task: FdGeneratedTask;
  seed: number;
  /** File name → SHA-256 of its bytes, for every file of the sample but this one. */
  files: Record<string, string>;
  tools: Record<string, string>;
  info: Record<string, unknown>;
  /** Present (true) only on samples made without the held-out voices. */
  exclude_held_out_voices?: true;
}

/**
 * Makes (or reuses) every sample of the suite. A sample folder that already holds a manifest of this
 * generator version for the same task and seed, with every file's checksum matching, is reused as it
 * is; anything else is regenerated. The same seed always gives byte-identical files (on the same
 * espeak-ng, flite and sox versions; the manifest records them).
 */
export async function generateFdSuite(options: GenerateFdSuiteOptions): Promise<GenerateFdSuiteResult> {
  const outDir = resolve(options.outDir);
  const seedBase = options.seedBase ?? FD_BENCH_SEED_RANGE.from;
  if (!Number.isSafeInteger(seedBase) || seedBase < 0 || seedBase > 0x7fffffff - FD_GENERATED_TASKS.length * FD_BENCH_SEED_RANGE.perTask) {
    throw new TandemError('USAGE', `seedBase must be an integer between 0 and ${0x7fffffff - FD_GENERATED_TASKS.length * FD_BENCH_SEED_RANGE.perTask}, got ${options.seedBase}`, 'seedBase', `Leave it out to use the benchmark's seeds (${FD_BENCH_SEED_RANGE.from}…).`);
  }
  const count = options.count ?? FD_SUITE_SIZES[options.size];
  if (count === undefined) throw new TandemError('USAGE', `Unknown suite size "${String(options.size)}"`, 'size', 'Use "small" or "full".');
  if (!Number.isInteger(count) || count < 1 || count > FD_BENCH_SEED_RANGE.perTask) {
    throw new TandemError('USAGE', `count must be an integer between 1 and ${FD_BENCH_SEED_RANGE.perTask}, got ${count}`, 'count', 'Ask for fewer samples per task.');
  }
  const policy: VoicePolicy = options.excludeHeldOutVoices ? 'training' : 'benchmark';
  const tasks = options.tasks ?? FD_GENERATED_TASKS;
  const log = options.log ?? (() => {});

  const planned = tasks.flatMap((task) => Array.from({ length: count }, (_, k) => ({ task, seed: fdSampleSeed(task, k, seedBase) })));
  const todo = planned.filter((p) => !isCached(sampleDir(outDir, p.task, p.seed), p.task, p.seed, policy));

  let tools: Record<string, string> = {};
  let runner: ToolRunner | undefined;
  let scratch: string | undefined;
  if (todo.length > 0) {
    tools = await checkMediaTools(options.toolPaths);
    runner = createToolRunner(options.toolPaths);
    scratch = await fs.mkdtemp(join(tmpdir(), 'tandem-fdbench-'));
  }
  try {
    // The tool runner already keeps at most two processes going; three samples in flight keep both busy while one is mixed in JS.
    const samplesInFlight = new ConcurrencyLimit(3);
    // Every sample is let finish (or fail) before the scratch folder goes; the first failure is reported.
    const results = await Promise.allSettled(
      todo.map((p) =>
        samplesInFlight.run(async () => {
          const started = performance.now();
          await generateSample(outDir, p.task, p.seed, runner!, scratch!, tools, policy);
          log(`fdbench: generated ${p.task}/${p.seed} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  }
  if (todo.length < planned.length) log(`fdbench: reused ${planned.length - todo.length} cached sample(s) in ${outDir}`);

  const samples: BenchSample[] = planned.map((p) => {
    const dir = sampleDir(outDir, p.task, p.seed);
    const { dir: _dir, ...annotations } = readFdSampleAnnotations(dir);
    return { id: String(p.seed), task: p.task, input: dir, truth: { ...annotations }, seed: p.seed };
  });
  return { samples, seeds: planned.map((p) => p.seed) };
}

function sampleDir(outDir: string, task: FdGeneratedTask, seed: number): string {
  return join(outDir, task, String(seed));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when the folder holds a complete sample of this generator version, task and seed. */
function isCached(dir: string, task: FdGeneratedTask, seed: number, policy: VoicePolicy): boolean {
  const manifestPath = join(dir, FD_MANIFEST_FILE);
  if (!existsSync(manifestPath)) return false;
  let manifest: SampleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
  } catch {
    return false;
  }
  if (manifest.generator !== 'tandem-fdbench' || manifest.generator_version !== FD_GENERATOR_VERSION || manifest.task !== task || manifest.seed !== seed) return false;
  if ((manifest.exclude_held_out_voices === true) !== (policy === 'training')) return false;
  if (!manifest.files || !manifest.files['input.wav']) return false;
  return Object.entries(manifest.files).every(([name, digest]) => {
    const path = join(dir, name);
    return existsSync(path) && sha256(readFileSync(path)) === digest;
  });
}

/** Builds one sample in a scratch folder and moves it into place whole, so an interrupted run never leaves a half sample behind. */
async function generateSample(outDir: string, task: FdGeneratedTask, seed: number, runner: ToolRunner, scratch: string, tools: Record<string, string>, policy: VoicePolicy): Promise<void> {
  const work = await fs.mkdtemp(join(scratch, `${task}-${seed}-`));
  try {
    const built = await TASK_BUILDERS[task](new SampleContext(new SeededRandom(seed), runner, work), policy);
    const files: Record<string, Buffer> = {};
    for (const [name, samples] of Object.entries(built.wavs)) files[name] = encodeWav16(samples);
    for (const [name, value] of Object.entries(built.json)) files[name] = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
    const manifest: SampleManifest = {
      generator: 'tandem-fdbench',
      generator_version: FD_GENERATOR_VERSION,
      task,
      seed,
      files: Object.fromEntries(Object.keys(files).sort().map((name) => [name, sha256(files[name])])),
      tools,
      info: built.info,
      ...(policy === 'training' ? { exclude_held_out_voices: true as const } : {}),
    };
    files[FD_MANIFEST_FILE] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);

    const dir = sampleDir(outDir, task, seed);
    const staging = `${dir}.partial-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) await fs.writeFile(join(staging, name), bytes);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(staging, dir);
  } catch (error) {
    if (error instanceof TandemError) throw error;
    throw new TandemError('MEDIA_INVALID', `Could not generate sample ${task}/${seed}: ${(error as Error).message}`, join(outDir, task, String(seed)), 'This is a generator bug; report it with the task and seed.', { cause: error });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
