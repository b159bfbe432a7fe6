// Loads an interaction model by the name used on the command line (`--im harness`).

import { TandemError } from '../../common/errors';
import type { InteractionModel } from '../../common/interaction';
import { loadHarnessConfig, type HarnessConfigInput } from './harness/config';
import { HarnessModel } from './harness/harness';

export interface LoadInteractionModelOptions {
  /** A config file; default: the one shipped in resources/models/. */
  configPath?: string;
  /** A config object instead of a file (partial: missing fields get their defaults). Wins over configPath. */
  config?: HarnessConfigInput;
  /** Override of the VAD model file (wins over the config). */
  vadModelPath?: string;
}

type Loader = (options: LoadInteractionModelOptions) => Promise<InteractionModel>;

const LOADERS: Record<string, Loader> = {
  harness: async (options) => {
    const config = options.config ?? (await loadHarnessConfig(options.configPath));
    return HarnessModel.load(config, {
      vadModelPath: options.vadModelPath,
      configSource: options.config ? 'config option' : (options.configPath ?? 'resources/models/harness.config.json'),
    });
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
