// The ChatProvider contract every background model backend implements (OpenAI-compatible HTTP, local GGUF), and its typed failure.

import type { BackgroundFailureCode } from '../../common/background';

/** One chat message in the OpenAI shape (the common denominator of every provider). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ChatToolCall {
  callId: string;
  name: string;
  /** The arguments exactly as the model wrote them (JSON text); parsing them is the tool host's job. */
  argumentsJson: string;
}

/** A tool as offered to the model: name, description and JSON Schema parameters. */
export interface ChatToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** What one streamed model turn yields. Tool calls come whole (providers assemble their deltas). */
export type ChatChunk = { type: 'text'; delta: string } | { type: 'tool_call'; call: ChatToolCall };

export interface ChatRequest {
  messages: ChatMessage[];
  tools: ChatToolSpec[];
  signal: AbortSignal;
}

/** A model backend: one streamed assistant turn per call. It throws ProviderError (never anything else) when the turn fails. */
export interface ChatProvider {
  /** For the session header and messages, e.g. "openai-compatible model llama3 at http://127.0.0.1:11434/v1". */
  readonly description: string;
  /** True when nothing leaves the machine (loopback HTTP, a local file). */
  readonly local: boolean;
  streamTurn(request: ChatRequest): AsyncIterable<ChatChunk>;
  dispose(): Promise<void>;
}

/** A provider turn that failed: `code` says how (for the interaction model), the message what and what to do. */
export class ProviderError extends Error {
  constructor(
    readonly code: BackgroundFailureCode | 'cancelled',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}
