// Moonshine speech recognition on onnxruntime-node: the encoder once per stretch of audio, then greedy decoding with the KV cache.

import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ, SAMPLES_PER_TURN } from '../../../common/microturn';
import type { SpeechRecognizer, Transcript } from '../../../common/speechRecognition';
import { createOrtSession, type ExecutionProvider, type OrtSessionHandle } from '../ort/sessionFactory';
import { TokenizerDecoder } from './tokenizerDecoder';
import { wordsFromTokens } from './wordTiming';

/** The files of a Moonshine export (onnx-community/moonshine-*-ONNX), by their place in the model's folder. */
export const MOONSHINE_FILES = {
  encoder: 'onnx/encoder_model.onnx',
  decoder: 'onnx/decoder_model_merged.onnx',
  tokenizer: 'tokenizer.json',
  config: 'config.json',
} as const;

// The fields of config.json the decoder loop needs; the rest (encoder sizes, rope settings) stay inside the graphs.
const moonshineConfigSchema = z.object({
  hidden_size: z.number().int().positive(),
  decoder_num_attention_heads: z.number().int().positive(),
  decoder_num_key_value_heads: z.number().int().positive().optional(),
  decoder_num_hidden_layers: z.number().int().positive().optional(),
  decoder_start_token_id: z.number().int().nonnegative(),
  eos_token_id: z.number().int().nonnegative(),
  max_position_embeddings: z.number().int().positive().optional(),
});
type MoonshineConfig = z.infer<typeof moonshineConfigSchema>;

export interface MoonshineLoadOptions {
  /** Catalog name, recorded in the session header. */
  name: string;
  /** Absolute paths of the four files (ModelStore.resolve gives them keyed by MOONSHINE_FILES' values). */
  files: Record<(typeof MOONSHINE_FILES)[keyof typeof MOONSHINE_FILES], string>;
  providers?: readonly ExecutionProvider[];
  /** Threads per operator; default 1 so recognition never competes with the micro-turn loop for both cores. */
  intraOpThreads?: number;
  /**
   * Decoding stops after this many tokens per second of audio (Moonshine's own guidance is about 6 for
   * English; a bit more leaves room for fast speakers). It bounds a hallucinating decoder's cost.
   */
  maxTokensPerSecond?: number;
}

/** The decoder's cache of one layer: self-attention grows by one position per step, cross-attention is fixed. */
interface LayerCache {
  decoderKey: ort.Tensor;
  decoderValue: ort.Tensor;
  encoderKey: ort.Tensor;
  encoderValue: ort.Tensor;
}

export interface DecodeResult {
  tokens: number[];
  /** Softmax probability of each chosen token. */
  probabilities: number[];
}

export class MoonshineRecognizer implements SpeechRecognizer {
  readonly runtime: string;

  private constructor(
    readonly name: string,
    private readonly encoder: OrtSessionHandle,
    private readonly decoder: OrtSessionHandle,
    readonly tokenizer: TokenizerDecoder,
    private readonly config: MoonshineConfig,
    private readonly layers: number,
    private readonly kvHeads: number,
    private readonly headDim: number,
    private readonly maxTokensPerSecond: number,
    threads: number,
  ) {
    this.runtime = `moonshine on onnxruntime ${encoder.provider}, ${threads} thread${threads === 1 ? '' : 's'}`;
  }

  static async load(options: MoonshineLoadOptions): Promise<MoonshineRecognizer> {
    const howToGet = `Download it again: \`tandem models remove ${options.name}\`, then \`tandem models pull ${options.name}\`.`;
    const config = readConfig(options.files[MOONSHINE_FILES.config], howToGet);
    const tokenizer = TokenizerDecoder.fromFile(options.files[MOONSHINE_FILES.tokenizer]);
    const threads = options.intraOpThreads ?? 1;
    const sessionOptions = { providers: options.providers ?? (['cpu'] as const), intraOpThreads: threads, interOpThreads: 1, howToGet };
    const encoder = await createOrtSession(options.files[MOONSHINE_FILES.encoder], sessionOptions);
    let decoder: OrtSessionHandle;
    try {
      decoder = await createOrtSession(options.files[MOONSHINE_FILES.decoder], sessionOptions);
    } catch (error) {
      await encoder.session.release().catch(() => undefined);
      throw error;
    }
    try {
      const layers = checkSignature(encoder.session, decoder.session, options.files, config);
      const kvHeads = config.decoder_num_key_value_heads ?? config.decoder_num_attention_heads;
      const headDim = config.hidden_size / config.decoder_num_attention_heads;
      return new MoonshineRecognizer(options.name, encoder, decoder, tokenizer, config, layers, kvHeads, headDim, options.maxTokensPerSecond ?? 6.5, threads);
    } catch (error) {
      await encoder.session.release().catch(() => undefined);
      await decoder.session.release().catch(() => undefined);
      throw error;
    }
  }

  async transcribe(samples: Float32Array): Promise<Transcript> {
    const decoded = await this.decode(samples, { useCache: true });
    const speechMs = (samples.length / SAMPLE_RATE_HZ) * 1000;
    return {
      text: this.tokenizer.decode(decoded.tokens),
      words: wordsFromTokens(this.tokenizer, decoded.tokens, decoded.probabilities, speechMs),
      tokenCount: decoded.tokens.length,
    };
  }

  /**
   * Greedy decoding of `samples`. With the cache each step feeds only the newest token and the layers'
   * keys and values so far; without it (`useCache: false`, for checking the cache) every step re-reads
   * the whole sequence. Both must choose the same tokens.
   */
  async decode(samples: Float32Array, options: { useCache: boolean }): Promise<DecodeResult> {
    const audio = padToMinimum(samples);
    const encoded = await this.encoder.session.run({ input_values: new ort.Tensor('float32', audio, [1, audio.length]) });
    const hidden = encoded[this.encoder.session.outputNames[0]];
    const maxTokens = this.maxTokensFor(audio.length);
    const tokens: number[] = [];
    const probabilities: number[] = [];
    let cache = this.emptyCache();
    let sequence = [this.config.decoder_start_token_id];
    for (let step = 0; step < maxTokens; step++) {
      const useCacheBranch = options.useCache && step > 0;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: int64Tensor(useCacheBranch ? [sequence[sequence.length - 1]] : sequence),
        encoder_hidden_states: hidden,
        use_cache_branch: new ort.Tensor('bool', Uint8Array.from([useCacheBranch ? 1 : 0]), [1]),
      };
      const past = options.useCache ? cache : this.emptyCache();
      for (let layer = 0; layer < this.layers; layer++) {
        feeds[`past_key_values.${layer}.decoder.key`] = past[layer].decoderKey;
        feeds[`past_key_values.${layer}.decoder.value`] = past[layer].decoderValue;
        feeds[`past_key_values.${layer}.encoder.key`] = past[layer].encoderKey;
        feeds[`past_key_values.${layer}.encoder.value`] = past[layer].encoderValue;
      }
      const out = await this.decoder.session.run(feeds);
      const { token, probability } = argmaxLast(out.logits);
      if (options.useCache) cache = this.nextCache(cache, out, useCacheBranch);
      if (token === this.config.eos_token_id) break;
      tokens.push(token);
      probabilities.push(probability);
      sequence = [...sequence, token];
    }
    return { tokens, probabilities };
  }

  async dispose(): Promise<void> {
    await this.encoder.session.release().catch(() => undefined);
    await this.decoder.session.release().catch(() => undefined);
  }

  private maxTokensFor(samples: number): number {
    const bySpeech = Math.ceil((samples / SAMPLE_RATE_HZ) * this.maxTokensPerSecond);
    const byPositions = (this.config.max_position_embeddings ?? Number.MAX_SAFE_INTEGER) - 1;
    return Math.max(1, Math.min(bySpeech, byPositions));
  }

  private emptyCache(): LayerCache[] {
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, this.kvHeads, 0, this.headDim]);
    return Array.from({ length: this.layers }, () => ({ decoderKey: empty(), decoderValue: empty(), encoderKey: empty(), encoderValue: empty() }));
  }

  /**
   * The merged decoder's cache branch recomputes nothing for cross-attention, so its `present.*.encoder.*`
   * outputs are not the cache: the ones from the first step are kept (as transformers.js does).
   */
  private nextCache(previous: LayerCache[], out: ort.InferenceSession.OnnxValueMapType, cacheBranch: boolean): LayerCache[] {
    return previous.map((layer, index) => ({
      decoderKey: out[`present.${index}.decoder.key`] as ort.Tensor,
      decoderValue: out[`present.${index}.decoder.value`] as ort.Tensor,
      encoderKey: cacheBranch ? layer.encoderKey : (out[`present.${index}.encoder.key`] as ort.Tensor),
      encoderValue: cacheBranch ? layer.encoderValue : (out[`present.${index}.encoder.value`] as ort.Tensor),
    }));
  }
}

/** Audio shorter than one micro-turn is padded with silence: the encoder's convolutions need a minimum length. */
function padToMinimum(samples: Float32Array): Float32Array {
  if (samples.length >= SAMPLES_PER_TURN) return samples;
  const padded = new Float32Array(SAMPLES_PER_TURN);
  padded.set(samples);
  return padded;
}

function int64Tensor(ids: readonly number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), [1, ids.length]);
}

/** The most likely next token after the last position, and its softmax probability. */
function argmaxLast(logits: ort.Tensor): { token: number; probability: number } {
  const [, positions, vocab] = logits.dims;
  const data = logits.data as Float32Array;
  const offset = (positions - 1) * vocab;
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < vocab; i++) {
    if (data[offset + i] > bestValue) {
      bestValue = data[offset + i];
      best = i;
    }
  }
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(data[offset + i] - bestValue);
  return { token: best, probability: 1 / sum };
}

function readConfig(path: string, howToGet: string): MoonshineConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TandemError('MODEL_INVALID', `Cannot read the model's config.json: ${(error as Error).message}`, path, howToGet, { cause: error });
  }
  const parsed = moonshineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('MODEL_INVALID', `config.json is not a Moonshine config: ${issue.path.join('.') || '(root)'}: ${issue.message}`, path, howToGet);
  }
  if (parsed.data.hidden_size % parsed.data.decoder_num_attention_heads !== 0) {
    throw new TandemError('MODEL_INVALID', 'config.json: hidden_size is not a multiple of decoder_num_attention_heads', path, howToGet);
  }
  return parsed.data;
}

/** Checks the graphs have Moonshine's inputs and outputs and returns the decoder's layer count. */
function checkSignature(encoder: ort.InferenceSession, decoder: ort.InferenceSession, files: MoonshineLoadOptions['files'], config: MoonshineConfig): number {
  const encoderPath = files[MOONSHINE_FILES.encoder];
  const decoderPath = files[MOONSHINE_FILES.decoder];
  if (!encoder.inputNames.includes('input_values') || encoder.outputNames.length === 0) {
    throw new TandemError('MODEL_INVALID', `The encoder has inputs [${encoder.inputNames.join(', ')}], not Moonshine's input_values`, encoderPath, 'Use the encoder_model.onnx of a Moonshine ONNX export.');
  }
  const layers = decoder.inputNames.filter((name) => /^past_key_values\.\d+\.decoder\.key$/.test(name)).length;
  const required = ['input_ids', 'encoder_hidden_states', 'use_cache_branch'];
  for (let layer = 0; layer < layers; layer++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) required.push(`past_key_values.${layer}.${part}`);
  }
  const missing = required.filter((name) => !decoder.inputNames.includes(name));
  const outputsMissing = ['logits', ...Array.from({ length: layers }, (_, l) => [`present.${l}.decoder.key`, `present.${l}.decoder.value`, `present.${l}.encoder.key`, `present.${l}.encoder.value`]).flat()].filter(
    (name) => !decoder.outputNames.includes(name),
  );
  if (layers === 0 || missing.length > 0 || outputsMissing.length > 0) {
    throw new TandemError(
      'MODEL_INVALID',
      `The decoder is not a merged Moonshine decoder with a KV cache (missing ${[...missing, ...outputsMissing].slice(0, 4).join(', ') || 'past_key_values.*'})`,
      decoderPath,
      'Use decoder_model_merged.onnx of a Moonshine ONNX export.',
    );
  }
  if (config.decoder_num_hidden_layers !== undefined && config.decoder_num_hidden_layers !== layers) {
    throw new TandemError('MODEL_INVALID', `config.json says ${config.decoder_num_hidden_layers} decoder layers, the decoder has ${layers}`, decoderPath, 'The config and the decoder come from different models; pull the model again.');
  }
  return layers;
}
