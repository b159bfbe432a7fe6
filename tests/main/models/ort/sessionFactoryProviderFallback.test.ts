// The session factory falls back through execution providers to the CPU and reports what it tried and why.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrtSession, defaultProviderOrder, type ExecutionProvider } from '../../../../main/models/ort/sessionFactory';
import { writeDoublingModel } from './tinyOnnxModel.fake';

describe('createOrtSession provider choice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ort-'));
  const modelPath = join(dir, 'doubling.onnx');
  writeDoublingModel(modelPath);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A provider this platform's onnxruntime-node build cannot have, so the test fails the same way everywhere.
  const unavailable: ExecutionProvider = process.platform === 'darwin' ? 'dml' : 'coreml';

  it('falls back to cpu when the preferred provider is unavailable, and says why', async () => {
    const handle = await createOrtSession(modelPath, { providers: [unavailable, 'cpu'], intraOpThreads: 1, interOpThreads: 1 });
    expect(handle.provider).toBe('cpu');
    expect(handle.providersTried).toHaveLength(2);
    expect(handle.providersTried[0]).toMatchObject({ name: unavailable, ok: false });
    expect(handle.providersTried[0].error).toMatch(/\S/);
    expect(handle.providersTried[1]).toEqual({ name: 'cpu', ok: true });
    expect(handle.loadMs).toBeGreaterThan(0);
    expect(handle.warmupMs).toBe(0);
    const output = await handle.session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [1, 4]) });
    expect(Array.from(output.y.data as Float32Array)).toEqual([2, 4, 6, 8]);
    await handle.session.release();
  });

  // On machines installed with ONNXRUNTIME_NODE_INSTALL=skip (these ones) the CUDA library is absent: it is skipped
  // with that reason instead of letting onnxruntime print a native error. Elsewhere there is nothing to check here.
  const cudaLibrary = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
  it.skipIf(process.platform !== 'linux' || existsSync(cudaLibrary))('skips CUDA without asking onnxruntime when its provider library is not installed, and says how to get it', async () => {
    const handle = await createOrtSession(modelPath, { providers: ['cuda', 'cpu'], intraOpThreads: 1, interOpThreads: 1 });
    expect(handle.provider).toBe('cpu');
    expect(handle.providersTried[0]).toMatchObject({ name: 'cuda', ok: false });
    expect(handle.providersTried[0].error).toContain('libonnxruntime_providers_cuda.so');
    expect(handle.providersTried[0].error).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
    await handle.session.release();
  });

  it('tries the platform default order and ends on the first provider that works', async () => {
    const handle = await createOrtSession(modelPath, { intraOpThreads: 1, interOpThreads: 1 });
    const order = defaultProviderOrder();
    const tried = handle.providersTried.map((attempt) => attempt.name);
    expect(tried).toEqual(order.slice(0, tried.length));
    expect(handle.providersTried.at(-1)).toEqual({ name: handle.provider, ok: true });
    for (const failed of handle.providersTried.slice(0, -1)) expect(failed).toMatchObject({ ok: false, error: expect.any(String) });
    await handle.session.release();
  });

  it('counts a provider whose warmup throws as failed and moves on', async () => {
    let calls = 0;
    const handle = await createOrtSession(modelPath, {
      providers: ['cpu', 'cpu'],
      intraOpThreads: 1,
      interOpThreads: 1,
      warmup: async (session) => {
        calls += 1;
        if (calls === 1) throw new Error('first warmup fails');
        await session.run({ x: new ort.Tensor('float32', new Float32Array(4), [1, 4]) });
      },
    });
    expect(handle.providersTried).toEqual([
      { name: 'cpu', ok: false, error: 'first warmup fails' },
      { name: 'cpu', ok: true },
    ]);
    expect(handle.warmupMs).toBeGreaterThan(0);
    await handle.session.release();
  });

  it('keeps only the providers a platform can have in the default order', () => {
    expect(defaultProviderOrder('linux')).toEqual(['cuda', 'cpu']);
    expect(defaultProviderOrder('win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(defaultProviderOrder('darwin')).toEqual(['coreml', 'cpu']);
  });
});
