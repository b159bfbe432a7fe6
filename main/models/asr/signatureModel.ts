// Builds a small model with Moonshine's exact ONNX signature whose decoder spells a known script: for tests and the ASR benchmark.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { onnx } from 'onnx-proto';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import { MOONSHINE_FILES } from './moonshineRecognizer';

/*
 * What the graphs compute (no weights were trained; they are wired so the answer is known):
 * - encoder: input_values [1, N] → a strided convolution with one 200 ms frame per output position
 *   → last_hidden_state [1, T, hidden] with T = ⌊N / 3200⌋ (one position per whole micro-turn of audio).
 * - merged decoder: position p = (cache length if use_cache_branch else 0) + index in input_ids; the
 *   logits at p put the script's token p first, or end-of-text once p ≥ T. So the hypothesis grows by one
 *   token per 200 ms of audio, exactly like a transcript that follows the speech. present.*.decoder.*
 *   = the used part of the past concatenated with a projection of input_ids, so a caller that forgets to
 *   feed the cache back (or feeds it on the wrong branch) gets the wrong positions and a different text.
 */

export interface SignatureModelOptions {
  /** Token pieces in id order after the three specials <unk>=0, <s>=1, </s>=2 (SentencePiece style: ▁ marks a space). */
  pieces: string[];
  /** The transcript as piece indices into `pieces` (0-based within `pieces`). */
  script: number[];
  layers?: number;
  heads?: number;
  headDim?: number;
  /** Positions the decoder can address (config max_position_embeddings). */
  maxPositions?: number;
  /** Extra unused vocabulary entries, to give the logits a realistic width (benchmark). */
  padVocabTo?: number;
}

export const SIGNATURE_SPECIALS = { unk: 0, start: 1, eos: 2 } as const;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const BOOL = onnx.TensorProto.DataType.BOOL;

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

function floatInit(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dataType: FLOAT, dims, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function int64Init(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, dataType: INT64, dims, rawData: new Uint8Array(data.buffer) };
}

function node(opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input, output, attribute, name: output[0] };
}

function encodeModel(graph: onnx.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'tandem-asr-signature-model', graph }).finish();
}

/** Writes the four Moonshine files into `dir` (at their catalog paths) and returns the text the decoder spells. */
export function writeSignatureModel(dir: string, options: SignatureModelOptions): { files: Record<string, string>; vocabSize: number } {
  const layers = options.layers ?? 2;
  const heads = options.heads ?? 2;
  const headDim = options.headDim ?? 4;
  const hidden = heads * headDim;
  const maxPositions = options.maxPositions ?? 256;
  const vocab = Math.max(3 + options.pieces.length, options.padVocabTo ?? 0);

  // ---- encoder ----
  const convWeights = new Float32Array(hidden * SAMPLES_PER_TURN);
  for (let i = 0; i < SAMPLES_PER_TURN; i++) convWeights[i] = 1 / SAMPLES_PER_TURN; // channel 0: the frame's mean
  const encoder = encodeModel({
    name: 'moonshine_signature_encoder',
    input: [valueInfo('input_values', FLOAT, [1, 'num_samples'])],
    output: [valueInfo('last_hidden_state', FLOAT, [1, 'encoder_sequence_length', hidden])],
    initializer: [floatInit('conv_weight', [hidden, 1, SAMPLES_PER_TURN], convWeights), int64Init('axis1', [1], [1])],
    node: [
      node('Unsqueeze', ['input_values', 'axis1'], ['audio3d']),
      node('Conv', ['audio3d', 'conv_weight'], ['frames'], [
        { name: 'kernel_shape', type: onnx.AttributeProto.AttributeType.INTS, ints: [SAMPLES_PER_TURN] },
        { name: 'strides', type: onnx.AttributeProto.AttributeType.INTS, ints: [SAMPLES_PER_TURN] },
      ]),
      node('Transpose', ['frames'], ['last_hidden_state'], [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] }]),
    ],
  });

  // ---- merged decoder ----
  const table = new Float32Array(maxPositions * vocab);
  for (let p = 0; p < maxPositions; p++) {
    const token = p < options.script.length ? 3 + options.script[p] : SIGNATURE_SPECIALS.eos;
    table[p * vocab + token] = 10;
  }
  const eosRow = new Float32Array(vocab);
  eosRow[SIGNATURE_SPECIALS.eos] = 100;
  const ones = new Float32Array(heads * headDim).fill(1);
  const kvDims: Dim[] = [1, heads, 'past_sequence_length', headDim];
  const inputs = [valueInfo('input_ids', INT64, [1, 'decoder_sequence_length']), valueInfo('encoder_hidden_states', FLOAT, [1, 'encoder_sequence_length', hidden])];
  const outputs = [valueInfo('logits', FLOAT, [1, 'decoder_sequence_length', vocab])];
  const nodes: onnx.INodeProto[] = [
    node('Shape', ['input_ids'], ['ids_shape']),
    node('Gather', ['ids_shape', 'one_scalar'], ['seq_len']),
    node('Shape', ['past_key_values.0.decoder.key'], ['past_shape']),
    node('Gather', ['past_shape', 'two_scalar'], ['past_len']),
    node('Cast', ['use_cache_branch'], ['use_i64'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: INT64 }]),
    node('Squeeze', ['use_i64', 'axis0'], ['use_scalar']),
    node('Mul', ['past_len', 'use_scalar'], ['used_past']),
    node('Add', ['used_past', 'seq_len'], ['pos_end']),
    node('Range', ['used_past', 'pos_end', 'one_scalar'], ['positions']),
    node('Gather', ['script_table', 'positions'], ['script_logits']),
    node('Shape', ['encoder_hidden_states'], ['enc_shape']),
    node('Gather', ['enc_shape', 'one_scalar'], ['enc_len']),
    node('GreaterOrEqual', ['positions', 'enc_len'], ['past_audio']),
    node('Cast', ['past_audio'], ['past_audio_f'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
    node('Unsqueeze', ['past_audio_f', 'axis1'], ['past_audio_col']),
    node('Mul', ['past_audio_col', 'eos_row'], ['eos_bias']),
    node('Add', ['script_logits', 'eos_bias'], ['logits_2d']),
    node('Unsqueeze', ['logits_2d', 'axis0'], ['logits']),
    node('Cast', ['input_ids'], ['ids_f'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
    node('Unsqueeze', ['ids_f', 'axes13'], ['ids_4d']),
    node('Mul', ['ids_4d', 'kv_ones'], ['new_kv']),
    node('Unsqueeze', ['used_past', 'axis0'], ['used_past_1d']),
    node('Reshape', ['encoder_hidden_states', 'enc_kv_shape'], ['enc_split']),
    node('Transpose', ['enc_split'], ['enc_kv'], [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1, 3] }]),
  ];
  for (let l = 0; l < layers; l++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      inputs.push(valueInfo(`past_key_values.${l}.${part}`, FLOAT, kvDims));
      outputs.push(valueInfo(`present.${l}.${part}`, FLOAT, [1, heads, part.startsWith('decoder') ? 'total_sequence_length' : 'encoder_sequence_length', headDim]));
    }
    for (const part of ['key', 'value']) {
      nodes.push(node('Slice', [`past_key_values.${l}.decoder.${part}`, 'zero_1d', 'used_past_1d', 'axis2'], [`used_${l}_${part}`]));
      nodes.push(node('Concat', [`used_${l}_${part}`, 'new_kv'], [`present.${l}.decoder.${part}`], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 2 }]));
      nodes.push(node('Identity', ['enc_kv'], [`present.${l}.encoder.${part}`]));
    }
  }
  inputs.push(valueInfo('use_cache_branch', BOOL, [1]));
  const decoder = encodeModel({
    name: 'moonshine_signature_decoder_merged',
    input: inputs,
    output: outputs,
    node: nodes,
    initializer: [
      floatInit('script_table', [maxPositions, vocab], table),
      floatInit('eos_row', [1, vocab], eosRow),
      floatInit('kv_ones', [1, heads, 1, headDim], ones),
      int64Init('one_scalar', [], [1]),
      int64Init('two_scalar', [], [2]),
      int64Init('axis0', [1], [0]),
      int64Init('axis1', [1], [1]),
      int64Init('axis2', [1], [2]),
      int64Init('axes13', [2], [1, 3]),
      int64Init('zero_1d', [1], [0]),
      int64Init('enc_kv_shape', [4], [1, -1, heads, headDim]),
    ],
  });

  const vocabJson: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  options.pieces.forEach((piece, index) => (vocabJson[piece] = 3 + index));
  for (let id = 3 + options.pieces.length; id < vocab; id++) vocabJson[`▁unused${id}`] = id;
  const tokenizer = {
    version: '1.0',
    added_tokens: [
      { id: 0, content: '<unk>', special: true },
      { id: 1, content: '<s>', special: true },
      { id: 2, content: '</s>', special: true },
    ],
    model: { type: 'BPE', vocab: vocabJson, merges: [], byte_fallback: true },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
  };
  const config = {
    model_type: 'moonshine',
    hidden_size: hidden,
    decoder_num_attention_heads: heads,
    decoder_num_key_value_heads: heads,
    decoder_num_hidden_layers: layers,
    decoder_start_token_id: SIGNATURE_SPECIALS.start,
    bos_token_id: SIGNATURE_SPECIALS.start,
    eos_token_id: SIGNATURE_SPECIALS.eos,
    max_position_embeddings: maxPositions,
    vocab_size: vocab,
  };
  const contents: Record<string, Uint8Array | string> = {
    [MOONSHINE_FILES.encoder]: encoder,
    [MOONSHINE_FILES.decoder]: decoder,
    [MOONSHINE_FILES.tokenizer]: JSON.stringify(tokenizer),
    [MOONSHINE_FILES.config]: JSON.stringify(config),
  };
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(contents)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    files[path] = full;
  }
  return { files, vocabSize: vocab };
}
