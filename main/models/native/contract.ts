// The native interaction model's ONNX contract: tensor names, shapes and token ids shared by the runtime, the data exporter and training/.

/**
 * Version of the step graph's inputs and outputs. training/ writes it into the manifest; the runtime refuses a
 * model of another version (the features would be packed differently from what it was trained on).
 */
export const NATIVE_CONTRACT_VERSION = 1;

/** Audio tokens per micro-turn: the 16 dMel frames are taken 4 at a time (50 ms per token). */
export const AUDIO_TOKENS_PER_STEP = 4;
/** Tokens the transformer adds to its stream per micro-turn: the audio tokens and one context token. */
export const TOKENS_PER_STEP = AUDIO_TOKENS_PER_STEP + 1;
/** Text tokens read per micro-turn (the newest ones when more arrived). */
export const MAX_TEXT_TOKENS = 16;
/** Event tokens read per micro-turn. */
export const MAX_EVENT_TOKENS = 8;
/** Patch slots per micro-turn (PATCHES_PER_SOURCE for each of camera and screen). */
export const MAX_PATCHES = 8;
export const PATCHES_PER_SOURCE = 4;
/** Position buckets of a patch inside its frame (row-major patch index scaled to 0..15). */
export const PATCH_POSITIONS = 16;
/** Bytes of one 40×40 RGB patch. */
export const PATCH_BYTES = 40 * 40 * 3;
/** Playback features: see PLAYBACK_FEATURE_NAMES. */
export const PLAYBACK_FEATURES = 8;
export const PLAYBACK_FEATURE_NAMES = [
  'speaking', // the assistant's voice is playing as the chunk closes
  'kind_reply',
  'kind_backchannel',
  'kind_interjection',
  'spoken_share', // spokenMs / 4000, at most 1
  'remaining_share', // remainingMs / 4000, at most 1
  'mic_present',
  'underrun_share', // share of the chunk the mic did not deliver
] as const;
/** spokenMs and remainingMs are scaled by this and clipped at 1. */
export const PLAYBACK_SCALE_MS = 4000;

/** Patch source ids (0 = empty slot). */
export const PATCH_SOURCE = { none: 0, camera: 1, screen: 2 } as const;

/** Event token ids (0 = empty slot). The first seven are the engine's InputEvent kinds. */
export const EVENT_TOKEN = {
  pad: 0,
  timer_due: 1,
  background_update: 2,
  source_lost: 3,
  source_restored: 4,
  repetition: 5,
  code_findings: 6,
  watch_fired: 7,
  /** The user typed something in this micro-turn. */
  typed_text: 8,
  /** The recognizer finished words of the user in this micro-turn. */
  words: 9,
  /** The model has an answer to give (a user request waiting for its reply, a background result). */
  pending_reply: 10,
  /** Something proactive waits to be said (a due timer, a finding, a watch firing). */
  pending_interjection: 11,
  /** The repetition counter is armed. */
  counting: 12,
} as const;
export const EVENT_VOCAB_SIZE = 16;

/** Text token ids: 0 pad, 1..oovBuckets hashed unknown words, then the vocabulary's words in order. */
export const TEXT_PAD = 0;

/** Sigmoid heads besides the action, in output order. */
export const NATIVE_HEADS = [
  'user_speaking', // the user (not a bystander or a television) is speaking at the end of the chunk
  'floor_free', // the user does not hold the floor: no turn of theirs is going on (not even a pause inside one)
] as const;
export type NativeHead = (typeof NATIVE_HEADS)[number];

/** ONNX input names. Integer inputs are uint8/int32 and widened inside the graph (no BigInt on the hot path). */
export const NATIVE_INPUT = {
  /** uint8 [1, 16, 80]: the user's dMel bins. */
  userDmel: 'user_dmel',
  /** uint8 [1, 16, 80]: the dMel of what the assistant played in the same 200 ms. */
  assistantDmel: 'assistant_dmel',
  /** float32 [1, PLAYBACK_FEATURES]. */
  playback: 'playback',
  /** int32 [1, MAX_TEXT_TOKENS]. */
  textTokens: 'text_tokens',
  /** int32 [1, MAX_EVENT_TOKENS]. */
  eventTokens: 'event_tokens',
  /** uint8 [1, MAX_PATCHES, 40, 40, 3]: RGB, interleaved, as ChangedFrame holds them. */
  patches: 'patches',
  /** int32 [1, MAX_PATCHES]: PATCH_SOURCE of each slot. */
  patchSource: 'patch_source',
  /** int32 [1, MAX_PATCHES]: position bucket 0..PATCH_POSITIONS-1. */
  patchPos: 'patch_pos',
  /** float32 [layers, 1, heads, window, headDim]: keys of the last `window` tokens (oldest first). */
  pastKey: 'past_key',
  pastValue: 'past_value',
  /** float32 [1, window]: 1 where the cache slot holds a token (0 at the start of a session). */
  pastValid: 'past_valid',
} as const;

/** ONNX output names. */
export const NATIVE_OUTPUT = {
  /** float32 [1, ACTIONS.length]: logits in common/microturn.ts ACTIONS order. */
  actionLogits: 'action_logits',
  /** float32 [1, NATIVE_HEADS.length]: probabilities. */
  heads: 'heads',
  nextKey: 'next_key',
  nextValue: 'next_value',
  nextValid: 'next_valid',
} as const;
