// The local GGUF provider: node-llama-cpp's LlamaChat with streamed text and function calling; nothing leaves the machine.

import { existsSync } from 'node:fs';
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { ProviderError, type ChatChunk, type ChatMessage, type ChatProvider, type ChatRequest } from './chatProvider';

export interface GgufProviderConfig {
  modelPath: string;
  contextSize: number;
  maxTokens: number;
  gpu: 'auto' | 'cpu';
  /** 0: node-llama-cpp's default. */
  threads: number;
  timeoutMs: number;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
}

export class LlamaGgufProvider implements ChatProvider {
  readonly description: string;
  readonly local = true;
  private loading: Promise<Loaded> | null = null;
  /** One context sequence: turns of concurrent tasks take turns on it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: GgufProviderConfig) {
    this.description = `local GGUF model ${config.modelPath} (node-llama-cpp)`;
  }

  /** Loads the model once (the first turn pays for it); a failure is reported to every later turn too. */
  load(): Promise<Loaded> {
    this.loading ??= (async () => {
      if (!existsSync(this.config.modelPath)) {
        throw new ProviderError('provider_error', `The GGUF model file ${this.config.modelPath} does not exist; download it from the model catalog or fix modelPath in the background settings.`);
      }
      try {
        const { getLlama, LlamaChat } = await import('node-llama-cpp');
        const llama = await getLlama({ gpu: this.config.gpu === 'cpu' ? false : 'auto', build: 'never' });
        const model = await llama.loadModel({ modelPath: this.config.modelPath });
        const context = await model.createContext({ contextSize: this.config.contextSize, ...(this.config.threads > 0 ? { threads: this.config.threads } : {}) });
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        return { llama, model, context, chat };
      } catch (error) {
        throw new ProviderError('provider_error', `node-llama-cpp could not load ${this.config.modelPath}: ${(error as Error)?.message ?? String(error)}. Check that it is a GGUF file for llama.cpp.`, { cause: error });
      }
    })();
    return this.loading;
  }

  async *streamTurn(request: ChatRequest): AsyncIterable<ChatChunk> {
    const queue: ChatChunk[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal.reason);
    if (request.signal.aborted) onAbort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort('timeout');
    }, this.config.timeoutMs);

    const run = this.queue.then(async () => {
      const { chat } = await this.load();
      if (controller.signal.aborted) throw new ProviderError('cancelled', 'cancelled');
      const functions: ChatModelFunctions = Object.fromEntries(request.tools.map((tool) => [tool.name, { description: tool.description, params: tool.parameters as never }]));
      const result = await chat.generateResponse(historyOf(request.messages), {
        ...(request.tools.length > 0 ? { functions } : {}),
        maxTokens: this.config.maxTokens,
        signal: controller.signal,
        onTextChunk: (text: string) => {
          queue.push({ type: 'text', delta: text });
          notify();
        },
      });
      (result.functionCalls ?? []).forEach((call, index) => {
        queue.push({ type: 'tool_call', call: { callId: `call_${index}`, name: call.functionName, argumentsJson: JSON.stringify(call.params ?? {}) } });
      });
    });
    this.queue = run.catch(() => undefined);
    run.then(
      () => {
        finished = true;
        notify();
      },
      (error: unknown) => {
        failure = error;
        finished = true;
        notify();
      },
    );
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure) throw failure;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      if (timedOut) throw new ProviderError('timeout', `${this.description} did not finish within ${this.config.timeoutMs} ms; use a smaller model or raise timeoutMs.`, { cause: error });
      if (controller.signal.aborted) throw new ProviderError('cancelled', String(request.signal.reason ?? 'cancelled'), { cause: error });
      throw new ProviderError('provider_error', `${this.description} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    const loaded = await this.loading?.catch(() => null);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }
}

/** Chat messages as node-llama-cpp's history: a tool call and its result become one functionCall item of the model's response. */
export function historyOf(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (message.role === 'system' || message.role === 'user') {
      history.push({ type: message.role, text: message.content });
    } else if (message.role === 'assistant') {
      const response: Array<string | ChatModelFunctionCall> = message.content ? [message.content] : [];
      for (const call of message.toolCalls ?? []) {
        const result = messages.slice(i + 1).find((m) => m.role === 'tool' && m.toolCallId === call.callId);
        let params: unknown = {};
        try {
          params = JSON.parse(call.argumentsJson || '{}');
        } catch {
          params = call.argumentsJson;
        }
        response.push({ type: 'functionCall', name: call.name, params, result: result?.role === 'tool' ? result.content : '' });
      }
      history.push({ type: 'model', response });
    }
    // tool messages were folded into the model response above
  }
  // LlamaChat generates the model's next response after the history: it must end with an open model turn.
  history.push({ type: 'model', response: [] });
  return history;
}
