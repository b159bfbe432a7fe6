// Loads a run's inputs — a *.scenario.json file or a Full-Duplex-Bench sample folder — into one ready-to-play shape.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { TandemError, isTandemError } from '../../../common/errors';
import { MICRO_TURN_MS, SAMPLE_RATE_HZ, type TypedText } from '../../../common/microturn';
import { openFrameSource, type FrameSource } from '../media/frames';
import { readWavMono16k } from '../media/wav';
import { ScenarioSchema, describeScenarioIssues, type ScenarioExpectations, type ScenarioFile, type VisualInput } from './schema';

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;

/** A span of media time, [fromMs, toMs). */
export interface TimeSpan {
  fromMs: number;
  toMs: number;
}

/** One file a run read, so a replay can check it is reading the same bytes. */
export interface InputFileRecord {
  /** The scenario field it came from (`mic[0].file`, `camera.frames`, `scenario`, `input.wav`). */
  field: string;
  /** Absolute path (for PNG sequences: the folder or pattern). */
  path: string;
  /**
   * SHA-256 of the file's bytes. For a PNG sequence: SHA-256 of its manifest, one line
   * `<file name>\t<sha256 of the file>\n` per frame in frame order.
   */
  sha256: string;
  bytes: number;
  /** How many files the record covers (more than 1 only for PNG sequences). */
  fileCount: number;
}

export interface LoadedScenario {
  kind: 'scenario' | 'full-duplex-bench';
  name: string;
  description?: string;
  /** Absolute path of the scenario file or of the Full-Duplex-Bench sample folder. */
  sourcePath: string;
  /**
   * Length of the run. Scenarios: a whole number of micro-turns (multiple of 200 ms).
   * Full-Duplex-Bench samples: exactly the length of input.wav (exactSamples / 16), not rounded.
   */
  durationMs: number;
  /** Number of 16 kHz samples of the run; output.wav should have exactly this many. */
  exactSamples: number;
  /** The mic track on the run's timeline: 16 kHz mono, exactSamples long, silent in gaps. */
  micAudio: Float32Array;
  /** Spans where no microphone is connected (source lost): sorted, merged, within [0, durationMs). */
  micGaps: TimeSpan[];
  camera?: FrameSource;
  screen?: FrameSource;
  /** Typed text, sorted by time (stable for equal times). */
  text: TypedText[];
  expect?: ScenarioExpectations;
  /** Every input file with its checksum, the scenario file first. */
  inputs: InputFileRecord[];
  /** Closes the frame sources (and deletes their temp files). */
  close(): void;
}

export interface LoadOptions {
  /** Largest width of camera/screen frames converted from videos. Default 320. */
  maxFrameWidth?: number;
  /** ffmpeg executable for converting videos. Default `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** Where converted videos are kept while the scenario is open. Default the OS temp folder. */
  tempRoot?: string;
}

/** True when the mic is connected for the whole of [fromMs, toMs). */
export function micPresentDuring(micGaps: ReadonlyArray<TimeSpan>, fromMs: number, toMs: number): boolean {
  for (const gap of micGaps) {
    if (gap.fromMs < toMs && gap.toMs > fromMs) return false;
  }
  return true;
}

/** Dispatches on what was given: a folder with input.wav (Full-Duplex-Bench sample) or a *.json scenario. */
export async function loadInput(pathOrDir: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  const absolute = nodePath.resolve(pathOrDir);
  const forms = 'Give either a scenario file (*.scenario.json) or a Full-Duplex-Bench sample folder (a folder containing input.wav).';
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch (cause) {
    throw new TandemError('INPUT_NOT_FOUND', 'Input not found', absolute, forms, { cause });
  }
  if (stat.isDirectory()) {
    if (fs.existsSync(nodePath.join(absolute, 'input.wav'))) return loadFullDuplexSample(absolute);
    throw new TandemError('USAGE', 'The folder has no input.wav, so it is not a Full-Duplex-Bench sample', absolute, forms);
  }
  if (/\.json$/i.test(absolute)) return loadScenario(absolute, options);
  throw new TandemError('USAGE', `Cannot tell what kind of input "${nodePath.basename(absolute)}" is`, absolute, forms);
}

/**
 * A Full-Duplex-Bench sample folder: the mic is input.wav, the run lasts exactly as long as it.
 * clean_input.wav and the annotation JSON files are the benchmark's business and are ignored here.
 */
export async function loadFullDuplexSample(dir: string): Promise<LoadedScenario> {
  const folder = nodePath.resolve(dir);
  const inputWav = nodePath.join(folder, 'input.wav');
  if (!fs.existsSync(inputWav)) {
    throw new TandemError('INPUT_NOT_FOUND', 'The Full-Duplex-Bench sample folder has no input.wav', folder, 'Point to a sample folder (it contains input.wav and the annotation files).');
  }
  const wav = readWavMono16k(inputWav);
  const record = await fileRecord('input.wav', inputWav);
  return {
    kind: 'full-duplex-bench',
    name: nodePath.basename(folder),
    sourcePath: folder,
    durationMs: (wav.samples.length * 1000) / SAMPLE_RATE_HZ,
    exactSamples: wav.samples.length,
    micAudio: wav.samples,
    micGaps: [],
    text: [],
    inputs: [record],
    close: () => {},
  };
}

/** Reads, validates and loads a *.scenario.json file; every path in it is relative to the file. */
export async function loadScenario(path: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  const scenarioPath = nodePath.resolve(path);
  const baseDir = nodePath.dirname(scenarioPath);
  const scenario = parseScenarioFile(scenarioPath);
  const resolve = (relative: string): string => nodePath.resolve(baseDir, relative);

  // Every referenced path is checked before anything heavy is loaded, and all missing ones are reported together.
  const referenced: Array<{ field: string; path: string; isPattern: boolean }> = [];
  scenario.mic?.forEach((clip, i) => referenced.push({ field: `mic[${i}].file`, path: resolve(clip.file), isPattern: false }));
  for (const source of ['camera', 'screen'] as const) {
    const input = scenario[source];
    if (input?.file !== undefined) referenced.push({ field: `${source}.file`, path: resolve(input.file), isPattern: false });
    if (input?.frames !== undefined) referenced.push({ field: `${source}.frames`, path: resolve(input.frames), isPattern: /%0?\d*d/.test(nodePath.basename(input.frames)) });
  }
  const missing = referenced.filter((ref) => !fs.existsSync(ref.isPattern ? nodePath.dirname(ref.path) : ref.path));
  if (missing.length > 0) {
    throw new TandemError(
      'INPUT_NOT_FOUND',
      `Scenario refers to ${missing.length === 1 ? 'a file that does' : 'files that do'} not exist: ${missing.map((ref) => `${ref.field} → ${ref.path}`).join('; ')}`,
      scenarioPath,
      'Paths in a scenario are relative to the scenario file\'s folder; fix the path or add the file.',
    );
  }

  const opened: FrameSource[] = [];
  const closeAll = (): void => {
    for (const source of opened) source.close();
  };
  try {
    const clips = (scenario.mic ?? []).map((clip, i) => {
      const wav = withField(scenarioPath, `mic[${i}].file`, () => readWavMono16k(resolve(clip.file)));
      return { atMs: clip.atMs, samples: wav.samples, field: `mic[${i}].file`, path: resolve(clip.file) };
    });
    const visual: Partial<Record<'camera' | 'screen', FrameSource>> = {};
    for (const source of ['camera', 'screen'] as const) {
      const input = scenario[source];
      if (!input) continue;
      const field = input.file !== undefined ? `${source}.file` : `${source}.frames`;
      const frames = withField(scenarioPath, field, () => openVisual(input, resolve, options));
      opened.push(frames);
      visual[source] = frames;
    }

    const durationMs = scenarioDuration(scenario, clips, visual, scenarioPath);
    const exactSamples = Math.round(durationMs * SAMPLES_PER_MS);
    const micGaps = mergeSpans(scenario.micGaps ?? [], durationMs);
    const micAudio = mixClips(clips, exactSamples, micGaps);
    const text = (scenario.text ?? [])
      .map((event, order) => ({ event, order }))
      .sort((a, b) => a.event.atMs - b.event.atMs || a.order - b.order)
      .map(({ event }) => ({ atMs: event.atMs, text: event.text }));

    const inputs: InputFileRecord[] = [await fileRecord('scenario', scenarioPath)];
    for (const clip of clips) inputs.push(await fileRecord(clip.field, clip.path));
    for (const source of ['camera', 'screen'] as const) {
      const frames = visual[source];
      if (!frames) continue;
      const field = scenario[source]?.file !== undefined ? `${source}.file` : `${source}.frames`;
      inputs.push(frames.kind === 'png-sequence' ? await sequenceRecord(field, frames) : await fileRecord(field, frames.files[0]));
    }

    return {
      kind: 'scenario',
      name: scenario.name,
      description: scenario.description,
      sourcePath: scenarioPath,
      durationMs,
      exactSamples,
      micAudio,
      micGaps,
      camera: visual.camera,
      screen: visual.screen,
      text,
      expect: scenario.expect,
      inputs,
      close: closeAll,
    };
  } catch (error) {
    closeAll();
    throw error;
  }
}

function parseScenarioFile(scenarioPath: string): ScenarioFile {
  let source: string;
  try {
    source = fs.readFileSync(scenarioPath, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TandemError('INPUT_NOT_FOUND', 'Scenario file not found', scenarioPath, 'Check the path to the *.scenario.json file.', { cause });
    }
    throw new TandemError('SCENARIO_INVALID', `Scenario file could not be read: ${(cause as Error).message}`, scenarioPath, 'Check that the file is readable.', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (cause) {
    throw new TandemError('SCENARIO_INVALID', `Scenario file is not valid JSON: ${describeJsonError(cause as Error, source)}`, scenarioPath, 'Fix the JSON syntax (comments and trailing commas are not allowed).', { cause });
  }
  const parsed = ScenarioSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const lines = describeScenarioIssues(parsed.error.issues);
    throw new TandemError(
      'SCENARIO_INVALID',
      `Scenario is invalid: ${lines.join('; ')}`,
      scenarioPath,
      'Fix the field(s) named above. The format: { version: 1, name, description?, durationMs?, mic?: [{ file, atMs }], micGaps?: [{ fromMs, toMs }], camera?/screen?: { file | frames, fps?, atMs }, text?: [{ atMs, text }], expect?: { actions?, minTurns? } }.',
    );
  }
  return parsed.data;
}

/** Adds line and column to JSON.parse's message, which only gives a character position. */
function describeJsonError(error: Error, source: string): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const offset = Number(position[1]);
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${error.message} (line ${line}, column ${column})`;
}

/** Re-throws a media error so that it also names the scenario field that pointed at the file. */
function withField<T>(scenarioPath: string, field: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!isTandemError(error)) throw error;
    const suffix = `. ${error.hint}`;
    const what = error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
    throw new TandemError(error.code, `${field}: ${what}`, scenarioPath, error.hint, { cause: error });
  }
}

function openVisual(input: VisualInput, resolve: (relative: string) => string, options: LoadOptions): FrameSource {
  const target = resolve((input.file ?? input.frames) as string);
  return openFrameSource(target, {
    startMs: input.atMs,
    fps: input.fps,
    maxWidth: options.maxFrameWidth,
    ffmpegPath: options.ffmpegPath,
    tempRoot: options.tempRoot,
  });
}

function roundUpToTurn(ms: number): number {
  return Math.ceil(ms / MICRO_TURN_MS - 1e-9) * MICRO_TURN_MS;
}

/**
 * The explicit durationMs, or the end of the last input, rounded up to a whole micro-turn.
 * With an explicit duration, anything that would start after the end is an error rather than
 * being silently dropped.
 */
function scenarioDuration(
  scenario: ScenarioFile,
  clips: ReadonlyArray<{ atMs: number; samples: Float32Array }>,
  visual: Partial<Record<'camera' | 'screen', FrameSource>>,
  scenarioPath: string,
): number {
  if (scenario.durationMs === undefined) {
    let endMs = 0;
    for (const clip of clips) endMs = Math.max(endMs, clip.atMs + clip.samples.length / SAMPLES_PER_MS);
    for (const frames of Object.values(visual)) endMs = Math.max(endMs, frames.startMs + frames.durationMs);
    // A text event at t is delivered in the micro-turn that contains t, so the run must go past t.
    for (const event of scenario.text ?? []) endMs = Math.max(endMs, event.atMs + 1);
    if (endMs === 0) {
      throw new TandemError('SCENARIO_INVALID', 'Scenario has no inputs and no durationMs, so it has no length', scenarioPath, 'Add "durationMs" or at least one of mic, camera, screen, text.');
    }
    return checkExpectations(scenario, roundUpToTurn(endMs), scenarioPath);
  }
  const durationMs = roundUpToTurn(scenario.durationMs);
  const late: string[] = [];
  const after = (field: string, atMs: number): void => {
    if (atMs >= durationMs) late.push(`${field} = ${atMs}`);
  };
  scenario.mic?.forEach((clip, i) => after(`mic[${i}].atMs`, clip.atMs));
  scenario.micGaps?.forEach((gap, i) => after(`micGaps[${i}].fromMs`, gap.fromMs));
  if (scenario.camera) after('camera.atMs', scenario.camera.atMs);
  if (scenario.screen) after('screen.atMs', scenario.screen.atMs);
  scenario.text?.forEach((event, i) => after(`text[${i}].atMs`, event.atMs));
  if (late.length > 0) {
    throw new TandemError(
      'SCENARIO_INVALID',
      `Scenario is invalid: ${late.join(', ')} ${late.length === 1 ? 'starts' : 'start'} at or after the end of the run (durationMs ${durationMs})`,
      scenarioPath,
      'Increase "durationMs", remove it to use the end of the last input, or move the input earlier.',
    );
  }
  return checkExpectations(scenario, durationMs, scenarioPath);
}

function checkExpectations(scenario: ScenarioFile, durationMs: number, scenarioPath: string): number {
  const problems: string[] = [];
  scenario.expect?.actions?.forEach((expected, i) => {
    if (expected.fromMs >= durationMs) problems.push(`expect.actions[${i}].fromMs: ${expected.fromMs} is at or after the end of the run (${durationMs} ms)`);
  });
  const turns = durationMs / MICRO_TURN_MS;
  const minTurns = scenario.expect?.minTurns;
  if (minTurns !== undefined && minTurns > turns) {
    problems.push(`expect.minTurns: ${minTurns} micro-turns cannot happen in ${durationMs} ms (${turns} micro-turns)`);
  }
  if (problems.length > 0) {
    throw new TandemError('SCENARIO_INVALID', `Scenario is invalid: ${problems.join('; ')}`, scenarioPath, 'Make the expectations fit inside the run, or lengthen it with "durationMs".');
  }
  return durationMs;
}

/** Sorted, overlapping or touching spans merged, clipped to [0, durationMs). */
function mergeSpans(spans: ReadonlyArray<TimeSpan>, durationMs: number): TimeSpan[] {
  const sorted = spans
    .map((span) => ({ fromMs: Math.max(0, span.fromMs), toMs: Math.min(durationMs, span.toMs) }))
    .filter((span) => span.toMs > span.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs);
  const merged: TimeSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, span.toMs);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Places every clip at its atMs and sums overlapping clips (what two sources in one room sound
 * like), clamped to [-1, 1]; clips are cut at the end of the run; gaps (no mic) are silent.
 */
function mixClips(clips: ReadonlyArray<{ atMs: number; samples: Float32Array }>, length: number, gaps: ReadonlyArray<TimeSpan>): Float32Array {
  const track = new Float32Array(length);
  for (const clip of clips) {
    const start = Math.round(clip.atMs * SAMPLES_PER_MS);
    const count = Math.min(clip.samples.length, length - start);
    for (let i = 0; i < count; i++) track[start + i] += clip.samples[i];
  }
  for (let i = 0; i < length; i++) {
    if (track[i] > 1) track[i] = 1;
    else if (track[i] < -1) track[i] = -1;
  }
  for (const gap of gaps) {
    track.fill(0, Math.round(gap.fromMs * SAMPLES_PER_MS), Math.min(length, Math.round(gap.toMs * SAMPLES_PER_MS)));
  }
  return track;
}

async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function fileRecord(field: string, path: string): Promise<InputFileRecord> {
  const { sha256, bytes } = await sha256OfFile(path);
  return { field, path, sha256, bytes, fileCount: 1 };
}

async function sequenceRecord(field: string, frames: FrameSource): Promise<InputFileRecord> {
  const manifest = createHash('sha256');
  let bytes = 0;
  for (const file of frames.files) {
    const one = await sha256OfFile(file);
    manifest.update(`${nodePath.basename(file)}\t${one.sha256}\n`);
    bytes += one.bytes;
  }
  return { field, path: frames.path, sha256: manifest.digest('hex'), bytes, fileCount: frames.files.length };
}
