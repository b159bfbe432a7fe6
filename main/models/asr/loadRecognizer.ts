// Picks the speech recognizer for a session: a catalog model by name, none, or the catalog's default ASR when it is installed.

import { TandemError } from '../../../common/errors';
import type { SpeechRecognizer } from '../../../common/speechRecognition';
import { defaultCatalogPath, loadCatalog } from '../catalog/catalogSchema';
import { ModelStore } from '../catalog/modelStore';
import { isModelStoreError } from '../catalog/modelStoreErrors';
import type { ExecutionProvider } from '../ort/sessionFactory';
import { MOONSHINE_FILES, MoonshineRecognizer, type MoonshineLoadOptions } from './moonshineRecognizer';
import { findAsrWorkerScript, WorkerSpeechRecognizer } from './workerRecognizer';

/** `--asr none`: no recognition. */
export const NO_ASR = 'none';

export interface RecognizerChoice {
  recognizer: SpeechRecognizer | null;
  /** The name recorded in session_started (replay loads the same one): a catalog name or "none". */
  name: string;
  /** One line for session_started and the CLI: what runs, or why nothing does and what to do. */
  description: string;
}

export interface ChooseRecognizerOptions {
  /** Default: the catalog TANDEM_CATALOG names (or the bundled one) and the models folder TANDEM_MODELS_DIR names (or the user data folder). */
  store?: ModelStore;
  providers?: readonly ExecutionProvider[];
  intraOpThreads?: number;
  /**
   * The built worker script that decodes off the session's thread. Default: out/main/asrWorker.js next to
   * the running bundle. null (or none found, as when running from the TypeScript sources): decode in-process.
   */
  workerScript?: string | null;
}

/**
 * `choice` undefined: the catalog's default ASR if it is installed, none otherwise (said in the description).
 * A name: that model, and an actionable error (naming `tandem models pull`) when it cannot be loaded.
 */
export async function chooseRecognizer(choice: string | undefined, options: ChooseRecognizerOptions = {}): Promise<RecognizerChoice> {
  if (choice === NO_ASR) return { recognizer: null, name: NO_ASR, description: 'none (--asr none)' };
  const store = options.store ?? new ModelStore({ catalog: loadCatalog(defaultCatalogPath()) });
  if (choice === undefined) {
    const model = store.defaultFor('asr');
    if (!model) return { recognizer: null, name: NO_ASR, description: 'none (the model catalog has no default ASR model)' };
    try {
      return await loadNamed(store, model.name, options);
    } catch (error) {
      if (isModelStoreError(error, 'NOT_INSTALLED')) {
        return { recognizer: null, name: NO_ASR, description: `none (not installed: run \`tandem models pull ${model.name}\`)` };
      }
      throw error;
    }
  }
  return loadNamed(store, choice, options);
}

async function loadNamed(store: ModelStore, name: string, options: ChooseRecognizerOptions): Promise<RecognizerChoice> {
  // An unknown name fails here with the catalog's names listed.
  const model = store.model(name);
  if (model.role !== 'asr') {
    throw new TandemError('USAGE', `"${name}" is a ${model.role} model, not a speech recognizer`, '--asr', `Name an asr model of \`tandem models list\`, or ${NO_ASR}.`);
  }
  const resolved = await store.resolve(name);
  for (const path of Object.values(MOONSHINE_FILES)) {
    if (!resolved.files[path]) {
      throw new TandemError('MODEL_INVALID', `Catalog entry "${name}" has no file ${path}`, 'resources/catalog.json', `A Moonshine model needs ${Object.values(MOONSHINE_FILES).join(', ')}.`);
    }
  }
  const loadOptions: MoonshineLoadOptions = {
    name,
    files: resolved.files as MoonshineLoadOptions['files'],
    ...(options.providers ? { providers: [...options.providers] } : {}),
    ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
  };
  // onnxruntime-node runs inference synchronously on the calling thread: in-process decoding would hold real-time ticks.
  const workerScript = options.workerScript === undefined ? findAsrWorkerScript() : options.workerScript;
  const recognizer = workerScript ? await WorkerSpeechRecognizer.start(workerScript, loadOptions) : await MoonshineRecognizer.load(loadOptions);
  return { recognizer, name, description: `${name} (${recognizer.runtime})` };
}
