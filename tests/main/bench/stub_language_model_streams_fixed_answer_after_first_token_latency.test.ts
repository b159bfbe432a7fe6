// The voice benchmark's stub language model: a real OpenAI-compatible server on loopback that the production provider reads, streaming the fixed answer word by word after the configured first-token latency.

import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleProvider } from '../../../main/background/openaiProvider';
import { STUB_ANSWER, STUB_FIRST_TOKEN_MS, STUB_MODEL, answerTokens, startStubLanguageModel, type StubLanguageModelServer } from '../../../main/bench/stubLanguageModelServer';

let stub: StubLanguageModelServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe('stub language model', () => {
  it('splits the answer into word tokens that join back to it', () => {
    expect(answerTokens('It is five past ten.')).toEqual(['It', ' is', ' five', ' past', ' ten.']);
    expect(answerTokens(STUB_ANSWER).join('')).toBe(STUB_ANSWER);
  });

  it('listens on 127.0.0.1 with the default first-token latency', async () => {
    stub = await startStubLanguageModel();
    expect(stub.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(stub.firstTokenMs).toBe(STUB_FIRST_TOKEN_MS);
  });

  it('answers the OpenAI-compatible provider with the fixed answer, first token not before the latency', async () => {
    stub = await startStubLanguageModel({ firstTokenMs: 120, tokenIntervalMs: 0, answer: 'Ten past five.' });
    const provider = new OpenAiCompatibleProvider({ baseURL: stub.baseURL, model: STUB_MODEL, timeoutMs: 5000, idleTimeoutMs: 5000 });
    const asked = performance.now();
    let firstMs: number | null = null;
    const deltas: string[] = [];
    for await (const chunk of provider.streamTurn({ messages: [{ role: 'user', content: 'what time is it?' }], tools: [], signal: new AbortController().signal })) {
      firstMs ??= performance.now() - asked;
      if (chunk.type === 'text') deltas.push(chunk.delta);
    }
    await provider.dispose();
    expect(deltas).toEqual(['Ten', ' past', ' five.']);
    // setTimeout never fires early, so the first token cannot come before the configured latency (1 ms of timer rounding allowed).
    expect(firstMs).toBeGreaterThanOrEqual(119);
    expect(stub.requests()).toBe(1);
  });

  it('refuses requests it cannot stand in for, with an error that says what it answers', async () => {
    stub = await startStubLanguageModel();
    const notStreaming = await fetch(`${stub.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: STUB_MODEL, messages: [] }) });
    expect(notStreaming.status).toBe(400);
    expect(((await notStreaming.json()) as { error: { message: string } }).error.message).toContain('"stream": true');
    const wrongPath = await fetch(`${stub.baseURL}/models`);
    expect(wrongPath.status).toBe(404);
    expect(stub.requests()).toBe(0);
  });
});
