// A Piper voice goes the real way — catalog → download → verified files → onnxruntime session — and speaks sentence by sentence with a test-made model.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelStore } from '../../../../main/models/catalog/modelStore';
import { EspeakVoice } from '../../../../main/models/speech/espeakVoice';
import { PiperVoice, piperPhonemeIds, splitSentences } from '../../../../main/models/speech/piperVoice';
import { createVoice } from '../../../../main/models/speech/voiceChoice';
import { ModelFileServer, catalogFileFor, tempStoreDir, testCatalog } from '../catalog/modelServer.fixture';
import { SAMPLES_PER_ID, TEST_SAMPLE_RATE_HZ, VALUE_PER_ID, piperTestConfig, piperTestModelBytes } from './tinyPiperModel.fake';

const TEXT = 'Hello there, friend. How are you today?';
const LENGTH_SCALE = 1.5;

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
let store: ModelStore;
let voice: PiperVoice;

beforeAll(async () => {
  // The config maps exactly the IPA characters espeak-ng produces for the test text.
  const phonemizer = await EspeakVoice.create();
  const ipa = (await Promise.all(splitSentences(TEXT).map((s) => phonemizer.phonemize(s, 'en-us')))).flat().join(', ');
  await phonemizer.dispose();
  const model = piperTestModelBytes();
  const config = piperTestConfig([...Array.from(ipa.normalize('NFD')), ',', '.', '?', ' '], LENGTH_SCALE);
  server = new ModelFileServer();
  await server.start();
  server.serve('/piper-test/test-voice.onnx', model);
  server.serve('/piper-test/test-voice.onnx.json', config);
  temp = tempStoreDir('piper');
  const catalog = testCatalog([{ name: 'piper-test', files: [catalogFileFor(server, '/piper-test/test-voice.onnx', model), catalogFileFor(server, '/piper-test/test-voice.onnx.json', config)] }]);
  catalog.models[0].role = 'tts';
  store = new ModelStore({ catalog, modelsDir: join(temp.dir, 'models') });
});
afterAll(async () => {
  await voice?.dispose();
  await server.stop();
  temp.remove();
});

describe('Piper voice from the catalog', () => {
  it('refuses before the model is pulled, naming the command that fixes it', async () => {
    await expect(createVoice({ kind: 'piper', model: 'piper-test' }, { modelStore: store })).rejects.toThrow(/not installed.*tandem models pull piper-test/s);
  });

  it('loads after a pull and speaks: ids as piper-phonemize builds them, one model run per sentence, resampled to 16 kHz', async () => {
    await store.pull('piper-test');
    voice = (await createVoice({ kind: 'piper', model: 'piper-test' }, { modelStore: store })) as PiperVoice;
    expect(voice.name).toBe('piper:piper-test');

    const sentences = splitSentences(TEXT);
    expect(sentences).toEqual(['Hello there, friend.', 'How are you today?']);
    const perSentence = await Promise.all(sentences.map((s) => voice.phonemeIds(s)));
    for (const { ids, missing, ipa } of perSentence) {
      expect(missing).toBe(0);
      expect(ids).toEqual(piperPhonemeIds(ipa, voice.config.phoneme_id_map).ids);
      expect(ids[0]).toBe(1); // ^
      expect(ids.at(-1)).toBe(2); // $
    }
    expect(perSentence[0].ipa.endsWith('.')).toBe(true);
    expect(perSentence[1].ipa.endsWith('?')).toBe(true);

    const speech = voice.synthesize({ id: 'p1', text: TEXT, kind: 'reply' });
    await speech.whenAvailable(Number.POSITIVE_INFINITY);
    expect(speech.error).toBeNull();
    const step = TEST_SAMPLE_RATE_HZ / 16_000;
    const lengths = perSentence.map(({ ids }) => Math.ceil((ids.length * SAMPLES_PER_ID) / step));
    expect(speech.availableSamples).toBe(lengths[0] + lengths[1]);

    // The ids reached the model: the middle of each id's span plays id × VALUE_PER_ID × length_scale.
    const audio = new Float32Array(speech.availableSamples);
    speech.read(0, audio);
    perSentence[0].ids.slice(2, 8).forEach((id, j) => {
      const at = Math.round(((j + 2) * SAMPLES_PER_ID + SAMPLES_PER_ID / 2) / step);
      expect(audio[at]).toBeCloseTo(id * VALUE_PER_ID * LENGTH_SCALE, 3);
    });

    // Words: in order, inside their sentence's audio, covering the utterance.
    expect(speech.words.map((w) => w.word)).toEqual(['Hello', 'there,', 'friend.', 'How', 'are', 'you', 'today?']);
    const firstSentenceMs = (lengths[0] * 1000) / 16_000;
    expect(speech.words[2].endMs).toBeCloseTo(firstSentenceMs, 6);
    expect(speech.words[3].startMs).toBeCloseTo(firstSentenceMs, 6);
    expect(speech.words.at(-1)!.endMs).toBeCloseTo(speech.durationMs!, 6);
    for (let i = 1; i < speech.words.length; i++) expect(speech.words[i].startMs).toBeGreaterThanOrEqual(speech.words[i - 1].endMs - 1e-9);
  });

  it('streams: the first sentence is readable before the second is synthesized', async () => {
    const speech = voice.synthesize({ id: 'p2', text: TEXT, kind: 'reply' });
    const firstIds = (await voice.phonemeIds('Hello there, friend.')).ids.length;
    const firstLength = Math.ceil((firstIds * SAMPLES_PER_ID) / (TEST_SAMPLE_RATE_HZ / 16_000));
    await speech.whenAvailable(1);
    expect(speech.availableSamples).toBe(firstLength);
    expect(speech.done).toBe(false);
    await speech.whenAvailable(Number.POSITIVE_INFINITY);
    expect(speech.availableSamples).toBeGreaterThan(firstLength);
  });

  it('refuses a catalog model that is not a voice', async () => {
    const other = new ModelStore({ catalog: testCatalog([{ name: 'an-asr-model', files: [] }]), modelsDir: join(temp.dir, 'other') });
    await expect(PiperVoice.fromCatalog(other, 'an-asr-model')).rejects.toThrow(/not a voice \(its role is asr\)/);
  });
});
