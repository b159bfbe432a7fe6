// Builds the ChatProvider a provider's settings describe (common/ipc.ts BackgroundProviderSettings).

import type { BackgroundProviderSettings } from '../../common/ipc';
import type { ChatProvider } from './chatProvider';
import { LlamaGgufProvider } from './llamaProvider';
import { OpenAiCompatibleProvider } from './openaiProvider';

export function createChatProvider(settings: BackgroundProviderSettings): ChatProvider {
  if (settings.kind === 'openai') {
    return new OpenAiCompatibleProvider({
      baseURL: settings.baseURL,
      apiKey: settings.apiKey,
      model: settings.model,
      timeoutMs: settings.timeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
    });
  }
  return new LlamaGgufProvider({ modelPath: settings.modelPath, contextSize: settings.contextSize, maxTokens: settings.maxTokens, gpu: settings.gpu, threads: settings.threads, timeoutMs: settings.timeoutMs });
}
