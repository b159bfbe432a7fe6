// `tandem train-data --timed`: timed-request scenarios (the timespeak generator, training seeds) labelled by running the harness as the teacher.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TandemError } from '../../common/errors';
import { ACTIONS } from '../../common/microturn';
import { prepareGeneratedSamples } from '../bench/gen/generatedSamples';
import { makeTimespeakSample } from '../bench/gen/timedRequests';
import { TIMESPEAK_GENERATOR_VERSION } from '../bench/suites/timespeak';
import { prepareOutDir } from '../cli/runInput';
import { HarnessModel } from '../models/harness/harness';
import { NATIVE_CONTRACT_VERSION, NATIVE_HEADS } from '../models/native/contract';
import { loadVocab } from '../models/native/features';
import { createVoice, DEFAULT_VOICE_CHOICE } from '../models/speech/voiceChoice';
import { createPerceptionSignals } from '../perception/signals';
import { BENCHMARK_SEED_BLOCKS, defaultVocabPath, recordSample, TRAINING_DATA_FORMAT, TRAINING_DATA_VERSION, type ExportSummary, type TrainingManifest } from './exportData';
import { HarnessTeacher } from './harnessTeacher';

/** The default first seed of the timed set (timespeak's benchmark block is 2 000 000–2 999 999). */
export const TIMED_SEED_BASE = 120_000_000;

export interface ExportTimedDataOptions {
  outDir: string;
  samples: number;
  seedBase?: number;
  log?: (line: string) => void;
}

export async function exportTimedData(options: ExportTimedDataOptions): Promise<ExportSummary> {
  const seedBase = options.seedBase ?? TIMED_SEED_BASE;
  const last = seedBase + options.samples - 1;
  const clash = BENCHMARK_SEED_BLOCKS.find((b) => seedBase <= b.last && b.first <= last);
  if (!Number.isSafeInteger(seedBase) || seedBase < 0 || clash) {
    throw new TandemError('USAGE', clash ? `Seeds ${seedBase}–${last} overlap the ${clash.name} benchmark's seeds ${clash.first}–${clash.last}` : `--seed-base must be a whole number ≥ 0, got ${seedBase}`, '--seed-base', `Choose a seed base outside every benchmark block, e.g. ${TIMED_SEED_BASE}.`);
  }
  const outDir = prepareOutDir(options.outDir);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const vocab = loadVocab(defaultVocabPath());
  const generationStarted = performance.now();
  const seeds = Array.from({ length: options.samples }, (_, k) => seedBase + k);
  // Sample k cycles through the request kinds and user conditions as the benchmark's do.
  const prepared = await prepareGeneratedSamples({ suite: 'timespeak', workDir: join(outDir, 'audio'), seeds, generatorVersion: TIMESPEAK_GENERATOR_VERSION, make: (seed, dir) => makeTimespeakSample(seed, seed - seedBase, dir), log });
  const generationSeconds = (performance.now() - generationStarted) / 1000;

  const exportStarted = performance.now();
  const manifest: TrainingManifest = { format: TRAINING_DATA_FORMAT, version: TRAINING_DATA_VERSION, contractVersion: NATIVE_CONTRACT_VERSION, actions: [...ACTIONS], heads: [...NATIVE_HEADS], samples: [] };
  const actionCounts: Record<string, number> = Object.fromEntries(ACTIONS.map((a) => [a, 0]));
  const headCounts: Record<string, number> = Object.fromEntries(NATIVE_HEADS.map((h) => [h, 0]));
  const samplesByTask: Record<string, number> = {};
  let steps = 0;
  const harness = await HarnessModel.load();
  const voice = await createVoice(DEFAULT_VOICE_CHOICE);
  const signals = createPerceptionSignals();
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-timed-data-'));
  try {
    for (const [index, sample] of prepared.samples.entries()) {
      const id = `timed-${sample.task}-${sample.seed}`;
      const dir = `samples/${id}`;
      const result = await recordSample(new HarnessTeacher(harness), { id, task: sample.task, seed: sample.seed, input: sample.input }, join(outDir, dir), vocab, voice, signals, scratch, {
        turnEndsMs: [],
        interruptionsMs: [],
        backchannelOpportunitiesMs: [],
        voice: null,
        notes: ['labels are the harness\'s own actions (teacher), heads its VAD speech state and open turn'],
      });
      manifest.samples.push({ id, task: sample.task, seed: sample.seed, source: 'generated', heldOutVoice: false, steps: result.steps, dir });
      samplesByTask[sample.task] = (samplesByTask[sample.task] ?? 0) + 1;
      steps += result.steps;
      for (const label of result.labels) {
        actionCounts[label.action]++;
        if (label.userSpeaking) headCounts.user_speaking++;
        if (label.floorFree) headCounts.floor_free++;
      }
      log(`train-data: ${index + 1}/${prepared.samples.length} ${dir} ${result.steps} steps`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await harness.dispose();
    await voice.dispose();
    await signals.dispose();
  }
  const manifestPath = join(outDir, 'manifest.json');
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifestPath, samples: manifest.samples.length, steps, samplesByTask, actionCounts, headCounts, generationSeconds, exportSeconds: (performance.now() - exportStarted) / 1000 };
}
