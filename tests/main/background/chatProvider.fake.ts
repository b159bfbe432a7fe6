// A scripted ChatProvider: each call to streamTurn yields the next scripted list of chunks.

import type { ChatChunk, ChatProvider, ChatRequest } from '../../../main/background/chatProvider';

export class ScriptedChatProvider implements ChatProvider {
  readonly description = 'scripted chat provider';
  readonly local = true;
  readonly requests: ChatRequest[] = [];
  disposed = false;

  constructor(private readonly turns: ChatChunk[][]) {}

  async *streamTurn(request: ChatRequest): AsyncIterable<ChatChunk> {
    this.requests.push(request);
    for (const chunk of this.turns[Math.min(this.requests.length - 1, this.turns.length - 1)]) {
      await new Promise((r) => setTimeout(r, 1));
      yield chunk;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
