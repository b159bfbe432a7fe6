// A clearly labelled test voice (`--voice placeholder`): a soft syllable-like tone as long as the utterance would take to say.

import { z } from 'zod';
import { SAMPLE_RATE_HZ, type SpokenWord, type Utterance } from '../../../common/microturn';
import { TandemError } from '../../../common/errors';
import type { SynthesizedSpeech, Voice } from '../../../common/interaction';
import { StreamingSpeech } from './streamingSpeech';

export const PLACEHOLDER_VOICE_NAME = 'placeholder-tone';

const PlaceholderVoiceOptionsSchema = z.strictObject({
  /** 160 words/min: a calm conversational pace (espeak-ng's default is 175). */
  wordsPerMinute: z.number().positive().max(600).default(160),
  /** Silence after a word ending in , ; : or a dash. */
  commaPauseMs: z.number().nonnegative().default(150),
  /** Silence after a word ending in . ! ? (not after the last word). */
  sentencePauseMs: z.number().nonnegative().default(300),
  /** Two tones a fifth apart (220 + 330 Hz): clearly not speech, not a piercing beep. */
  toneHz: z.tuple([z.number().positive(), z.number().positive()]).default([220, 330]),
  /** Peak level of the tone pair: about -26 dBFS, soft next to speech at -12 to -6. */
  peakDbfs: z.number().max(0).default(-26),
  /** Fade in and out at each word's edges, so cuts between words do not click. */
  fadeMs: z.number().nonnegative().default(10),
  /** Amplitude modulation rate: ~4 syllables per second, so the waveform looks like syllables. */
  syllablesPerSecond: z.number().positive().default(4),
});
export type PlaceholderVoiceOptions = z.output<typeof PlaceholderVoiceOptionsSchema>;

interface WordSpan {
  startSample: number;
  endSample: number;
}

/** Not speech synthesis: a tone with speech-like timing, for the engine and UI until a real voice exists. */
export class PlaceholderVoice implements Voice {
  readonly name = PLACEHOLDER_VOICE_NAME;
  readonly options: PlaceholderVoiceOptions;

  constructor(options: z.input<typeof PlaceholderVoiceOptionsSchema> = {}) {
    const result = PlaceholderVoiceOptionsSchema.safeParse(options);
    if (!result.success) {
      const field = result.error.issues[0].path.join('.') || '(root)';
      throw new TandemError('CONFIG_INVALID', `Invalid placeholder voice option ${field}: ${result.error.issues[0].message}`, `placeholder voice: ${field}`, 'Fix or remove the option.');
    }
    this.options = result.data;
  }

  synthesize(utterance: Utterance): SynthesizedSpeech {
    const { wordsPerMinute, commaPauseMs, sentencePauseMs } = this.options;
    const wordSamples = msToSamples(60_000 / wordsPerMinute);
    const tokens = utterance.text.split(/\s+/).filter((token) => token !== '');
    const spans: WordSpan[] = [];
    const words: SpokenWord[] = [];
    let cursor = 0;
    tokens.forEach((token, index) => {
      spans.push({ startSample: cursor, endSample: cursor + wordSamples });
      words.push({ word: token, startMs: samplesToMs(cursor), endMs: samplesToMs(cursor + wordSamples) });
      cursor += wordSamples;
      if (index < tokens.length - 1) {
        if (/[.!?]["')\]]*$/.test(token)) cursor += msToSamples(sentencePauseMs);
        else if (/([,;:]|[-–—])["')\]]*$/.test(token)) cursor += msToSamples(commaPauseMs);
      }
    });
    const totalSamples = cursor;
    const render = makeRenderer(this.options, spans);
    // Every sample is a function of its index alone, so the whole utterance exists at once: never an underrun.
    const audio = new Float32Array(totalSamples);
    for (let i = 0; i < totalSamples; i++) audio[i] = render(i);
    const speech = new StreamingSpeech(utterance, PLACEHOLDER_VOICE_NAME, undefined, true);
    speech.append(audio, words);
    speech.finish();
    return speech;
  }

  async dispose(): Promise<void> {}
}

function makeRenderer(options: PlaceholderVoiceOptions, spans: readonly WordSpan[]): (sample: number) => number {
  // Each tone gets half the peak, so their sum never exceeds it.
  const amplitude = 10 ** (options.peakDbfs / 20) / 2;
  const [lowHz, highHz] = options.toneHz;
  const fadeSamples = msToSamples(options.fadeMs);
  const twoPi = 2 * Math.PI;
  return (sample) => {
    const span = findSpan(spans, sample);
    if (!span) return 0;
    const t = sample / SAMPLE_RATE_HZ;
    const tInWord = (sample - span.startSample) / SAMPLE_RATE_HZ;
    // Raised-cosine envelope starting at 0 with each word: one bump per syllable.
    const syllable = 0.5 * (1 - Math.cos(twoPi * options.syllablesPerSecond * tInWord));
    const edge = Math.min(sample - span.startSample, span.endSample - 1 - sample);
    const fade = fadeSamples > 0 ? Math.min(1, edge / fadeSamples) : 1;
    return amplitude * syllable * fade * (Math.sin(twoPi * lowHz * t) + Math.sin(twoPi * highHz * t));
  };
}

/** Binary search: spans are sorted and disjoint. */
function findSpan(spans: readonly WordSpan[], sample: number): WordSpan | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (sample < span.startSample) hi = mid - 1;
    else if (sample >= span.endSample) lo = mid + 1;
    else return span;
  }
  return undefined;
}

function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE_HZ) / 1000);
}

function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE_HZ;
}
