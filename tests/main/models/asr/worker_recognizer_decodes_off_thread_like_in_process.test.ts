// The worker-thread recognizer (the built out/main/asrWorker.js) transcribes exactly like the in-process one, returns load errors unchanged, and fails cleanly once its thread is gone.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTandemError } from '../../../../common/errors';
import { MoonshineRecognizer, type MoonshineLoadOptions } from '../../../../main/models/asr/moonshineRecognizer';
import { WorkerSpeechRecognizer } from '../../../../main/models/asr/workerRecognizer';
import { ensureBuilt, REPO_ROOT } from '../../cli/cli.fixture';
import { TEST_TEXT, writeTestModel } from './asrModel.fixture';

const WORKER = join(REPO_ROOT, 'out/main/asrWorker.js');
const dir = mkdtempSync(join(tmpdir(), 'tandem-asr-worker-'));
let files: MoonshineLoadOptions['files'];

beforeAll(async () => {
  await ensureBuilt();
  files = writeTestModel(join(dir, 'model')) as MoonshineLoadOptions['files'];
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function audio(ms: number): Float32Array {
  return Float32Array.from({ length: (ms * 16_000) / 1000 }, (_, i) => 0.1 * Math.sin(i / 5));
}

describe('WorkerSpeechRecognizer', () => {
  it('gives the same transcript as decoding in-process, and leaves the caller a view it passed in', async () => {
    const worker = await WorkerSpeechRecognizer.start(WORKER, { name: 'test-moonshine', files });
    const local = await MoonshineRecognizer.load({ name: 'test-moonshine', files });
    try {
      expect(worker.runtime).toBe('moonshine on onnxruntime cpu, 1 thread, in a worker thread');
      const long = audio(3000);
      const view = long.subarray(0, 16_000);
      expect(await worker.transcribe(long.slice())).toEqual(await local.transcribe(long));
      expect((await worker.transcribe(long.slice())).text).toBe(TEST_TEXT);
      // A view into a larger buffer is copied before it is handed over, so the owner keeps its audio.
      expect(await worker.transcribe(view)).toEqual(await local.transcribe(view));
      expect(long.length).toBe(48_000);
    } finally {
      await worker.dispose();
      await local.dispose();
    }
  });

  it('raises the same typed error as loading in-process when a file is not ONNX', async () => {
    const broken = { ...files, 'onnx/encoder_model.onnx': join(dir, 'not-onnx.onnx') };
    writeFileSync(broken['onnx/encoder_model.onnx'], 'garbage');
    const inProcess = await MoonshineRecognizer.load({ name: 'test-moonshine', files: broken }).catch((e: unknown) => e);
    const inWorker = await WorkerSpeechRecognizer.start(WORKER, { name: 'test-moonshine', files: broken }).catch((e: unknown) => e);
    expect(isTandemError(inWorker)).toBe(true);
    expect((inWorker as Error).message).toBe((inProcess as Error).message);
    expect((inWorker as Error).message).toContain('Could not load the model');
  });

  it('rejects decodes once its thread has ended, instead of waiting forever', async () => {
    const worker = await WorkerSpeechRecognizer.start(WORKER, { name: 'test-moonshine', files });
    await (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(worker.transcribe(audio(400))).rejects.toThrow(/worker thread stopped \(exit code 1\)/);
    await worker.dispose();
  });
});
