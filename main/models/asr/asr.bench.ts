// ASR real-time factor on the CPU: whole-segment decodes and a streamed segment, with a model of Moonshine Tiny's shape.

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MICRO_TURN_MS, SAMPLE_RATE_HZ } from '../../../common/microturn';
import { MoonshineRecognizer, type MoonshineLoadOptions } from './moonshineRecognizer';
import { writeSignatureModel } from './signatureModel';

export interface AsrBenchOptions {
  /** Lengths of the decoded segments. Default 1, 3, 5 and 10 s. */
  segmentSeconds?: number[];
  /** Timed decodes per length (after one untimed warmup). Default 5. */
  repetitions?: number;
  /** Streaming run: a segment this long, re-decoded every `partialEveryTurns` micro-turns as it grows. Default 5 s every 3. */
  streamSeconds?: number;
  partialEveryTurns?: number;
  intraOpThreads?: number;
}

export interface AsrSegmentResult {
  audioMs: number;
  tokens: number;
  repetitions: number;
  p50Ms: number;
  maxMs: number;
  /** Decode time ÷ audio duration at the median (below 1: faster than real time). */
  realTimeFactor: number;
  /** Median time per decoder step (one token), the encoder's share included. */
  msPerToken: number;
}

export interface AsrBenchResult {
  model: { kind: string; layers: number; hidden: number; vocab: number; note: string };
  runtime: string;
  machine: { cpu: string; cores: number; node: string };
  segments: AsrSegmentResult[];
  streaming: { audioMs: number; partialEveryTurns: number; decodes: number; totalDecodeMs: number; realTimeFactor: number; longestDecodeMs: number };
}

/** Moonshine Tiny's decoder geometry (config.json of onnx-community/moonshine-tiny-ONNX): 6 layers, 8 heads × 36, 32 768 tokens. */
const TINY_SHAPE = { layers: 6, heads: 8, headDim: 36, vocab: 32_768, maxPositions: 194 };

/**
 * Builds the signature model at Moonshine Tiny's decoder shape and times it. The graphs do no attention,
 * so this measures the decoding loop around the model (sessions, cache tensors of the real size, logits
 * of the real width, argmax, the tokenizer, word timing), not Moonshine's own compute: a floor for the
 * real model's cost, which the same function measures once the real files are loaded instead.
 */
export async function benchAsr(options: AsrBenchOptions = {}, load?: (scratch: string) => Promise<MoonshineRecognizer>): Promise<AsrBenchResult> {
  const segmentSeconds = options.segmentSeconds ?? [1, 3, 5, 10];
  const repetitions = options.repetitions ?? 5;
  const streamSeconds = options.streamSeconds ?? 5;
  const partialEveryTurns = options.partialEveryTurns ?? 3;
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-asr-bench-'));
  const longestSeconds = Math.max(...segmentSeconds, streamSeconds);
  // One token per 200 ms of audio; the script is long enough for the longest segment.
  const scriptLength = Math.ceil((longestSeconds * 1000) / MICRO_TURN_MS) + 1;
  const pieces = Array.from({ length: scriptLength }, (_, i) => `▁word${i}`);
  let recognizer: MoonshineRecognizer;
  if (load) {
    recognizer = await load(scratch);
  } else {
    const { files } = writeSignatureModel(scratch, { pieces, script: pieces.map((_, i) => i), layers: TINY_SHAPE.layers, heads: TINY_SHAPE.heads, headDim: TINY_SHAPE.headDim, maxPositions: TINY_SHAPE.maxPositions, padVocabTo: TINY_SHAPE.vocab });
    recognizer = await MoonshineRecognizer.load({ name: 'signature-tiny', files: files as MoonshineLoadOptions['files'], intraOpThreads: options.intraOpThreads ?? 1 });
  }
  try {
    const segments: AsrSegmentResult[] = [];
    for (const seconds of segmentSeconds) {
      const audio = benchAudio(seconds * SAMPLE_RATE_HZ);
      let tokens = (await recognizer.transcribe(audio)).tokenCount; // warmup
      const times: number[] = [];
      for (let r = 0; r < repetitions; r++) {
        const started = performance.now();
        tokens = (await recognizer.transcribe(audio)).tokenCount;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p50Ms = times[Math.floor((times.length - 1) / 2)];
      segments.push({ audioMs: seconds * 1000, tokens, repetitions, p50Ms: round(p50Ms), maxMs: round(times[times.length - 1]), realTimeFactor: round(p50Ms / (seconds * 1000), 4), msPerToken: round(p50Ms / Math.max(1, tokens)) });
    }

    // Streaming: the segment grows by one micro-turn at a time and is re-decoded every few turns, then once at the end.
    const streamAudio = benchAudio(streamSeconds * SAMPLE_RATE_HZ);
    const turns = Math.round((streamSeconds * 1000) / MICRO_TURN_MS);
    let decodes = 0;
    let totalDecodeMs = 0;
    let longestDecodeMs = 0;
    for (let turn = 1; turn <= turns; turn++) {
      if (turn % partialEveryTurns !== 0 && turn !== turns) continue;
      const started = performance.now();
      await recognizer.transcribe(streamAudio.subarray(0, (turn * MICRO_TURN_MS * SAMPLE_RATE_HZ) / 1000));
      const ms = performance.now() - started;
      decodes++;
      totalDecodeMs += ms;
      longestDecodeMs = Math.max(longestDecodeMs, ms);
    }
    return {
      model: {
        kind: load ? recognizer.name : 'Moonshine signature model at Moonshine Tiny\'s decoder shape (test-made)',
        layers: TINY_SHAPE.layers,
        hidden: TINY_SHAPE.heads * TINY_SHAPE.headDim,
        vocab: TINY_SHAPE.vocab,
        note: load ? 'loaded by the caller' : 'No attention or MLP compute inside the graphs: this is the decoding loop\'s cost, a floor for the real model.',
      },
      runtime: recognizer.runtime,
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      segments,
      streaming: { audioMs: streamSeconds * 1000, partialEveryTurns, decodes, totalDecodeMs: round(totalDecodeMs), realTimeFactor: round(totalDecodeMs / (streamSeconds * 1000), 4), longestDecodeMs: round(longestDecodeMs) },
    };
  } finally {
    await recognizer.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Speech-like test signal (a gliding tone with noise); its content does not change the signature model's cost. */
function benchAudio(samples: number): Float32Array {
  let state = 2024;
  return Float32Array.from({ length: samples }, (_, n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const t = n / SAMPLE_RATE_HZ;
    return 0.02 * (state / 2 ** 31 - 1) + 0.3 * Math.sin(2 * Math.PI * (150 + 100 * Math.sin(t)) * t);
  });
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
