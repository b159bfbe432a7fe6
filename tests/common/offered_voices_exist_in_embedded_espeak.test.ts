// Every voice Settings offers is one the embedded espeak-ng knows: each parses as a voice name and loads, under the name session_started records.

import { describe, expect, it } from 'vitest';
import { VoiceSettingsSchema } from '../../common/ipc';
import { OFFERED_VOICES, VOICE_PITCH_RANGE, VOICE_RATE_RANGE } from '../../common/voices';
import { createVoice, parseVoiceName } from '../../main/models/speech/voiceChoice';

describe('offered voices', () => {
  it('have distinct names the settings schema accepts, the default first', () => {
    expect(OFFERED_VOICES[0].name).toBe(VoiceSettingsSchema.parse({}).name);
    expect(new Set(OFFERED_VOICES.map((v) => v.name)).size).toBe(OFFERED_VOICES.length);
    for (const voice of OFFERED_VOICES) expect(VoiceSettingsSchema.safeParse({ name: voice.name }).success).toBe(true);
  });

  it('match the schema bounds of rate and pitch', () => {
    const defaults = VoiceSettingsSchema.parse({});
    expect([VOICE_RATE_RANGE.default, VOICE_PITCH_RANGE.default]).toEqual([defaults.rate, defaults.pitch]);
    expect(VoiceSettingsSchema.safeParse({ rate: VOICE_RATE_RANGE.min - 1 }).success).toBe(false);
    expect(VoiceSettingsSchema.safeParse({ rate: VOICE_RATE_RANGE.max + 1 }).success).toBe(false);
    expect(VoiceSettingsSchema.safeParse({ pitch: VOICE_PITCH_RANGE.max + 1 }).success).toBe(false);
    expect(VoiceSettingsSchema.safeParse({ rate: VOICE_RATE_RANGE.max, pitch: VOICE_PITCH_RANGE.min }).success).toBe(true);
  });

  it('each loads in the embedded espeak-ng', async () => {
    for (const offered of OFFERED_VOICES) {
      const voice = await createVoice(parseVoiceName(offered.name));
      try {
        expect(voice.name).toBe(offered.name === 'espeak' ? 'espeak-ng:en-us' : offered.name.replace(/^espeak:/, 'espeak-ng:'));
      } finally {
        await voice.dispose();
      }
    }
  }, 60_000);
});
