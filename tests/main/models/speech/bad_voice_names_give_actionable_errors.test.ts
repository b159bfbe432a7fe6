// Voice names are checked before a session starts: unknown kinds, unknown espeak-ng voices and bad settings say what to use instead.

import { describe, expect, it } from 'vitest';
import { isTandemError } from '../../../../common/errors';
import { EspeakVoice } from '../../../../main/models/speech/espeakVoice';
import { createVoice, parseVoiceName } from '../../../../main/models/speech/voiceChoice';

function caught(run: () => unknown): { code: string; message: string; hint: string } {
  try {
    run();
  } catch (error) {
    if (!isTandemError(error)) throw error;
    return { code: error.code, message: error.message, hint: String((error as { hint?: unknown }).hint ?? error.message) };
  }
  throw new Error('expected an error');
}

describe('voice names', () => {
  it('reads the names --voice takes', () => {
    expect(parseVoiceName('espeak')).toEqual({ kind: 'espeak', voice: 'en-us', rate: 175, pitch: 50 });
    expect(parseVoiceName('espeak:en-gb+f3', { rate: 200, pitch: 30 })).toEqual({ kind: 'espeak', voice: 'en-gb+f3', rate: 200, pitch: 30 });
    expect(parseVoiceName('espeak-ng:de')).toEqual({ kind: 'espeak', voice: 'de', rate: 175, pitch: 50 });
    expect(parseVoiceName('piper:piper-en-us-ryan-medium')).toEqual({ kind: 'piper', model: 'piper-en-us-ryan-medium' });
    expect(parseVoiceName('placeholder')).toEqual({ kind: 'placeholder' });
  });

  it('rejects an unknown kind of voice, listing the kinds', () => {
    const error = caught(() => parseVoiceName('robot'));
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('Unknown voice "robot"');
    expect(error.message).toMatch(/espeak:VOICE.*piper:MODEL.*placeholder/s);
  });

  it('rejects malformed names and settings out of range', () => {
    expect(caught(() => parseVoiceName('piper:')).message).toContain('Unknown voice "piper:"');
    expect(caught(() => parseVoiceName('espeak:en us')).message).toMatch(/Invalid voice "espeak:en us": voice letters, digits/);
    expect(caught(() => parseVoiceName('espeak', { rate: 20 })).message).toMatch(/Invalid voice "espeak": rate/);
    expect(caught(() => parseVoiceName('espeak', { pitch: 120 })).message).toMatch(/Invalid voice "espeak": pitch/);
  });

  it('rejects an espeak-ng voice that does not exist, naming ones that do', async () => {
    const error = await EspeakVoice.create({ voice: 'xx-nope' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isTandemError(error)).toBe(true);
    expect((error as Error).message).toContain('Unknown espeak-ng voice "xx-nope"');
    expect((error as Error).message).toMatch(/such as .*\ben, .*en-us\b/);
  });

  it('starts a variant voice that exists', async () => {
    const voice = await createVoice(parseVoiceName('espeak:en+f3'));
    try {
      expect(voice.name).toBe('espeak-ng:en+f3');
      const speech = voice.synthesize({ id: 'v', text: 'Good morning.', kind: 'reply' });
      await speech.whenAvailable(Number.POSITIVE_INFINITY);
      expect(speech.error).toBeNull();
      expect(speech.words.map((w) => w.word)).toEqual(['Good', 'morning']);
    } finally {
      await voice.dispose();
    }
  });
});
