// A missing model file is MODEL_MISSING with its path and how to get it; a corrupt one is MODEL_INVALID.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import { createOrtSession } from '../../../../main/models/ort/sessionFactory';
import { SileroVad } from '../../../../main/models/vad/sileroVad';

async function errorOf(promise: Promise<unknown>): Promise<TandemError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

describe('createOrtSession model file errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ort-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const threads = { intraOpThreads: 1, interOpThreads: 1 };

  it('reports a missing file as MODEL_MISSING with the path and how to get it', async () => {
    const path = join(dir, 'nowhere.onnx');
    const error = await errorOf(createOrtSession(path, { ...threads, providers: ['cpu'], howToGet: 'run `npm ci`' }));
    expect(error.code).toBe('MODEL_MISSING');
    expect(error.where).toBe(path);
    expect(error.hint).toBe('run `npm ci`');
    expect(error.message).toContain(path);
  });

  it('reports a corrupt file as MODEL_INVALID with what every provider said', async () => {
    const path = join(dir, 'corrupt.onnx');
    writeFileSync(path, 'this is not a protobuf');
    const error = await errorOf(createOrtSession(path, { ...threads, providers: ['cpu'], howToGet: 'run `npm ci`' }));
    expect(error.code).toBe('MODEL_INVALID');
    expect(error.where).toBe(path);
    expect(error.hint).toMatch(/cpu: .*Protobuf parsing failed/);
    expect(error.hint).toContain('run `npm ci`');
  });

  it('reports a directory as MODEL_INVALID', async () => {
    const error = await errorOf(createOrtSession(dir, { ...threads, providers: ['cpu'] }));
    expect(error.code).toBe('MODEL_INVALID');
  });

  it('rejects thread counts that are not whole numbers ≥ 1', async () => {
    const error = await errorOf(createOrtSession(join(dir, 'x.onnx'), { intraOpThreads: 0, interOpThreads: 1 }));
    expect(error.code).toBe('USAGE');
    expect(error.where).toBe('intraOpThreads');
  });

  it('tells how to get the Silero file when its override path is wrong', async () => {
    const path = join(dir, 'silero_vad_v5.onnx');
    const error = await errorOf(SileroVad.load({ modelPath: path }));
    expect(error.code).toBe('MODEL_MISSING');
    expect(error.where).toBe(path);
    expect(error.hint).toContain('@ricky0123/vad-web');
  });
});
