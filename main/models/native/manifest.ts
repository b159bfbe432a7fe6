// Reads native.json, the manifest training/ writes next to the native model's ONNX graph: dimensions of its streaming state and the thresholds it acts on.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { resourcePath } from '../resources';
import { NATIVE_CONTRACT_VERSION, TOKENS_PER_STEP } from './contract';

const probability = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

const ManifestSchema = z.looseObject({
  contractVersion: z.number().int(),
  name: z.string().min(1),
  onnx: z.string().min(1),
  vocab: z.string().min(1),
  dims: z.looseObject({
    layers: positiveInt,
    heads: positiveInt,
    headDim: positiveInt,
    /** Tokens the sliding-window cache holds (a multiple of TOKENS_PER_STEP). */
    window: positiveInt,
  }),
  params: positiveInt.optional(),
  /** The runtime acts on an action when its probability reaches its threshold (tuned on validation data by training/). */
  thresholds: z.looseObject({
    speak: probability,
    yield: probability,
    backchannel: probability,
    interject: probability.optional(),
  }),
});

export type NativeManifest = z.output<typeof ManifestSchema> & { dir: string; onnxPath: string; vocabPath: string };

/** The manifest shipped with the app. */
export function defaultNativeManifestPath(): string {
  return resourcePath('models', 'native', 'native.json');
}

/** Reads and checks a manifest; the ONNX and vocabulary paths in it are relative to its folder. */
export function loadNativeManifest(path = defaultNativeManifestPath()): NativeManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TandemError(
      missing ? 'MODEL_MISSING' : 'MODEL_INVALID',
      missing ? 'The native interaction model is not installed' : `Cannot read the native model manifest: ${(error as Error).message}`,
      path,
      missing ? 'Reinstall Tandem (the model ships in resources/models/native/), train one with `npm run train`, or use --im harness.' : 'Reinstall the model files or train the model again with `npm run train`.',
      { cause: error },
    );
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('MODEL_INVALID', `Native model manifest field ${issue.path.join('.') || '(root)'}: ${issue.message}`, path, 'Use a native.json written by training/ (npm run train).');
  }
  const manifest = parsed.data;
  if (manifest.contractVersion !== NATIVE_CONTRACT_VERSION) {
    throw new TandemError(
      'MODEL_INVALID',
      `The native model was trained for input contract ${manifest.contractVersion}, this Tandem feeds contract ${NATIVE_CONTRACT_VERSION}`,
      path,
      'Use the model shipped with this version, or train it again with `npm run train`.',
    );
  }
  if (manifest.dims.window % TOKENS_PER_STEP !== 0) {
    throw new TandemError('MODEL_INVALID', `Native model window ${manifest.dims.window} is not a multiple of ${TOKENS_PER_STEP} tokens per micro-turn`, `${path}: dims.window`, 'Use a native.json written by training/.');
  }
  const dir = dirname(resolve(path));
  const inDir = (file: string) => (isAbsolute(file) ? file : resolve(dir, file));
  return { ...manifest, dir, onnxPath: inDir(manifest.onnx), vocabPath: inDir(manifest.vocab) };
}
