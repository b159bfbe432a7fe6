// The local GGUF provider through node-llama-cpp on a tiny random-weight model the test writes (python `gguf` from /opt/pypi): loading, streaming, function definitions, cancellation, the worker path, a missing file.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundUpdatePayload } from '../../../common/timeline';
import { createBackgroundRunner } from '../../../main/background/backgroundConfig';
import { runBackgroundTask } from '../../../main/background/backgroundTask';
import { buildContextPackage } from '../../../main/background/contextPackage';
import { LlamaGgufProvider } from '../../../main/background/llamaProvider';
import { NO_TOOLS } from '../../../main/background/toolHost';
import { ensureBuilt } from '../cli/cli.fixture';
import { FakeToolHost } from './toolHost.fake';

const SCRIPT = resolve(import.meta.dirname, '../../fixtures/background/make_tiny_gguf.py');
let dir: string;
let modelPath: string;
const providers: LlamaGgufProvider[] = [];

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tandem-gguf-'));
  // Debian's python3 (with numpy) plus the gguf wheel that is on disk; nothing is downloaded.
  execFileSync('/usr/bin/python3', ['-m', 'venv', '--system-site-packages', join(dir, 'venv')]);
  execFileSync(join(dir, 'venv/bin/pip'), ['install', '--quiet', '--no-index', '--find-links', '/opt/pypi/files', 'gguf']);
  modelPath = join(dir, 'tiny.gguf');
  execFileSync(join(dir, 'venv/bin/python'), [SCRIPT, modelPath]);
}, 180_000);
afterAll(async () => {
  for (const provider of providers) await provider.dispose();
  rmSync(dir, { recursive: true, force: true });
});

// One thread: on a busy 2-core machine llama.cpp's spinning worker threads make a 16-token answer take seconds.
function provider(overrides: { maxTokens?: number; contextSize?: number; modelPath?: string } = {}): LlamaGgufProvider {
  const made = new LlamaGgufProvider({ modelPath: overrides.modelPath ?? modelPath, contextSize: overrides.contextSize ?? 512, maxTokens: overrides.maxTokens ?? 12, gpu: 'cpu', threads: 1, timeoutMs: 60_000 });
  providers.push(made);
  return made;
}

const context = { nowMs: 1000, events: [], olderConversation: '', pendingTimers: [] };

async function run(p: LlamaGgufProvider, options: { tools?: FakeToolHost; abortOnFirstText?: boolean } = {}): Promise<BackgroundUpdatePayload[]> {
  const updates: BackgroundUpdatePayload[] = [];
  const controller = new AbortController();
  await runBackgroundTask(buildContextPackage('g1', 'hello', context), p, options.tools ?? NO_TOOLS, controller.signal, (update) => {
    updates.push(update);
    if (options.abortOnFirstText && update.type === 'text') controller.abort('the user said never mind');
  });
  return updates;
}

describe('GGUF provider (node-llama-cpp) on a tiny model', () => {
  it('loads the model and streams text deltas that add up to the final answer', async () => {
    expect(existsSync(modelPath)).toBe(true);
    const updates = await run(provider());
    const types = updates.map((u) => u.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    const deltas = updates.filter((u): u is Extract<BackgroundUpdatePayload, { type: 'text' }> => u.type === 'text').map((u) => u.delta);
    expect(deltas.length).toBeGreaterThan(0);
    expect((updates.at(-1) as { text?: string }).text).toBe(deltas.join('').trim());
  }, 120_000);

  it('offers function definitions to the model (grammar built, no crash) and the turn still ends with exactly one done', async () => {
    const tools = new FakeToolHost();
    const updates = await run(provider({ contextSize: 4096 }), { tools });
    const terminal = updates.filter((u) => u.type === 'done' || u.type === 'failed' || u.type === 'cancelled');
    expect(terminal).toHaveLength(1);
    expect(terminal[0].type).toBe('done');
  }, 180_000);

  it('stops generating when cancelled: cancelled, never done', async () => {
    const updates = await run(provider({ maxTokens: 4000 }), { abortOnFirstText: true });
    expect(updates.map((u) => u.type)).toEqual(['started', 'text', 'cancelled']);
    expect(updates[2]).toEqual({ taskId: 'g1', type: 'cancelled', reason: 'the user said never mind' });
  }, 120_000);

  it('runs in the background worker thread from the settings', async () => {
    const runner = await createBackgroundRunner({
      active: 'tiny',
      providers: [{ id: 'tiny', kind: 'gguf', modelPath, contextSize: 512, maxTokens: 8, gpu: 'cpu', threads: 1, timeoutMs: 60_000 }],
      contextChars: 12_000,
    });
    try {
      const updates: BackgroundUpdatePayload[] = [];
      await new Promise<void>((resolveDone) => {
        runner!.start({ taskId: 'w1', query: 'hi', context }, (update) => {
          updates.push(update);
          if (update.type === 'done' || update.type === 'failed' || update.type === 'cancelled') resolveDone();
        });
      });
      expect(updates[0]).toMatchObject({ taskId: 'w1', type: 'started' });
      expect(updates.at(-1)!.type).toBe('done');
      expect(runner!.description).toBe(`local GGUF model ${modelPath} (node-llama-cpp)`);
    } finally {
      await runner!.dispose();
    }
  }, 120_000);

  it('fails clearly when the model file does not exist', async () => {
    const updates = await run(provider({ modelPath: join(dir, 'missing.gguf') }));
    expect(updates.map((u) => u.type)).toEqual(['started', 'failed']);
    expect(updates[1]).toMatchObject({ code: 'provider_error' });
    expect((updates[1] as { error: string }).error).toContain('missing.gguf does not exist');
  });
});
