// Packs one micro-turn's input into the native model's tensors; the runtime and the training-data exporter both use it, so training sees exactly what the app feeds.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { DMEL_CHANNELS, DMEL_FRAMES_PER_TURN, type MicroTurnInput, type Utterance } from '../../../common/microturn';
import {
  EVENT_TOKEN,
  MAX_EVENT_TOKENS,
  MAX_PATCHES,
  MAX_TEXT_TOKENS,
  PATCH_BYTES,
  PATCH_POSITIONS,
  PATCH_SOURCE,
  PATCHES_PER_SOURCE,
  PLAYBACK_FEATURES,
  PLAYBACK_SCALE_MS,
  TEXT_PAD,
} from './contract';

const DMEL_VALUES = DMEL_FRAMES_PER_TURN * DMEL_CHANNELS;

/** The shipped word vocabulary (resources/models/native/vocab.json). */
export interface NativeVocab {
  oovBuckets: number;
  /** Word → token id (ids start after the pad and the OOV buckets). */
  ids: Map<string, number>;
  /** Number of text token ids (the embedding table's size). */
  size: number;
}

const VocabSchema = z.strictObject({
  version: z.literal(1),
  oovBuckets: z.number().int().min(1).max(4096),
  words: z.array(z.string().regex(/^[a-z0-9'][a-z0-9']*$/)).min(1),
});

export function parseVocab(json: unknown, source: string): NativeVocab {
  const parsed = VocabSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('MODEL_INVALID', `Native model vocabulary is invalid: ${issue.path.join('.') || '(root)'}: ${issue.message}`, source, 'Use the vocab.json shipped in resources/models/native/, or one written by training/.');
  }
  const ids = new Map<string, number>();
  parsed.data.words.forEach((word, index) => {
    if (!ids.has(word)) ids.set(word, 1 + parsed.data.oovBuckets + index);
  });
  return { oovBuckets: parsed.data.oovBuckets, ids, size: 1 + parsed.data.oovBuckets + parsed.data.words.length };
}

export function loadVocab(path: string): NativeVocab {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TandemError('MODEL_INVALID', `Cannot read the native model vocabulary: ${(error as Error).message}`, path, 'Reinstall the model files (resources/models/native/) or run training/ again.', { cause: error });
  }
  return parseVocab(json, path);
}

/** FNV-1a over the word's UTF-16 code units: an unknown word always lands in the same bucket. */
function oovBucket(word: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1 + (hash % buckets);
}

/** Token ids of a text: lowercase words of letters, digits and apostrophes. */
export function tokenize(text: string, vocab: NativeVocab): number[] {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  return words.map((word) => vocab.ids.get(word) ?? oovBucket(word, vocab.oovBuckets));
}

/** What only the model knows about itself, which it feeds back as input. */
export interface NativeStepContext {
  /** Kind of the utterance the model started that is playing now (null when silent). */
  currentKind: Utterance['kind'] | null;
  /** An answer waits to be given (a user request, a background result). */
  pendingReply: boolean;
  /** Something proactive waits to be said (a due timer, a finding, a fired watch). */
  pendingInterjection: boolean;
  /** The repetition counter is armed. */
  counting: boolean;
}

/** One micro-turn's tensors (preallocated once per session and overwritten each step). */
export interface NativeStepFeatures {
  userDmel: Uint8Array;
  assistantDmel: Uint8Array;
  playback: Float32Array;
  textTokens: Int32Array;
  eventTokens: Int32Array;
  patches: Uint8Array;
  patchSource: Int32Array;
  patchPos: Int32Array;
}

export function createStepFeatures(): NativeStepFeatures {
  return {
    userDmel: new Uint8Array(DMEL_VALUES),
    assistantDmel: new Uint8Array(DMEL_VALUES),
    playback: new Float32Array(PLAYBACK_FEATURES),
    textTokens: new Int32Array(MAX_TEXT_TOKENS),
    eventTokens: new Int32Array(MAX_EVENT_TOKENS),
    patches: new Uint8Array(MAX_PATCHES * PATCH_BYTES),
    patchSource: new Int32Array(MAX_PATCHES),
    patchPos: new Int32Array(MAX_PATCHES),
  };
}

function copyDmel(from: Uint8Array, to: Uint8Array, what: string): void {
  if (from.length !== DMEL_VALUES) throw new Error(`${what} has ${from.length} values, expected ${DMEL_VALUES} (a bug in the engine)`);
  to.set(from);
}

/** The text that arrived in this micro-turn, in arrival order: typed text, finished words, background results. */
function arrivedText(input: MicroTurnInput): string[] {
  const parts: string[] = [];
  for (const item of input.text) parts.push(item.text);
  for (const word of input.words) if (word.final) parts.push(word.word);
  for (const event of input.events) {
    if (event.kind === 'background_update' && typeof event.payload.text === 'string') parts.push(event.payload.text);
  }
  return parts;
}

/** Fills `out` from `input` and `context` (every slot is written, so nothing of the last step leaks). */
export function packStep(input: MicroTurnInput, context: NativeStepContext, vocab: NativeVocab, out: NativeStepFeatures): void {
  copyDmel(input.dmel, out.userDmel, 'the user dMel');
  copyDmel(input.assistantDmel, out.assistantDmel, 'the assistant dMel');

  const playback = input.assistant;
  out.playback[0] = playback.speaking ? 1 : 0;
  out.playback[1] = context.currentKind === 'reply' ? 1 : 0;
  out.playback[2] = context.currentKind === 'backchannel' ? 1 : 0;
  out.playback[3] = context.currentKind === 'interjection' ? 1 : 0;
  out.playback[4] = Math.min(Math.max(playback.spokenMs, 0) / PLAYBACK_SCALE_MS, 1);
  out.playback[5] = Math.min(Math.max(playback.remainingMs, 0) / PLAYBACK_SCALE_MS, 1);
  out.playback[6] = input.micPresent ? 1 : 0;
  out.playback[7] = Math.min(Math.max(input.underrunSamples, 0) / input.audio.length, 1);

  // The newest tokens win when more arrived than there are slots.
  const tokens = arrivedText(input).flatMap((text) => tokenize(text, vocab)).slice(-MAX_TEXT_TOKENS);
  out.textTokens.fill(TEXT_PAD);
  out.textTokens.set(tokens);

  const events: number[] = [];
  for (const event of input.events) events.push(EVENT_TOKEN[event.kind]);
  if (input.text.length > 0) events.push(EVENT_TOKEN.typed_text);
  if (input.words.some((word) => word.final)) events.push(EVENT_TOKEN.words);
  if (context.pendingReply) events.push(EVENT_TOKEN.pending_reply);
  if (context.pendingInterjection) events.push(EVENT_TOKEN.pending_interjection);
  if (context.counting) events.push(EVENT_TOKEN.counting);
  // The model's own state tokens are the last three: keep them, drop the oldest input events instead.
  const kept = events.length > MAX_EVENT_TOKENS ? events.slice(events.length - MAX_EVENT_TOKENS) : events;
  out.eventTokens.fill(EVENT_TOKEN.pad);
  out.eventTokens.set(kept);

  // Up to PATCHES_PER_SOURCE evenly spaced patches of the newest changed frame of each source.
  out.patchSource.fill(PATCH_SOURCE.none);
  out.patchPos.fill(0);
  out.patches.fill(0);
  let slot = 0;
  for (const source of ['camera', 'screen'] as const) {
    let frame = null;
    for (const candidate of input.frames) if (candidate.source === source) frame = candidate;
    if (!frame || frame.patchCount === 0) continue;
    const take = Math.min(PATCHES_PER_SOURCE, frame.patchCount);
    for (let i = 0; i < take; i++) {
      const index = Math.floor(((i + 0.5) * frame.patchCount) / take);
      const start = index * PATCH_BYTES;
      if (start + PATCH_BYTES > frame.patches.length) break;
      out.patches.set(frame.patches.subarray(start, start + PATCH_BYTES), slot * PATCH_BYTES);
      out.patchSource[slot] = PATCH_SOURCE[source];
      out.patchPos[slot] = Math.min(PATCH_POSITIONS - 1, Math.floor((index * PATCH_POSITIONS) / frame.patchCount));
      slot++;
    }
  }
}
