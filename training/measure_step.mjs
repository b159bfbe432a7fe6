// Measures one native-model step in onnxruntime-node on one thread (p50/p99 over many steps), to pick the model size.
// Usage: node training/measure_step.mjs [--steps 600] [--warmup 50] [--out FILE.json] MODEL_DIR...   (folders holding native.json + native.onnx)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const args = process.argv.slice(2);
let steps = 600;
let warmup = 50;
const dirs = [];
let outPath = null;
const results = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') outPath = args[++i];
  else if (args[i] === '--steps') steps = Number(args[++i]);
  else if (args[i] === '--warmup') warmup = Number(args[++i]);
  else dirs.push(args[i]);
}
if (dirs.length === 0) {
  console.error('usage: node training/measure_step.mjs [--steps N] [--warmup N] MODEL_DIR...');
  process.exit(2);
}

// Seeded LCG so every run feeds the same inputs (speech-like dMel, a few tokens, patches every 4th step).
let state = 12345;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

for (const dir of dirs) {
  const manifest = JSON.parse(readFileSync(join(dir, 'native.json'), 'utf8'));
  const { layers, heads, window, headDim } = manifest.dims;
  const session = await ort.InferenceSession.create(join(dir, manifest.onnx), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const stateShape = [layers, 1, heads, window, headDim];
  let key = new ort.Tensor('float32', new Float32Array(layers * heads * window * headDim), stateShape);
  let value = new ort.Tensor('float32', new Float32Array(layers * heads * window * headDim), stateShape);
  let valid = new ort.Tensor('float32', new Float32Array(window), [1, window]);
  const times = [];
  for (let s = 0; s < warmup + steps; s++) {
    const user = new Uint8Array(16 * 80).map(() => Math.floor(rand() * 16));
    const assistant = new Uint8Array(16 * 80).map(() => Math.floor(rand() * 16));
    const patches = new Uint8Array(8 * 40 * 40 * 3);
    const source = new Int32Array(8);
    if (s % 4 === 0) {
      patches.fill(128, 0, 4 * 4800);
      source.fill(1, 0, 4);
    }
    const feeds = {
      user_dmel: new ort.Tensor('uint8', user, [1, 16, 80]),
      assistant_dmel: new ort.Tensor('uint8', assistant, [1, 16, 80]),
      playback: new ort.Tensor('float32', new Float32Array(8), [1, 8]),
      text_tokens: new ort.Tensor('int32', Int32Array.from({ length: 16 }, (_, i) => (i < 3 ? 70 + i : 0)), [1, 16]),
      event_tokens: new ort.Tensor('int32', Int32Array.from({ length: 8 }, (_, i) => (i === 0 ? 9 : 0)), [1, 8]),
      patches: new ort.Tensor('uint8', patches, [1, 8, 40, 40, 3]),
      patch_source: new ort.Tensor('int32', source, [1, 8]),
      patch_pos: new ort.Tensor('int32', new Int32Array(8), [1, 8]),
      past_key: key,
      past_value: value,
      past_valid: valid,
    };
    const started = process.hrtime.bigint();
    const out = await session.run(feeds);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (s >= warmup) times.push(elapsedMs);
    key = out.next_key;
    value = out.next_value;
    valid = out.next_valid;
  }
  times.sort((a, b) => a - b);
  const fmt = (x) => x.toFixed(3);
  console.log(`${dir}: params ${manifest.params} dims ${JSON.stringify(manifest.dims)} steps ${steps} p50 ${fmt(percentile(times, 50))} ms p90 ${fmt(percentile(times, 90))} ms p99 ${fmt(percentile(times, 99))} ms max ${fmt(times[times.length - 1])} ms`);
  results.push({ model: manifest.name, dir, params: manifest.params, dims: manifest.dims, steps, p50Ms: percentile(times, 50), p90Ms: percentile(times, 90), p99Ms: percentile(times, 99), maxMs: times[times.length - 1] });
  await session.release();
}
if (outPath) {
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage1m: loadavg()[0], node: process.version };
  writeFileSync(outPath, `${JSON.stringify({ measuredAt: new Date().toISOString(), threads: { intraOp: 1, interOp: 1 }, machine, results }, null, 2)}\n`);
  console.log(`wrote ${outPath}`);
}
