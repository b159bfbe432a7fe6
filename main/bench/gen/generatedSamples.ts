// Makes a generated suite's samples from their seeds into the work folder, reusing every sample already made by the same generator version.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import type { BenchSample } from '../suite';

/** A block of seeds reserved for one suite's benchmark samples (training must never draw from it). */
export interface SeedRange {
  /** Seed of sample k is first + k. */
  first: number;
  /** Last seed of the block (inclusive). */
  last: number;
}

/** What a generator returns for one seed; `scenario` is a file name inside the sample folder. */
export interface GeneratedSample {
  task: string;
  scenario: string;
  truth: Record<string, unknown>;
}

/** Written next to each sample: a sample is reused only when this matches what would be generated now. */
const SampleRecordSchema = z.object({
  suite: z.string(),
  generatorVersion: z.string(),
  seed: z.number().int(),
  task: z.string(),
  scenario: z.string(),
  truth: z.record(z.string(), z.unknown()),
});
type SampleRecord = z.infer<typeof SampleRecordSchema>;

const RECORD_FILE = 'sample.json';

export interface PrepareGeneratedOptions {
  suite: string;
  workDir: string;
  seeds: readonly number[];
  /** Bump whenever the generator's output for a seed changes; older samples in the work folder are then remade. */
  generatorVersion: string;
  /** Writes sample `seed` into the empty folder `dir`. */
  make: (seed: number, dir: string) => Promise<GeneratedSample>;
  log?: (line: string) => void;
}

export interface PreparedGenerated {
  samples: BenchSample[];
  made: number;
  reused: number;
  /** Wall time spent making new samples (reused ones cost nothing). */
  generationMs: number;
}

/** The seeds of a size: the first `count` seeds of the range (so `full` reuses everything `small` made). */
export function seedsOf(range: SeedRange, count: number): number[] {
  if (count > range.last - range.first + 1) throw new RangeError(`${count} samples do not fit in the seed range ${range.first}–${range.last}`);
  return Array.from({ length: count }, (_, k) => range.first + k);
}

/**
 * Each sample lives in `workDir/<suite>-<seed>/`; it is made in a `.partial` folder and renamed when
 * complete, so an interrupted run never leaves a half-made sample that a later run would reuse.
 */
export async function prepareGeneratedSamples(options: PrepareGeneratedOptions): Promise<PreparedGenerated> {
  const root = nodePath.resolve(options.workDir);
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (cause) {
    throw new TandemError('OUTPUT_UNWRITABLE', `Cannot create the work folder: ${(cause as Error).message}`, root, 'Choose a writable work folder.', { cause });
  }
  const samples: BenchSample[] = [];
  let made = 0;
  let reused = 0;
  let generationMs = 0;
  for (const seed of options.seeds) {
    const id = `${options.suite}-${seed}`;
    const dir = nodePath.join(root, id);
    let record = readRecord(dir, options, seed);
    if (record) {
      reused++;
    } else {
      const started = performance.now();
      const partial = nodePath.join(root, `.partial-${id}`);
      fs.rmSync(partial, { recursive: true, force: true });
      fs.mkdirSync(partial, { recursive: true });
      let generated: GeneratedSample;
      try {
        generated = await options.make(seed, partial);
      } catch (error) {
        fs.rmSync(partial, { recursive: true, force: true });
        throw error;
      }
      record = { suite: options.suite, generatorVersion: options.generatorVersion, seed, task: generated.task, scenario: generated.scenario, truth: generated.truth };
      fs.writeFileSync(nodePath.join(partial, RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(partial, dir);
      generationMs += performance.now() - started;
      made++;
      options.log?.(`[${options.suite}] made ${id} (${Math.round(performance.now() - started)} ms)`);
    }
    samples.push({ id, task: record.task, input: nodePath.join(dir, record.scenario), truth: record.truth, seed });
  }
  return { samples, made, reused, generationMs };
}

function readRecord(dir: string, options: PrepareGeneratedOptions, seed: number): SampleRecord | null {
  const path = nodePath.join(dir, RECORD_FILE);
  if (!fs.existsSync(path)) return null;
  try {
    const record = SampleRecordSchema.parse(JSON.parse(fs.readFileSync(path, 'utf8')));
    const same = record.suite === options.suite && record.generatorVersion === options.generatorVersion && record.seed === seed;
    return same && fs.existsSync(nodePath.join(dir, record.scenario)) ? record : null;
  } catch {
    // A damaged record is remade rather than trusted.
    return null;
  }
}

/** Writes a scenario file (pretty JSON) and returns its file name. */
export function writeScenario(dir: string, fileName: string, scenario: Record<string, unknown>): string {
  fs.writeFileSync(nodePath.join(dir, fileName), JSON.stringify(scenario, null, 2) + '\n');
  return fileName;
}
