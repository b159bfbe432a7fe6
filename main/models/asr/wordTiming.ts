// Splits a decoded hypothesis into words, times them inside the audio and gives each the confidence of its tokens.

import type { TranscribedWord } from '../../../common/speechRecognition';
import type { TokenizerDecoder } from './tokenizerDecoder';

/**
 * Words of `tokens`, placed over [0, speechMs]. Moonshine gives no alignment, so times are estimated:
 * the audio is shared among the words in proportion to their length in characters (plus one for the gap
 * after each), which follows speaking rate better than equal shares when short and long words mix.
 * A word's confidence is the lowest probability among the tokens that produced its characters.
 */
export function wordsFromTokens(tokenizer: TokenizerDecoder, tokens: readonly number[], probabilities: readonly number[], speechMs: number): TranscribedWord[] {
  // Decoding prefixes tells which token produced which characters (byte-fallback tokens may add none until their run completes).
  const charToken: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const length = tokenizer.decode(tokens.slice(0, i + 1)).length;
    while (charToken.length < length) charToken.push(i);
  }
  const text = tokenizer.decode(tokens);
  const spans: Array<{ word: string; confidence: number }> = [];
  for (const match of text.matchAll(/\S+/g)) {
    let confidence = 1;
    for (let c = match.index; c < match.index + match[0].length; c++) {
      const token = charToken[c];
      if (token !== undefined && probabilities[token] !== undefined) confidence = Math.min(confidence, probabilities[token]);
    }
    spans.push({ word: match[0], confidence });
  }
  const weight = spans.reduce((sum, span) => sum + span.word.length + 1, 0);
  const words: TranscribedWord[] = [];
  let used = 0;
  for (const span of spans) {
    const startMs = (used / weight) * speechMs;
    used += span.word.length + 1;
    // The gap share is silence after the word, so the word ends before it.
    const endMs = ((used - 1) / weight) * speechMs;
    words.push({ word: span.word, startMs: round1(startMs), endMs: round1(endMs), confidence: round3(span.confidence) });
  }
  return words;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
