// Loads an interaction model by the name used on the command line (`--im harness`).

import { TandemError } from '../../common/errors';
import type { InteractionModel } from '../../common/interaction';
import { defaultProviderOrder, type ExecutionProvider } from './ort/executionProviders';
import { loadHarnessConfig, parseHarnessConfig, type HarnessConfigInput } from './harness/config';
import { HarnessModel } from './harness/harness';
import { NativeModel } from './native/nativeModel';

export interface LoadInteractionModelOptions {
  /** A config file (harness: its JSON config; native: its native.json manifest); default: the one shipped in resources/models/. */
  configPath?: string;
  /** A config object instead of a file (partial: missing fields get their defaults). Wins over configPath. */
  config?: HarnessConfigInput;
  /** Override of the VAD model file (wins over the config). */
  vadModelPath?: string;
  /**
   * The user's execution-provider preference (the app's settings). Absent: the config decides (the CLI's
   * default, CPU, so runs are reproducible). `auto`: the platform's fastest first, CPU last. A named provider
   * is tried first with CPU as the fallback, so a missing GPU never stops a session.
   */
  executionProvider?: 'auto' | ExecutionProvider;
}

/** The provider list a preference stands for; undefined keeps the model config's own list. */
export function providersForPreference(preference: LoadInteractionModelOptions['executionProvider'], platform: NodeJS.Platform = process.platform): ExecutionProvider[] | undefined {
  if (preference === undefined) return undefined;
  if (preference === 'auto') return defaultProviderOrder(platform);
  return preference === 'cpu' ? ['cpu'] : [preference, 'cpu'];
}

type Loader = (options: LoadInteractionModelOptions) => Promise<InteractionModel>;

const LOADERS: Record<string, Loader> = {
  harness: async (options) => {
    const loaded = options.config ?? (await loadHarnessConfig(options.configPath));
    const providers = providersForPreference(options.executionProvider);
    const config = providers ? { ...loaded, vad: { ...loaded.vad, providers } } : loaded;
    return HarnessModel.load(config, {
      vadModelPath: options.vadModelPath,
      configSource: options.config ? 'config option' : (options.configPath ?? 'resources/models/harness.config.json'),
    });
  },
  // The native model's file is its manifest (native.json, which names the ONNX graph); what it says comes from the
  // shipped harness config (or `config`), so both models say the same things and only the timing differs.
  native: async (options) => {
    const texts = options.config ? parseHarnessConfig(options.config, 'config option') : await loadHarnessConfig();
    return NativeModel.load(texts, { manifestPath: options.configPath, providers: providersForPreference(options.executionProvider) });
  },
};

/** Names `loadInteractionModel` knows. */
export const INTERACTION_MODEL_NAMES: readonly string[] = Object.keys(LOADERS);

export async function loadInteractionModel(name: string, options: LoadInteractionModelOptions = {}): Promise<InteractionModel> {
  const loader = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (!loader) {
    throw new TandemError('USAGE', `Unknown interaction model "${name}"`, '--im', `Use one of: ${INTERACTION_MODEL_NAMES.join(', ')}.`);
  }
  return loader(options);
}
