// `tandem train-data`: the command that writes the native interaction model's training dataset (main/training/exportData.ts).

import { parseArgs } from 'node:util';
import { TandemError } from '../../common/errors';
import { FD_GENERATED_TASKS, type FdGeneratedTask } from '../bench/fdbench/generate';
import { DEFAULT_SAMPLES_PER_TASK, describeExport, exportTrainingData, TRAINING_SEED_BASE } from '../training/exportData';
import { exportTimedData, TIMED_SEED_BASE } from '../training/timedData';

/** Samples of a --timed set unless --size says otherwise. */
const DEFAULT_TIMED_SAMPLES = 60;

export const TRAIN_DATA_USAGE = `  tandem train-data --out DIR [--size N] [--seed-base S] [--tasks a,b] [--fd-data FOLDER]
      Writes the native interaction model's training dataset (docs/native-training-data.md): every sample is run
      through the engine on the virtual clock with an oracle that knows its ground truth; each micro-turn's model
      inputs (as the native runtime packs them) and ideal labels go to DIR/samples/*, listed in DIR/manifest.json.
      Generated mode (default): N samples per task (default ${DEFAULT_SAMPLES_PER_TASK}) of the Full-Duplex-Bench generator from seeds
      S… (default ${TRAINING_SEED_BASE}; seeds of any benchmark are refused), without the benchmark's held-out voices,
      generated into DIR/audio (reused when already there). Tasks: ${FD_GENERATED_TASKS.join(', ')}.
      --fd-data FOLDER: label sample folders in Full-Duplex-Bench's layout instead (input.wav plus pause.json,
      turn_taking.json, interrupt.json, metadata.json or backchannel_gt.json; speech from user_speech.json or Silero VAD).
      --timed: timed-request scenarios of the timespeak generator instead (N samples, default ${DEFAULT_TIMED_SAMPLES}, seeds from
      ${TIMED_SEED_BASE}), labelled with the harness's own actions as the teacher (interject for its timer announcements).
`;


export async function trainDataCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { out: { type: 'string' }, size: { type: 'string' }, 'seed-base': { type: 'string' }, tasks: { type: 'string' }, 'fd-data': { type: 'string' }, timed: { type: 'boolean', default: false } },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new TandemError('USAGE', (error as Error).message, 'tandem train-data', 'Run `tandem --help` for the options.');
  }
  const { values } = parsed;
  if (!values.out) throw new TandemError('USAGE', 'Missing --out DIR', 'tandem train-data', 'Say where to write the dataset: --out DIR');
  const whole = (text: string | undefined, flag: string): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text.replace(/_/g, ''))) throw new TandemError('USAGE', `${flag} must be a whole number, got "${text}"`, flag, `E.g. ${flag} ${flag === '--size' ? '150' : TRAINING_SEED_BASE}.`);
    return Number(text.replace(/_/g, ''));
  };
  let tasks: FdGeneratedTask[] | undefined;
  if (values.tasks !== undefined) {
    tasks = values.tasks.split(',').map((t) => t.trim()).filter((t) => t !== '') as FdGeneratedTask[];
    const unknown = tasks.find((t) => !(FD_GENERATED_TASKS as readonly string[]).includes(t));
    if (unknown !== undefined || tasks.length === 0) throw new TandemError('USAGE', `Unknown task "${unknown ?? ''}"`, '--tasks', `Use comma-separated tasks of: ${FD_GENERATED_TASKS.join(', ')}.`);
  }
  if (values['fd-data'] !== undefined && (values.size !== undefined || values['seed-base'] !== undefined || tasks)) {
    throw new TandemError('USAGE', '--size, --seed-base and --tasks apply to generated data, not to --fd-data', 'tandem train-data', 'Leave them out with --fd-data FOLDER (every sample folder in it is labelled).');
  }
  const size = whole(values.size, '--size');
  if (size !== undefined && size < 1) throw new TandemError('USAGE', '--size must be at least 1', '--size', 'E.g. --size 150.');
  if (values.timed) {
    if (values['fd-data'] !== undefined || tasks) throw new TandemError('USAGE', '--timed takes neither --fd-data nor --tasks', 'tandem train-data', 'Use --timed with --out, --size and --seed-base only.');
    const summary = await exportTimedData({ outDir: values.out, samples: size ?? DEFAULT_TIMED_SAMPLES, seedBase: whole(values['seed-base'], '--seed-base'), log: (line) => process.stderr.write(`${line}\n`) });
    for (const line of describeExport(summary)) process.stdout.write(`${line}\n`);
    return 0;
  }
  const summary = await exportTrainingData({
    outDir: values.out,
    samplesPerTask: size,
    seedBase: whole(values['seed-base'], '--seed-base'),
    tasks,
    fdDataDir: values['fd-data'],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const line of describeExport(summary)) process.stdout.write(`${line}\n`);
  return 0;
}
