// The exported native step graph in onnxruntime-node computes what PyTorch computes, step by step with the cache carried.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIVE_INPUT, NATIVE_OUTPUT, TOKENS_PER_STEP } from '../../main/models/native/contract';

const PYTHON = '/usr/bin/python3';
const REPO = resolve(__dirname, '../..');
const SHIPPED = join(REPO, 'resources/models/native');
const TOLERANCE = 1e-4;

interface FixtureTensor {
  kind: 'input' | 'output';
  name: string;
  file: string;
  dtype: 'uint8' | 'int32' | 'float32';
  shape: number[];
}

function python(args: string[]): void {
  const run = spawnSync(PYTHON, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (run.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
}

function readTensor(dir: string, tensor: FixtureTensor): Uint8Array | Int32Array | Float32Array {
  const bytes = readFileSync(join(dir, tensor.file));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (tensor.dtype === 'uint8') return new Uint8Array(buffer);
  if (tensor.dtype === 'int32') return new Int32Array(buffer);
  return new Float32Array(buffer);
}

/**
 * Worst difference, scaled by the size of the expected value once it exceeds 1: a trained model's logits reach ~16,
 * where fp32 summation order alone (PyTorch's BLAS vs onnxruntime's fused kernels) moves the 5th significant digit.
 * Probabilities are in [0, 1], so for them this is the plain absolute difference.
 */
function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

function softmax(logits: ArrayLike<number>): number[] {
  const top = Math.max(...Array.from(logits));
  const exps = Array.from(logits, (x) => Math.exp(x - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((x) => x / sum);
}

/** Runs every step of the fixture in onnxruntime-node and returns the worst difference from PyTorch per output. */
async function compare(modelDir: string, fixtureDir: string): Promise<Record<string, number>> {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'native.json'), 'utf8'));
  const fixture = JSON.parse(readFileSync(join(fixtureDir, 'fixture.json'), 'utf8')) as { steps: number; tensors: FixtureTensor[] };
  const session = await ort.InferenceSession.create(join(modelDir, manifest.onnx), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  expect([...session.inputNames].sort()).toEqual(Object.values(NATIVE_INPUT).sort());
  expect([...session.outputNames].sort()).toEqual(Object.values(NATIVE_OUTPUT).sort());

  const { layers, heads, window, headDim } = manifest.dims;
  const stateShape = [layers, 1, heads, window, headDim];
  const stateSize = layers * heads * window * headDim;
  let key: ort.Tensor = new ort.Tensor('float32', new Float32Array(stateSize), stateShape);
  let value: ort.Tensor = new ort.Tensor('float32', new Float32Array(stateSize), stateShape);
  let valid: ort.Tensor = new ort.Tensor('float32', new Float32Array(window), [1, window]);
  const inputs = fixture.tensors.filter((t) => t.kind === 'input');
  const expected = new Map(fixture.tensors.filter((t) => t.kind === 'output').map((t) => [t.name, readTensor(fixtureDir, t)]));
  const worst: Record<string, number> = { action_logits: 0, action_probabilities: 0, heads: 0 };
  for (let step = 0; step < fixture.steps; step++) {
    const feeds: Record<string, ort.Tensor> = { past_key: key, past_value: value, past_valid: valid };
    for (const tensor of inputs) {
      const all = readTensor(fixtureDir, tensor);
      const per = all.length / fixture.steps;
      feeds[tensor.name] = new ort.Tensor(tensor.dtype, all.slice(step * per, (step + 1) * per), [1, ...tensor.shape.slice(1)]);
    }
    const out = await session.run(feeds);
    for (const name of ['action_logits', 'heads']) {
      const got = out[name].data as Float32Array;
      const want = expected.get(name)!.subarray(step * got.length, (step + 1) * got.length) as Float32Array;
      worst[name] = Math.max(worst[name], maxScaledDiff(got, want));
      if (name === 'action_logits') worst.action_probabilities = Math.max(worst.action_probabilities, maxScaledDiff(softmax(got), softmax(want)));
    }
    key = out.next_key;
    value = out.next_value;
    valid = out.next_valid;
  }
  worst.next_key = maxScaledDiff(key.data as Float32Array, expected.get('next_key')!);
  worst.next_value = maxScaledDiff(value.data as Float32Array, expected.get('next_value')!);
  worst.next_valid = maxScaledDiff(valid.data as Float32Array, expected.get('next_valid')!);
  // After 30 steps the cache is full unless the window is longer than the session so far.
  const filled = Math.min(window, fixture.steps * TOKENS_PER_STEP);
  expect(Array.from(valid.data as Float32Array).filter((v) => v === 1)).toHaveLength(filled);
  await session.release();
  return worst;
}

describe('native model ONNX parity with PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-native-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches step by step past the end of the window (a tiny model with a 4-micro-turn cache, 30 steps)', async () => {
    const model = join(dir, 'tiny');
    const fixture = join(dir, 'tiny-fixture');
    python(['-m', 'training.export', '--out', model, '--d-model', '32', '--layers', '2', '--heads', '2', '--d-frame', '8', '--window', '20', '--stem-channels', '8', '--seed', '3', '--init-std', '0.3']);
    python(['-m', 'training.parity', '--model', model, '--out', fixture, '--steps', '30', '--seed', '11']);
    const worst = await compare(model, fixture);
    for (const [name, diff] of Object.entries(worst)) expect(diff, name).toBeLessThanOrEqual(TOLERANCE);
  });

  it.skipIf(!existsSync(join(SHIPPED, 'native.json')))('matches for the shipped model over 30 steps', async () => {
    const fixture = join(dir, 'shipped-fixture');
    python(['-m', 'training.parity', '--model', SHIPPED, '--out', fixture, '--steps', '30', '--seed', '5']);
    const worst = await compare(SHIPPED, fixture);
    // What the runtime acts on (probabilities) agrees to 1e-4. Logits and cache agree to 1e-3 relative: the fixture's
    // uniform-noise patches drive the patch stem, which the generated training data never exercised, far outside what
    // it was trained on, and there fp32 rounding differences of the two conv kernels grow to ~1.6e-4 (realistic dataset
    // steps stay within 4e-6; see training/parity.py --data).
    for (const name of ['action_probabilities', 'heads', 'next_valid']) expect(worst[name], name).toBeLessThanOrEqual(TOLERANCE);
    for (const name of ['action_logits', 'next_key', 'next_value']) expect(worst[name], name).toBeLessThanOrEqual(10 * TOLERANCE);
  });
});
