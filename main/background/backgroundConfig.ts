// Background settings from a file (tandem run --background FILE, the app's settings.json section) and the runner they describe.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BackgroundRunner } from '../../common/background';
import { TandemError } from '../../common/errors';
import { BackgroundSettingsSchema, type BackgroundSettings } from '../../common/ipc';
import { ProviderBackgroundRunner } from './backgroundRunner';
import type { ChatProvider } from './chatProvider';
import { createChatProvider } from './providerFactory';
import type { ToolHost } from './toolHost';
import { WorkerChatProvider } from './workerChatProvider';

/** Reads and validates a background settings file (the `background` section of settings.json, on its own). */
export function loadBackgroundSettingsFile(path: string): BackgroundSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TandemError('CONFIG_INVALID', `Cannot read the background settings as JSON: ${(error as Error).message}`, path, 'Check that the file exists and is valid JSON (see docs/background.md for an example).', { cause: error });
  }
  const parsed = BackgroundSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TandemError('CONFIG_INVALID', `Invalid background settings: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`, path, 'Fix the field named; docs/background.md lists every field.');
  }
  return parsed.data;
}

export interface CreateRunnerOptions {
  tools?: ToolHost;
  /** true (the app, serve mode, the CLI): the provider runs in a worker thread. false: in this thread (tests of the provider itself). */
  inWorker?: boolean;
  workerPath?: string;
}

/** The runner of the active provider, or null when none is active (the assistant then says it has no language model). */
export async function createBackgroundRunner(settings: BackgroundSettings, options: CreateRunnerOptions = {}): Promise<BackgroundRunner | null> {
  if (settings.active === null) return null;
  const active = settings.providers.find((provider) => provider.id === settings.active);
  if (!active) return null; // the schema refuses this; a hand-built value may not
  let provider: ChatProvider;
  try {
    provider = options.inWorker === false ? createChatProvider(active) : await WorkerChatProvider.start(active, options.workerPath);
  } catch (error) {
    throw new TandemError('CONFIG_INVALID', `Cannot start the background model "${active.id}": ${(error as Error).message}`, `background provider ${active.id}`, 'Check the provider in the background settings; without it the assistant says it has no language model.', { cause: error });
  }
  return new ProviderBackgroundRunner(provider, {
    tools: options.tools,
    budget: { entryChars: settings.contextChars, summaryChars: Math.max(500, Math.round(settings.contextChars / 6)) },
  });
}
