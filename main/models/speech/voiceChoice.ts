// Which voice speaks: parsed from `--voice NAME` (or settings), recorded in session_started, and turned into a Voice.

import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import type { Voice } from '../../../common/interaction';
import { defaultCatalogPath, loadCatalog } from '../catalog/catalogSchema';
import { ModelStore } from '../catalog/modelStore';
import { ESPEAK_VOICE_PREFIX, EspeakVoice, EspeakVoiceOptionsSchema } from './espeakVoice';
import { PIPER_VOICE_PREFIX, PiperVoice } from './piperVoice';
import { PLACEHOLDER_VOICE_NAME, PlaceholderVoice } from './placeholderVoice';

export const VoiceChoiceSchema = z.discriminatedUnion('kind', [
  /** The embedded default: espeak-ng in wasm, no download. */
  z.strictObject({ kind: z.literal('espeak'), ...EspeakVoiceOptionsSchema.shape }),
  /** A Piper voice from the model catalog (downloaded with `tandem models pull`). */
  z.strictObject({ kind: z.literal('piper'), model: z.string().min(1).max(128) }),
  /** The test tone with speech-like timing (not speech). */
  z.strictObject({ kind: z.literal('placeholder') }),
]);
export type VoiceChoice = z.output<typeof VoiceChoiceSchema>;

export const DEFAULT_VOICE_CHOICE: VoiceChoice = VoiceChoiceSchema.parse({ kind: 'espeak' });

export const VOICE_NAME_HELP = `espeak (the embedded default), espeak:VOICE (an espeak-ng voice such as en-us, en-gb, en-us+f3), piper:MODEL (a tts model from \`tandem models list\`), or placeholder (a test tone)`;

/** `--voice` text → a choice. Rate and pitch come separately (settings, --voice-rate, --voice-pitch). */
export function parseVoiceName(text: string, espeak: { rate?: number; pitch?: number } = {}): VoiceChoice {
  const [kind, ...rest] = text.trim().split(':');
  const arg = rest.join(':');
  let candidate: unknown;
  if ((kind === 'espeak' || kind === ESPEAK_VOICE_PREFIX) && (rest.length === 0 || arg !== '')) {
    candidate = { kind: 'espeak', ...(arg ? { voice: arg } : {}), ...espeak };
  } else if (kind === PIPER_VOICE_PREFIX && arg !== '') candidate = { kind: 'piper', model: arg };
  else if ((kind === 'placeholder' || kind === PLACEHOLDER_VOICE_NAME) && rest.length === 0) candidate = { kind: 'placeholder' };
  else throw new TandemError('USAGE', `Unknown voice "${text}"`, '--voice', `Use ${VOICE_NAME_HELP}.`);
  const parsed = VoiceChoiceSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TandemError('USAGE', `Invalid voice "${text}": ${issue.path.join('.') || 'voice'} ${issue.message}`, '--voice', `Use ${VOICE_NAME_HELP}; rate 80–450 words/min, pitch 0–99.`);
  }
  return parsed.data;
}

export interface CreateVoiceOptions {
  /** Where catalog voices are installed; default: the user data folder with the shipped catalog. */
  modelStore?: ModelStore;
}

/** Makes the voice; an unknown espeak-ng voice or a missing catalog voice is an actionable error. */
export async function createVoice(choice: VoiceChoice, options: CreateVoiceOptions = {}): Promise<Voice> {
  if (choice.kind === 'placeholder') return new PlaceholderVoice();
  if (choice.kind === 'espeak') return EspeakVoice.create({ voice: choice.voice, rate: choice.rate, pitch: choice.pitch });
  const store = options.modelStore ?? new ModelStore({ catalog: loadCatalog(defaultCatalogPath()) });
  return PiperVoice.fromCatalog(store, choice.model);
}
