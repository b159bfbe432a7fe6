// The `fdbench` suite: Full-Duplex-Bench v1/v1.5 samples (generated from fixed seeds, or a downloaded copy via --data) scored with FD-bench's metrics.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { TandemError } from '../../../common/errors';
import { readFdSampleAnnotations, readIccGtDistribution, FD_ANNOTATION_FILES, FD_TASKS, type FdTask, type IccGtDistribution } from '../fdbench/annotations';
import { FD_BENCH_SEED_RANGE, FD_GENERATOR_VERSION, FD_SUITE_SIZES, generateFdSuite } from '../fdbench/generate';
import { FDBENCH_METRICS, fdScoredSampleFromRun, scoreFdBench, type FdScoredSample } from '../fdbench/metrics';
import type { BenchSample, BenchSuite, PrepareOptions, SampleRun, SuiteResult } from '../suite';

/** Deepest folder level searched for samples under --data (FD-bench nests version/dataset/sample). */
const MAX_DATA_DEPTH = 5;

/** FD-bench v1.5 data folder names → the overlap task they hold. */
const OVERLAP_FOLDERS: Array<[RegExp, string]> = [
  [/user_interruption/i, 'overlap_user_interruption'],
  [/backchannel/i, 'overlap_user_backchannel'],
  [/talking_to_other/i, 'overlap_talking_to_other'],
  [/background_speech/i, 'overlap_background_speech'],
  [/background_noise/i, 'overlap_background_noise'],
];

/**
 * The metrics' name of a task (annotations.ts FD_TASKS). The generator may name a v1.5 task after
 * FD-bench's data folder (`talking_to_other`) where the metrics say `overlap_talking_to_other`.
 */
export function canonicalFdTask(task: string): FdTask | null {
  const known = FD_TASKS as readonly string[];
  if (known.includes(task)) return task as FdTask;
  return known.includes(`overlap_${task}`) ? (`overlap_${task}` as FdTask) : null;
}

/**
 * The task of a downloaded sample folder, from the annotation file that defines it (FD_TASK_ANNOTATIONS);
 * v1.5 overlap samples all carry metadata.json, so their task comes from the data folder's name, and ICC
 * backchannel samples have no file of their own, so they are recognised by a "backchannel" folder name.
 */
export function taskOfExternalSample(dir: string, dataDir: string): FdTask | null {
  const has = (file: string) => existsSync(join(dir, file));
  const path = relative(dataDir, dir).split(sep).join('/');
  if (has(FD_ANNOTATION_FILES.metadata)) {
    const folderTask = OVERLAP_FOLDERS.find(([pattern]) => pattern.test(path))?.[1];
    return folderTask ? canonicalFdTask(folderTask) : null;
  }
  if (has(FD_ANNOTATION_FILES.interrupt)) return 'user_interruption';
  if (has(FD_ANNOTATION_FILES.turnTaking)) return 'smooth_turn_taking';
  if (has(FD_ANNOTATION_FILES.pause)) return 'pause_handling';
  if (has(FD_ANNOTATION_FILES.backchannelGt) || /backchannel/i.test(path)) return 'backchannel';
  return null;
}

function sampleFolders(dir: string, depth: number): string[] {
  if (existsSync(join(dir, 'input.wav'))) return [dir];
  if (depth >= MAX_DATA_DEPTH) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    .flatMap((entry) => sampleFolders(join(dir, entry.name), depth + 1));
}

/** The nearest icc_gt_distribution.json at or above the sample, within the data folder. */
function iccDistributionFor(sampleDir: string, dataDir: string): string | null {
  for (let dir = dirname(sampleDir); dir.startsWith(dataDir); dir = dirname(dir)) {
    const path = join(dir, FD_ANNOTATION_FILES.iccGtDistribution);
    if (existsSync(path)) return path;
    if (dir === dataDir) break;
  }
  return null;
}

/** Reads a downloaded Full-Duplex-Bench tree: every folder with an input.wav, classified by its annotations. */
export function readExternalFdData(dataDirInput: string): { samples: BenchSample[]; notes: string[] } {
  const dataDir = resolve(dataDirInput);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new TandemError('INPUT_NOT_FOUND', 'Full-Duplex-Bench data folder not found', dataDir, 'Pass the folder you downloaded Full-Duplex-Bench into (it holds one folder per sample, each with input.wav).');
  }
  const folders = sampleFolders(dataDir, 0);
  const samples: BenchSample[] = [];
  const unrecognised: string[] = [];
  const usedIds = new Set<string>();
  for (const dir of folders) {
    const task = taskOfExternalSample(dir, dataDir);
    const rel = relative(dataDir, dir).split(sep).join('/');
    if (!task) {
      unrecognised.push(rel || '.');
      continue;
    }
    let id = (rel || basename(dir)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'sample';
    for (let k = 2; usedIds.has(`${task}/${id}`); k++) id = `${id}-${k}`;
    usedIds.add(`${task}/${id}`);
    const iccPath = task === 'backchannel' ? iccDistributionFor(dir, dataDir) : null;
    const { dir: _dir, ...annotations } = readFdSampleAnnotations(dir, iccPath ? { iccGtDistribution: readIccGtDistribution(iccPath) } : {});
    samples.push({ id, task, input: dir, truth: { ...annotations, folder: rel, iccGtDistributionPath: iccPath }, seed: null });
  }
  if (samples.length === 0) {
    throw new TandemError('INPUT_NOT_FOUND', `No Full-Duplex-Bench sample found (${folders.length} folders with input.wav, none with a known annotation file)`, dataDir, 'Point --data at the downloaded data (sample folders hold input.wav plus pause.json, turn_taking.json, interrupt.json or metadata.json).');
  }
  // Tasks in the metrics' order (as in the generated suite), folders in name order within a task.
  const order = (task: string) => (FD_TASKS as readonly string[]).indexOf(task);
  samples.sort((a, b) => order(a.task) - order(b.task));
  const notes = [`External Full-Duplex-Bench data: ${samples.length} sample folders under ${dataDir}.`];
  if (unrecognised.length > 0) notes.push(`${unrecognised.length} folder(s) with input.wav but no annotation telling their task were left out: ${unrecognised.slice(0, 5).join(', ')}${unrecognised.length > 5 ? ', …' : ''}.`);
  return { samples, notes };
}

async function prepare(options: PrepareOptions): Promise<{ samples: BenchSample[]; seeds: number[]; notes: string[] }> {
  if (options.dataDir) return { ...readExternalFdData(options.dataDir), seeds: [] };
  const generated = await generateFdSuite({ outDir: options.workDir, size: options.size, log: (line) => process.stdout.write(`[fdbench] ${line}\n`) });
  const unscored = new Set<string>();
  const samples = generated.samples.map((sample) => {
    const task = canonicalFdTask(sample.task);
    if (!task) unscored.add(sample.task);
    return task && task !== sample.task ? { ...sample, task } : sample;
  });
  return {
    samples,
    seeds: generated.seeds,
    notes: [
      ...(unscored.size > 0 ? [`The generator made samples of task(s) the metrics do not know (${[...unscored].join(', ')}): they are run but no metric counts them.`] : []),
      `Generated by Tandem's Full-Duplex-Bench generator (version ${FD_GENERATOR_VERSION}): ${FD_SUITE_SIZES[options.size]} samples per task from fixed seeds in [${FD_BENCH_SEED_RANGE.from}, ${FD_BENCH_SEED_RANGE.to}) (a training recipe must draw its seeds outside it); each folder's generation.json records the tools and checksums.`,
    ],
  };
}

function score(runs: SampleRun[]): SuiteResult {
  const scored: FdScoredSample[] = [];
  const unscorable: string[] = [];
  const iccByPath = new Map<string, IccGtDistribution>();
  for (const run of runs) {
    try {
      const iccPath = run.sample.truth.iccGtDistributionPath;
      let iccGtDistribution: IccGtDistribution | undefined;
      if (typeof iccPath === 'string') {
        if (!iccByPath.has(iccPath)) iccByPath.set(iccPath, readIccGtDistribution(iccPath));
        iccGtDistribution = iccByPath.get(iccPath);
      }
      scored.push(fdScoredSampleFromRun(run, { iccGtDistribution }));
    } catch (error) {
      unscorable.push(`${run.sample.task}/${run.sample.id}: ${(error as Error).message}`);
    }
  }
  const result = scoreFdBench(scored);
  if (unscorable.length > 0) {
    result.notes = [...(result.notes ?? []), `${unscorable.length} run(s) could not be scored and are left out: ${unscorable.join('; ')}`];
  }
  return result;
}

export const fdbenchSuite: BenchSuite = {
  name: 'fdbench',
  description:
    'Full-Duplex-Bench v1 (pause handling, smooth turn-taking, user interruption, backchannel) and v1.5 (overlaps: user interruption, user backchannel, talking to another person, background speech), scored as its evaluation scripts define the metrics, from the timeline instead of ASR.',
  metrics: FDBENCH_METRICS,
  prepare,
  score,
};
