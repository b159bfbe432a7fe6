// The OpenAI-compatible provider (Ollama, LM Studio, vLLM, OpenAI): streamed chat completions with tool calls, through the `openai` SDK.

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { isLoopbackUrl } from '../../common/background';
import { ProviderError, type ChatChunk, type ChatProvider, type ChatRequest } from './chatProvider';

export { isLoopbackUrl };

export interface OpenAiProviderConfig {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio), https://api.openai.com/v1. */
  baseURL: string;
  /** Local servers ignore it; the SDK needs a non-empty string. */
  apiKey?: string;
  model: string;
  /** The whole turn must end within this. */
  timeoutMs: number;
  /** No byte for this long (waiting for the first token included) counts as a stalled server. */
  idleTimeoutMs: number;
  maxTokens?: number;
  temperature?: number;
}

export class OpenAiCompatibleProvider implements ChatProvider {
  readonly description: string;
  readonly local: boolean;
  private readonly client: OpenAI;

  constructor(private readonly config: OpenAiProviderConfig) {
    this.description = `openai-compatible model ${config.model} at ${config.baseURL}`;
    this.local = isLoopbackUrl(config.baseURL);
    // No SDK retries: a retry would double the wait behind the user's question; the assistant says it failed instead.
    this.client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey || 'not-needed', maxRetries: 0, timeout: config.timeoutMs });
  }

  async *streamTurn(request: ChatRequest): AsyncIterable<ChatChunk> {
    const controller = new AbortController();
    let why: ProviderError | null = null;
    const abort = (error: ProviderError) => {
      why ??= error;
      controller.abort(error);
    };
    const onOuterAbort = () => abort(new ProviderError('cancelled', String(request.signal.reason ?? 'cancelled')));
    if (request.signal.aborted) onOuterAbort();
    request.signal.addEventListener('abort', onOuterAbort, { once: true });
    const total = setTimeout(() => abort(new ProviderError('timeout', `${this.description} did not finish its answer within ${this.config.timeoutMs} ms; try again, or raise timeoutMs in the background settings.`)), this.config.timeoutMs);
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort(new ProviderError('timeout', `${this.description} sent nothing for ${this.config.idleTimeoutMs} ms; check that the server is running and not overloaded.`)), this.config.idleTimeoutMs);
    };
    armIdle();
    // Tool calls stream as fragments keyed by index; they are whole only when the stream ends.
    const pending = new Map<number, { id: string; name: string; args: string }>();
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.config.model,
          messages: request.messages.map(toOpenAiMessage),
          stream: true,
          ...(request.tools.length > 0 ? { tools: request.tools.map(toOpenAiTool) } : {}),
          ...(this.config.maxTokens !== undefined ? { max_tokens: this.config.maxTokens } : {}),
          ...(this.config.temperature !== undefined ? { temperature: this.config.temperature } : {}),
        },
        { signal: controller.signal },
      );
      let finished = false;
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        armIdle();
        const choice = checkChunk(chunk, this.description);
        if (!choice) continue;
        const delta = choice.delta;
        if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'text', delta: delta.content };
        for (const fragment of delta.tool_calls ?? []) {
          const slot = pending.get(fragment.index) ?? { id: '', name: '', args: '' };
          if (fragment.id) slot.id = fragment.id;
          if (fragment.function?.name) slot.name += fragment.function.name;
          if (fragment.function?.arguments) slot.args += fragment.function.arguments;
          pending.set(fragment.index, slot);
        }
        if (choice.finish_reason) finished = true;
      }
      if (why) throw why;
      if (!finished) {
        throw new ProviderError('unreachable', `${this.description} closed the stream before the answer was finished (no finish_reason); the server may have crashed or restarted.`);
      }
      for (const [index, slot] of [...pending.entries()].sort((a, b) => a[0] - b[0])) {
        if (!slot.name) throw new ProviderError('malformed', `${this.description} streamed a tool call (index ${index}) without a function name.`);
        yield { type: 'tool_call', call: { callId: slot.id || `call_${index}`, name: slot.name, argumentsJson: slot.args } };
      }
    } catch (error) {
      throw this.classify(why ?? error);
    } finally {
      clearTimeout(total);
      clearTimeout(idle);
      request.signal.removeEventListener('abort', onOuterAbort);
    }
  }

  async dispose(): Promise<void> {}

  private classify(error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    const where = this.description;
    if (error instanceof APIUserAbortError) return new ProviderError('cancelled', 'cancelled', { cause: error });
    if (error instanceof APIConnectionTimeoutError) return new ProviderError('timeout', `${where} did not answer within ${this.config.timeoutMs} ms.`, { cause: error });
    if (error instanceof APIConnectionError) {
      return new ProviderError('unreachable', `Cannot reach ${where}: ${causeText(error)}. Check that the server is running and the base URL is right.`, { cause: error });
    }
    if (error instanceof APIError) {
      return new ProviderError('http_error', `${where} answered HTTP ${error.status ?? '?'}: ${error.message}. Check the model name, the API key and the server's log.`, { cause: error });
    }
    if (error instanceof SyntaxError) {
      return new ProviderError('malformed', `${where} sent a stream chunk that is not JSON (${error.message}); is the base URL an OpenAI-compatible /v1 endpoint?`, { cause: error });
    }
    const message = (error as Error)?.message ?? String(error);
    // Undici reports a dropped connection mid-body as "terminated".
    if (/terminated|socket|ECONNRESET|other side closed/i.test(message + causeText(error))) {
      return new ProviderError('unreachable', `${where} dropped the connection mid-answer (${message}); the server may have crashed or restarted.`, { cause: error });
    }
    return new ProviderError('provider_error', `${where} failed: ${message}`, { cause: error });
  }
}

/** A chunk must look like a chat.completion.chunk; anything else is the server speaking another protocol. */
function checkChunk(chunk: unknown, where: string): ChatCompletionChunk.Choice | null {
  if (chunk === null || typeof chunk !== 'object') throw new ProviderError('malformed', `${where} streamed a chunk that is not an object.`);
  const error = (chunk as { error?: { message?: unknown } }).error;
  if (error) throw new ProviderError('http_error', `${where} reported an error mid-stream: ${String(error.message ?? JSON.stringify(error))}`);
  const choices = (chunk as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) throw new ProviderError('malformed', `${where} streamed a chunk without a choices array: ${JSON.stringify(chunk).slice(0, 200)}`);
  if (choices.length === 0) return null; // usage-only chunks
  const choice = choices[0] as ChatCompletionChunk.Choice;
  if (!choice || typeof choice !== 'object' || typeof choice.delta !== 'object' || choice.delta === null) {
    throw new ProviderError('malformed', `${where} streamed a choice without a delta: ${JSON.stringify(choice).slice(0, 200)}`);
  }
  return choice;
}

function causeText(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  return cause ? `${cause.code ?? ''} ${cause.message ?? ''}`.trim() : (error as Error)?.message ?? '';
}

function toOpenAiMessage(message: ChatRequest['messages'][number]): ChatCompletionMessageParam {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({ id: call.callId, type: 'function' as const, function: { name: call.name, arguments: call.argumentsJson || '{}' } })),
    };
  }
  return { role: message.role, content: message.content };
}

function toOpenAiTool(tool: ChatRequest['tools'][number]): ChatCompletionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}
