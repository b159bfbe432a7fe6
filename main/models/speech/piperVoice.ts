// A Piper voice from the model catalog: espeak-ng IPA → phoneme ids → a VITS ONNX model, streamed sentence by sentence.

import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ, type SpokenWord, type Utterance } from '../../../common/microturn';
import type { Voice } from '../../../common/interaction';
import type { ModelStore } from '../catalog/modelStore';
import { createOrtSession, type ExecutionProvider, type OrtSessionHandle } from '../ort/sessionFactory';
import { EspeakVoice } from './espeakVoice';
import { StreamingResampler } from './streamingResampler';
import { StreamingSpeech } from './streamingSpeech';

export const PIPER_VOICE_PREFIX = 'piper';

/** The parts of a Piper voice's .onnx.json that synthesis needs (the file has more; the rest is ignored). */
export const PiperConfigSchema = z.looseObject({
  audio: z.looseObject({ sample_rate: z.number().int().min(8000).max(96_000) }),
  espeak: z.looseObject({ voice: z.string().min(1) }),
  inference: z
    .looseObject({
      noise_scale: z.number().nonnegative().default(0.667),
      length_scale: z.number().positive().default(1),
      noise_w: z.number().nonnegative().default(0.8),
    })
    .default({ noise_scale: 0.667, length_scale: 1, noise_w: 0.8 }),
  num_speakers: z.number().int().positive().default(1),
  /** IPA character → ids; "_" pad, "^" start, "$" end as piper-phonemize defines them. */
  phoneme_id_map: z.record(z.string(), z.array(z.number().int().nonnegative())),
});
export type PiperConfig = z.output<typeof PiperConfigSchema>;

const PAD = '_';
const BOS = '^';
const EOS = '$';

/**
 * Phoneme ids the way piper-phonemize builds them: start symbol, pad, then every IPA character (Unicode
 * NFD, one codepoint each) followed by a pad, then the end symbol. Characters the voice does not know
 * are skipped and counted.
 */
export function piperPhonemeIds(ipa: string, map: PiperConfig['phoneme_id_map']): { ids: number[]; missing: number } {
  const ids: number[] = [];
  let missing = 0;
  const pad = map[PAD] ?? [];
  ids.push(...(map[BOS] ?? []), ...pad);
  for (const phoneme of Array.from(ipa.normalize('NFD'))) {
    const known = map[phoneme];
    if (!known) {
      missing++;
      continue;
    }
    ids.push(...known, ...pad);
  }
  ids.push(...(map[EOS] ?? []));
  return { ids, missing };
}

/** Sentences: synthesis and streaming go one sentence at a time, so the first is ready before the rest. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface PiperVoiceOptions {
  providers?: readonly ExecutionProvider[];
}

export class PiperVoice implements Voice {
  readonly name: string;

  private constructor(
    readonly modelName: string,
    readonly config: PiperConfig,
    private readonly handle: OrtSessionHandle,
    private readonly phonemizer: EspeakVoice,
  ) {
    this.name = `${PIPER_VOICE_PREFIX}:${modelName}`;
  }

  /** What the session runs on, for reports. */
  get runtime(): string {
    return `onnxruntime ${this.handle.provider}, 1 thread`;
  }

  /**
   * Loads a catalog voice: the store resolves its verified files (a missing or changed file is an error
   * naming `tandem models pull`), the .onnx.json is validated, and the .onnx gets one onnxruntime session.
   */
  static async fromCatalog(store: ModelStore, modelName: string, options: PiperVoiceOptions = {}): Promise<PiperVoice> {
    const entry = store.model(modelName);
    if (entry.role !== 'tts') {
      throw new TandemError('USAGE', `Model "${modelName}" is not a voice (its role is ${entry.role})`, '--voice', 'Pick a model with role tts from `tandem models list`.');
    }
    const resolved = await store.resolve(modelName);
    const paths = Object.values(resolved.files);
    const onnxPath = paths.find((p) => p.endsWith('.onnx'));
    const configPath = paths.find((p) => p.endsWith('.onnx.json'));
    if (!onnxPath || !configPath) {
      throw new TandemError('MODEL_INVALID', `Catalog voice "${modelName}" needs a .onnx file and its .onnx.json`, resolved.dir, 'Fix the catalog entry: list both files of the Piper voice.');
    }
    return PiperVoice.fromFiles(modelName, onnxPath, configPath, options);
  }

  static async fromFiles(modelName: string, onnxPath: string, configPath: string, options: PiperVoiceOptions = {}): Promise<PiperVoice> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(configPath, 'utf8'));
    } catch (error) {
      throw new TandemError('MODEL_INVALID', `Cannot read the Piper voice config: ${(error as Error).message}`, configPath, `Run \`tandem models remove ${modelName}\` and pull it again.`, { cause: error });
    }
    const parsed = PiperConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TandemError('MODEL_INVALID', `The Piper voice config is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`, configPath, 'Use the .onnx.json that belongs to the voice (from rhasspy/piper-voices).');
    }
    const config = parsed.data;
    for (const symbol of [PAD, BOS, EOS]) {
      if (!config.phoneme_id_map[symbol]) {
        throw new TandemError('MODEL_INVALID', `The Piper voice config has no id for "${symbol}" in phoneme_id_map`, configPath, 'Use the .onnx.json that belongs to the voice.');
      }
    }
    const handle = await createOrtSession(onnxPath, {
      intraOpThreads: 1,
      interOpThreads: 1,
      providers: options.providers ?? ['cpu'],
      howToGet: `Run \`tandem models pull ${modelName}\`.`,
    });
    for (const name of ['input', 'input_lengths', 'scales']) {
      if (!handle.session.inputNames.includes(name)) {
        await handle.session.release();
        throw new TandemError('MODEL_INVALID', `The Piper voice model has no input "${name}" (inputs: ${handle.session.inputNames.join(', ')})`, onnxPath, 'Use a Piper (VITS) ONNX export: inputs input, input_lengths, scales.');
      }
    }
    let phonemizer: EspeakVoice;
    try {
      phonemizer = await EspeakVoice.create({ voice: config.espeak.voice });
    } catch (error) {
      await handle.session.release();
      throw error;
    }
    return new PiperVoice(modelName, config, handle, phonemizer);
  }

  synthesize(utterance: Utterance): StreamingSpeech {
    const speech = new StreamingSpeech(utterance, this.name);
    void this.run(utterance.text, speech).catch((error: unknown) => speech.fail(`Piper synthesis failed: ${String((error as Error)?.message ?? error)}`));
    return speech;
  }

  /** Ids for one sentence (exposed for tests of the mapping). */
  async phonemeIds(sentence: string): Promise<{ ids: number[]; missing: number; ipa: string }> {
    const clauses = await this.phonemizer.phonemize(sentence, this.config.espeak.voice);
    // espeak-ng drops the punctuation between clauses; Piper voices were trained with it kept.
    const end = /[.!?]$/.exec(sentence)?.[0] ?? '';
    const ipa = clauses.join(', ') + end;
    return { ...piperPhonemeIds(ipa, this.config.phoneme_id_map), ipa };
  }

  private async run(text: string, speech: StreamingSpeech): Promise<void> {
    let offsetMs = 0;
    for (const sentence of splitSentences(text)) {
      if (speech.isCancelled) break;
      const { ids } = await this.phonemeIds(sentence);
      const audio = await this.infer(ids);
      const resampler = new StreamingResampler(this.config.audio.sample_rate, SAMPLE_RATE_HZ);
      const first = resampler.push(audio);
      const rest = resampler.finish();
      const samples = new Float32Array(first.length + rest.length);
      samples.set(first);
      samples.set(rest, first.length);
      const durationMs = (samples.length * 1000) / SAMPLE_RATE_HZ;
      speech.append(samples, sentenceWordTimings(sentence, offsetMs, durationMs));
      offsetMs += durationMs;
    }
    if (speech.isCancelled) speech.fail('cancelled: the utterance was cut');
    else speech.finish();
  }

  private async infer(ids: number[]): Promise<Float32Array> {
    const { noise_scale, length_scale, noise_w } = this.config.inference;
    const feeds: Record<string, ort.Tensor> = {
      input: new ort.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), [1, ids.length]),
      input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
      scales: new ort.Tensor('float32', Float32Array.from([noise_scale, length_scale, noise_w]), [3]),
    };
    if (this.config.num_speakers > 1 && this.handle.session.inputNames.includes('sid')) feeds.sid = new ort.Tensor('int64', BigInt64Array.from([0n]), [1]);
    const result = await this.handle.session.run(feeds);
    const output = result[this.handle.session.outputNames[0]];
    const audio = Float32Array.from(output.data as Float32Array);
    // VITS output can exceed ±1; scale the sentence down rather than clip it.
    let peak = 0;
    for (const value of audio) peak = Math.max(peak, Math.abs(value));
    if (peak > 1) for (let i = 0; i < audio.length; i++) audio[i] /= peak;
    return audio;
  }

  async dispose(): Promise<void> {
    await this.phonemizer.dispose();
    await this.handle.session.release();
  }
}

/**
 * Piper gives no alignment, so a sentence's words share its audio in proportion to their length in
 * characters: approximate, but in order, inside the sentence and covering it, which is what cuts need.
 */
function sentenceWordTimings(sentence: string, offsetMs: number, durationMs: number): SpokenWord[] {
  const tokens = sentence.split(/\s+/).filter((t) => t.length > 0);
  const totalChars = tokens.reduce((sum, t) => sum + t.length, 0) || 1;
  let cursor = 0;
  return tokens.map((token) => {
    const startMs = offsetMs + (cursor / totalChars) * durationMs;
    cursor += token.length;
    return { word: token, startMs, endMs: offsetMs + (cursor / totalChars) * durationMs };
  });
}
