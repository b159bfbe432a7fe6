// Creates one onnxruntime session per model, on the best execution provider that works here, and says why.

import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { TandemError } from '../../../common/errors';
import { defaultProviderOrder, type ExecutionProvider } from './executionProviders';

export { defaultProviderOrder, EXECUTION_PROVIDERS, type ExecutionProvider } from './executionProviders';

export interface OrtSessionOptions {
  /** Providers to try, in order. Default: cuda → dml → coreml → cpu, keeping those the platform can have. */
  providers?: readonly ExecutionProvider[];
  /** Threads one operator may use. Always set: onnxruntime's default (all cores) fights the micro-turn loop. */
  intraOpThreads: number;
  /** Threads for running independent operators side by side (only used in parallel mode; set anyway). */
  interOpThreads: number;
  /**
   * Runs once on the new session before it is handed out (first runs allocate and may compile).
   * A provider whose warmup throws counts as failed, so a provider that loads but cannot run falls back too.
   */
  warmup?: (session: ort.InferenceSession) => Promise<void>;
  /** How to get the file when it is missing, e.g. "run `npm ci`; the file ships in @ricky0123/vad-web". */
  howToGet?: string;
  /** Platform whose default provider order applies (for tests and reports); default: this process's. */
  platform?: NodeJS.Platform;
}

export interface ProviderAttempt {
  name: ExecutionProvider;
  ok: boolean;
  /** Why the provider could not be used (onnxruntime's message). */
  error?: string;
}

export interface OrtSessionHandle {
  session: ort.InferenceSession;
  /** The provider the session runs on. */
  provider: ExecutionProvider;
  /** Every provider tried, in order, with the reason each failed one failed. */
  providersTried: ProviderAttempt[];
  /** Time to create the session on the chosen provider. */
  loadMs: number;
  /** Time the warmup took (0 without one). */
  warmupMs: number;
}

const DEFAULT_HOW_TO_GET = 'Check the path, or download the model again with `tandem models`.';

/** Loads `modelPath` on the first provider in the preference list that loads (and warms up) successfully. */
export async function createOrtSession(modelPath: string, options: OrtSessionOptions): Promise<OrtSessionHandle> {
  checkThreadCount(options.intraOpThreads, 'intraOpThreads');
  checkThreadCount(options.interOpThreads, 'interOpThreads');
  const providers = options.providers ?? defaultProviderOrder(options.platform);
  if (providers.length === 0) {
    throw new TandemError('USAGE', 'No execution provider to try', 'providers', 'Pass at least one provider, e.g. ["cpu"].');
  }
  await checkModelFile(modelPath, options.howToGet ?? DEFAULT_HOW_TO_GET);

  const providersTried: ProviderAttempt[] = [];
  for (const provider of providers) {
    const missing = provider === 'cuda' ? missingCudaProvider() : null;
    if (missing) {
      // Asking onnxruntime anyway only prints a native error to stderr before failing the same way.
      providersTried.push({ name: provider, ok: false, error: missing });
      continue;
    }
    const loadStart = performance.now();
    let session: ort.InferenceSession | undefined;
    try {
      session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: options.intraOpThreads,
        interOpNumThreads: options.interOpThreads,
        // Sequential: the interaction model's graphs are small chains; parallel mode only adds thread hops.
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      const loadMs = performance.now() - loadStart;
      const warmupStart = performance.now();
      if (options.warmup) await options.warmup(session);
      const warmupMs = options.warmup ? performance.now() - warmupStart : 0;
      providersTried.push({ name: provider, ok: true });
      return { session, provider, providersTried, loadMs, warmupMs };
    } catch (error) {
      if (session) await session.release().catch(() => undefined);
      providersTried.push({ name: provider, ok: false, error: messageOf(error) });
    }
  }

  const report = providersTried.map((attempt) => `${attempt.name}: ${attempt.error}`).join('; ');
  // The CPU provider is always present, so failing there means the file itself cannot be loaded.
  const hint = providersTried.some((attempt) => attempt.name === 'cpu')
    ? `The file is corrupt or not an ONNX model onnxruntime ${ort.env.versions.common} can run (${report}). Replace it: ${options.howToGet ?? DEFAULT_HOW_TO_GET}`
    : `No requested provider could load it (${report}). Add "cpu" to the providers, or fix the provider's installation.`;
  throw new TandemError('MODEL_INVALID', 'Could not load the model', modelPath, hint);
}

/**
 * onnxruntime-node loads CUDA from a provider library installed beside its binding (its install script fetches
 * it; with ONNXRUNTIME_NODE_INSTALL=skip there is none). Null when the library is there, else why CUDA cannot run.
 */
function missingCudaProvider(): string | null {
  let bindingDir: string;
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    bindingDir = join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null; // an unusual layout (a bundle): let onnxruntime itself decide
  }
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return existsSync(join(bindingDir, library))
    ? null
    : `onnxruntime-node was installed without its CUDA provider (${library} is not in ${bindingDir}); reinstall it without ONNXRUNTIME_NODE_INSTALL=skip on a machine with CUDA 12 to use the GPU`;
}

async function checkModelFile(modelPath: string, howToGet: string): Promise<void> {
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) {
      throw new TandemError('MODEL_INVALID', 'The model path is not a file', modelPath, `Point it at an .onnx file. ${howToGet}`);
    }
  } catch (error) {
    if (error instanceof TandemError) throw error;
    throw new TandemError('MODEL_MISSING', 'The model file does not exist', modelPath, howToGet, { cause: error });
  }
}

function checkThreadCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new TandemError('USAGE', `${name} must be a whole number ≥ 1, got ${value}`, name, 'Set the thread count explicitly (1 suits small streaming models).');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
