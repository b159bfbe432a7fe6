// Turns token ids back into text with a Hugging Face tokenizer.json (decode only: the recognizer never encodes).

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';

// Only what decoding needs is read; every other field of tokenizer.json (normalizer, merges, …) is ignored.
const decoderStepSchema: z.ZodType<DecoderStep> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('Sequence'), decoders: z.array(decoderStepSchema) }),
    z.object({ type: z.literal('Replace'), pattern: z.object({ String: z.string() }), content: z.string() }),
    z.object({ type: z.literal('ByteFallback') }),
    z.object({ type: z.literal('Fuse') }),
    z.object({ type: z.literal('Strip'), content: z.string(), start: z.number().int().nonnegative(), stop: z.number().int().nonnegative() }),
    z.object({ type: z.literal('Metaspace'), replacement: z.string().default('▁'), prepend_scheme: z.string().optional(), add_prefix_space: z.boolean().optional() }),
    z.object({ type: z.literal('ByteLevel') }),
  ]),
);

type DecoderStep =
  | { type: 'Sequence'; decoders: DecoderStep[] }
  | { type: 'Replace'; pattern: { String: string }; content: string }
  | { type: 'ByteFallback' }
  | { type: 'Fuse' }
  | { type: 'Strip'; content: string; start: number; stop: number }
  | { type: 'Metaspace'; replacement: string; prepend_scheme?: string; add_prefix_space?: boolean }
  | { type: 'ByteLevel' };

const tokenizerJsonSchema = z.object({
  added_tokens: z.array(z.object({ id: z.number().int().nonnegative(), content: z.string(), special: z.boolean().default(false) })).default([]),
  model: z.object({ vocab: z.record(z.string(), z.number().int().nonnegative()) }),
  decoder: decoderStepSchema.nullable().default(null),
});

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

export class TokenizerDecoder {
  private readonly pieces: string[] = [];
  private readonly special = new Set<number>();

  private constructor(
    vocab: Record<string, number>,
    addedTokens: Array<{ id: number; content: string; special: boolean }>,
    private readonly decoder: DecoderStep | null,
  ) {
    for (const [piece, id] of Object.entries(vocab)) this.pieces[id] = piece;
    for (const token of addedTokens) {
      this.pieces[token.id] = token.content;
      if (token.special) this.special.add(token.id);
    }
  }

  /** Reads tokenizer.json; a file that is not one says which field is wrong. */
  static fromFile(path: string): TokenizerDecoder {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new TandemError('MODEL_INVALID', `Cannot read the tokenizer: ${(error as Error).message}`, path, 'Download the model again (`tandem models pull NAME`).', { cause: error });
    }
    return TokenizerDecoder.fromJson(json, path);
  }

  static fromJson(json: unknown, where = 'tokenizer.json'): TokenizerDecoder {
    const parsed = tokenizerJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TandemError('MODEL_INVALID', `Not a tokenizer.json the decoder understands: ${issue.path.join('.') || '(root)'}: ${issue.message}`, where, 'Use the tokenizer.json of the model in the catalog.');
    }
    return new TokenizerDecoder(parsed.data.model.vocab, parsed.data.added_tokens, parsed.data.decoder);
  }

  get vocabSize(): number {
    return this.pieces.length;
  }

  isSpecial(id: number): boolean {
    return this.special.has(id);
  }

  /** The text of `ids`; special tokens (start, end of text, …) are left out unless asked for. */
  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const skipSpecial = options.skipSpecial ?? true;
    const tokens: string[] = [];
    for (const id of ids) {
      if (skipSpecial && this.special.has(id)) continue;
      // An id outside the vocabulary is the model's bug, not the user's: it shows, but does not stop recognition.
      tokens.push(this.pieces[id] ?? '\uFFFD');
    }
    return (this.decoder ? applyStep(this.decoder, tokens) : tokens).join('');
  }
}

function applyStep(step: DecoderStep, tokens: string[]): string[] {
  switch (step.type) {
    case 'Sequence':
      return step.decoders.reduce((current, inner) => applyStep(inner, current), tokens);
    case 'Replace':
      return tokens.map((token) => token.replaceAll(step.pattern.String, step.content));
    case 'ByteFallback':
      return byteFallback(tokens);
    case 'Fuse':
      return [tokens.join('')];
    case 'Strip':
      return tokens.map((token) => strip(token, step.content, step.start, step.stop));
    case 'Metaspace': {
      const prefixRemoved = step.prepend_scheme !== 'never' && step.add_prefix_space !== false;
      return tokens.map((token, index) => {
        const text = token.replaceAll(step.replacement, ' ');
        return index === 0 && prefixRemoved && text.startsWith(' ') ? text.slice(1) : text;
      });
    }
    case 'ByteLevel':
      return [byteLevel(tokens.join(''))];
  }
}

/** Runs of `<0xNN>` tokens are UTF-8 bytes; a run that is not valid UTF-8 becomes one U+FFFD per byte. */
function byteFallback(tokens: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      out.push(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)));
    } catch {
      for (let i = 0; i < bytes.length; i++) out.push('\uFFFD');
    }
    bytes = [];
  };
  for (const token of tokens) {
    const byte = BYTE_TOKEN.exec(token);
    if (byte) {
      bytes.push(Number.parseInt(byte[1], 16));
      continue;
    }
    flush();
    out.push(token);
  }
  flush();
  return out;
}

function strip(token: string, content: string, start: number, stop: number): string {
  let from = 0;
  let to = token.length;
  for (let i = 0; i < start && token.startsWith(content, from); i++) from += content.length;
  for (let i = 0; i < stop && to - content.length >= from && token.slice(to - content.length, to) === content; i++) to -= content.length;
  return token.slice(from, to);
}

// GPT-2's byte-level alphabet: printable bytes stand for themselves, the others were shifted to U+0100 and up.
let byteLevelTable: Map<string, number> | null = null;
function byteLevel(text: string): string {
  if (!byteLevelTable) {
    byteLevelTable = new Map();
    let shifted = 0;
    for (let byte = 0; byte < 256; byte++) {
      const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
      byteLevelTable.set(String.fromCodePoint(printable ? byte : 256 + shifted++), byte);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const byte = byteLevelTable.get(char);
    if (byte === undefined) bytes.push(...new TextEncoder().encode(char));
    else bytes.push(byte);
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}
