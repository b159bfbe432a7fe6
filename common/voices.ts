// The voices Settings offers: embedded espeak-ng voices by the name settings.voice.name takes (tests/common/offered_voices_exist_in_embedded_espeak.test.ts checks each one loads).

export interface OfferedVoice {
  /** As settings.voice.name and `tandem run --voice` take it. */
  name: string;
  label: string;
}

/**
 * English voices of the espeak-ng data that ships inside the app (no download): accents and a few of its
 * variants. Piper voices from the model catalog are named piper:MODEL and set in settings.json or with
 * `tandem run --voice`; Settings shows such a name too when it is the current one.
 */
export const OFFERED_VOICES: readonly OfferedVoice[] = [
  { name: 'espeak', label: 'American English (default)' },
  { name: 'espeak:en-us+f3', label: 'American English, female' },
  { name: 'espeak:en-us+m3', label: 'American English, lower male' },
  { name: 'espeak:en', label: 'British English' },
  { name: 'espeak:en+f2', label: 'British English, female' },
  { name: 'espeak:en-gb-x-rp', label: 'British English, received pronunciation' },
  { name: 'espeak:en-gb-scotland', label: 'Scottish English' },
  { name: 'espeak:en-029', label: 'Caribbean English' },
];

/** espeak-ng's rate (words per minute) and pitch ranges, as VoiceSettingsSchema bounds them. */
export const VOICE_RATE_RANGE = { min: 80, max: 450, default: 175 } as const;
export const VOICE_PITCH_RANGE = { min: 0, max: 99, default: 50 } as const;
