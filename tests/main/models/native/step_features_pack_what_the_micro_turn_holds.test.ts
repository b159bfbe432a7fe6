// packStep writes every slot of the native model's tensors from one micro-turn: dMel, playback, text and event tokens, patches.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN, type ChangedFrame } from '../../../../common/microturn';
import { EVENT_TOKEN, MAX_TEXT_TOKENS, PATCH_BYTES, PATCH_SOURCE } from '../../../../main/models/native/contract';
import { createStepFeatures, loadVocab, packStep, parseVocab, tokenize, type NativeStepContext } from '../../../../main/models/native/features';
import { resourcePath } from '../../../../main/models/resources';
import { microTurnInput } from '../microTurnInput.fake';

const SILENT: NativeStepContext = { currentKind: null, pendingReply: false, pendingInterjection: false, counting: false };
const vocab = loadVocab(resourcePath('models', 'native', 'vocab.json'));

function frame(source: ChangedFrame['source'], patchCount: number): ChangedFrame {
  const patches = new Uint8Array(patchCount * PATCH_BYTES);
  for (let i = 0; i < patchCount; i++) patches.fill(i + 1, i * PATCH_BYTES, (i + 1) * PATCH_BYTES);
  return { source, atMs: 0, frameIndex: 0, width: 40 * patchCount, height: 40, patches, patchCount, changedShare: 1 };
}

describe('packStep', () => {
  it('copies both dMels and describes the playback', () => {
    const dmel = new Uint8Array(1280).map((_, i) => i % 16);
    const assistantDmel = new Uint8Array(1280).fill(7);
    const input = microTurnInput(3, new Float32Array(SAMPLES_PER_TURN), {
      dmel,
      assistantDmel,
      underrunSamples: 800,
      assistant: { speaking: true, utteranceId: 'u1', spokenMs: 1000, remainingMs: 9000 },
    });
    const out = createStepFeatures();
    packStep(input, { ...SILENT, currentKind: 'backchannel' }, vocab, out);
    expect([...out.userDmel]).toEqual([...dmel]);
    expect([...out.assistantDmel]).toEqual([...assistantDmel]);
    expect([...out.playback]).toEqual([1, 0, 1, 0, 0.25, 1, 1, 0.25]);
  });

  it('turns typed text, finished words and background results into tokens, newest kept, unknown words hashed', () => {
    expect(tokenize('Stop', vocab)).toEqual([vocab.ids.get('stop')]);
    const [unknown] = tokenize('zyxwvut', vocab);
    expect(unknown).toBeGreaterThanOrEqual(1);
    expect(unknown).toBeLessThanOrEqual(vocab.oovBuckets);
    expect(tokenize('zyxwvut', vocab)).toEqual([unknown]);

    const input = microTurnInput(0, new Float32Array(SAMPLES_PER_TURN), {
      text: [{ atMs: 10, text: 'remind me' }],
      words: [
        { word: 'hello', startMs: 0, endMs: 100, segmentId: 's1', final: true },
        { word: 'partial', startMs: 100, endMs: 150, segmentId: 's2', final: false },
      ],
      events: [{ atMs: 50, kind: 'background_update', payload: { taskId: 't', text: 'it is sunny' } }],
    });
    const out = createStepFeatures();
    packStep(input, SILENT, vocab, out);
    const expected = tokenize('remind me hello it is sunny', vocab);
    expect([...out.textTokens]).toEqual([...expected, ...new Array(MAX_TEXT_TOKENS - expected.length).fill(0)]);
    expect([...out.eventTokens]).toEqual([EVENT_TOKEN.background_update, EVENT_TOKEN.typed_text, EVENT_TOKEN.words, 0, 0, 0, 0, 0]);

    const long = microTurnInput(1, new Float32Array(SAMPLES_PER_TURN), { text: [{ atMs: 0, text: Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ') }] });
    packStep(long, SILENT, vocab, out);
    expect([...out.textTokens]).toEqual(tokenize(Array.from({ length: 16 }, (_, i) => `w${i + 4}`).join(' '), vocab));
  });

  it('keeps the model\'s own state tokens when more events arrive than there are slots', () => {
    const events = Array.from({ length: 9 }, (_, i) => ({ atMs: i, kind: 'timer_due' as const, payload: {} }));
    const out = createStepFeatures();
    packStep(microTurnInput(0, new Float32Array(SAMPLES_PER_TURN), { events }), { currentKind: null, pendingReply: true, pendingInterjection: true, counting: true }, vocab, out);
    expect([...out.eventTokens]).toEqual([1, 1, 1, 1, 1, EVENT_TOKEN.pending_reply, EVENT_TOKEN.pending_interjection, EVENT_TOKEN.counting]);
  });

  it('takes four evenly spaced patches of the newest frame of each source and clears what the last step left', () => {
    const out = createStepFeatures();
    packStep(microTurnInput(0, new Float32Array(SAMPLES_PER_TURN), { frames: [frame('screen', 16), frame('camera', 2)] }), SILENT, vocab, out);
    expect([...out.patchSource]).toEqual([1, 1, 2, 2, 2, 2, 0, 0].map((s) => (s === 1 ? PATCH_SOURCE.camera : s === 2 ? PATCH_SOURCE.screen : 0)));
    // Camera: 2 patches (indices 0 and 1); screen: indices 2, 6, 10, 14 of 16.
    expect([0, 1, 2, 3, 4, 5].map((slot) => out.patches[slot * PATCH_BYTES])).toEqual([1, 2, 3, 7, 11, 15]);
    expect([...out.patchPos]).toEqual([0, 8, 2, 6, 10, 14, 0, 0]);
    expect(out.patches[6 * PATCH_BYTES]).toBe(0);

    packStep(microTurnInput(1, new Float32Array(SAMPLES_PER_TURN)), SILENT, vocab, out);
    expect([...out.patchSource]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(out.patches.every((v) => v === 0)).toBe(true);
  });

  it('refuses a vocabulary that is not the shipped format, naming the field', () => {
    expect(() => parseVocab({ version: 1, oovBuckets: 64, words: ['Ok'] }, 'vocab.json')).toThrow(/words\.0/);
    expect(() => parseVocab({ version: 2, oovBuckets: 64, words: ['ok'] }, 'vocab.json')).toThrow(/version/);
  });
});
