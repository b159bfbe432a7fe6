// tokenizer.json decoding: SentencePiece pieces become words, byte-fallback runs become UTF-8, special tokens are left out, GPT-2 byte-level works too.

import { describe, expect, it } from 'vitest';
import { TokenizerDecoder } from '../../../../main/models/asr/tokenizerDecoder';

const sentencePiece = TokenizerDecoder.fromJson({
  added_tokens: [
    { id: 0, content: '<unk>', special: true },
    { id: 1, content: '<s>', special: true },
    { id: 2, content: '</s>', special: true },
  ],
  model: { type: 'BPE', vocab: { '<unk>': 0, '<s>': 1, '</s>': 2, '▁Hello': 3, '▁wor': 4, 'ld': 5, '<0xC3>': 6, '<0xA9>': 7, '▁caf': 8, '<0xFF>': 9, '.': 10 } },
  decoder: {
    type: 'Sequence',
    decoders: [
      { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
      { type: 'ByteFallback' },
      { type: 'Fuse' },
      { type: 'Strip', content: ' ', start: 1, stop: 0 },
    ],
  },
});

describe('TokenizerDecoder', () => {
  it('joins pieces at ▁ boundaries and strips the leading space', () => {
    expect(sentencePiece.decode([3, 4, 5, 10])).toBe('Hello world.');
  });

  it('turns a run of byte tokens into one UTF-8 character', () => {
    expect(sentencePiece.decode([8, 6, 7])).toBe('café');
  });

  it('shows a byte run that is not UTF-8 as replacement characters, one per byte', () => {
    expect(sentencePiece.decode([3, 9, 6])).toBe('Hello\uFFFD\uFFFD');
  });

  it('leaves out the start and end tokens unless asked to keep them', () => {
    expect(sentencePiece.decode([1, 3, 2])).toBe('Hello');
    expect(sentencePiece.decode([1, 3, 2], { skipSpecial: false })).toBe('<s> Hello</s>');
  });

  it('decodes GPT-2 byte-level pieces (Ġ is a space)', () => {
    const byteLevel = TokenizerDecoder.fromJson({ model: { vocab: { 'Ġhello': 0, 'Ġw': 1, 'orld': 2, 'Ã©': 3 } }, decoder: { type: 'ByteLevel' } });
    expect(byteLevel.decode([0, 1, 2, 3])).toBe(' hello worldé');
  });

  it('rejects a file without a vocabulary, naming the field', () => {
    expect(() => TokenizerDecoder.fromJson({ decoder: null }, 'x/tokenizer.json')).toThrow(/model: .*\(x\/tokenizer\.json\)/);
  });
});
