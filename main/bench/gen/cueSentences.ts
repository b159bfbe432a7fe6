// Generates one cuespeak sample: a typed "when I say X, say Y" request, then user speech in the mic with X said mid-sentence at a known time (or, in control samples, never).

import * as nodePath from 'node:path';
import { MICRO_TURN_MS } from '../../../common/microturn';
import { isTandemError } from '../../../common/errors';
import { describeVoice, durationMsOf, normalizePeak, pickVoice, synthesize, synthesizeWithMarkedWord, type SentenceWithWord, type SpeechVoice } from './espeakSpeech';
import { writeScenario, type GeneratedSample } from './generatedSamples';
import { MicTrack, type PlacedSpeech } from './micTrack';
import { SampleRandom } from './sampleRandom';
import { MONOLOGUE_SENTENCES, REMINDER_TASKS, normalizedWords, sentencesWithout, type ContentItem } from './spokenText';

export const CUE_WORDS = ['banana', 'purple', 'Tuesday', 'elephant', 'deadline', 'pineapple', 'Chicago', 'guitar', 'umbrella', 'volcano', 'pickle', 'marathon', 'penguin', 'lantern', 'saxophone', 'giraffe'] as const;

/** The cue goes between `before` and `after`: never the first or the last word of its sentence. */
const CUE_SENTENCES: ReadonlyArray<readonly [string, string]> = [
  ['my sister told me the', 'was the best part of the whole trip'],
  ['yesterday the', 'thing came up again during lunch with the team'],
  ['honestly that', 'story is what everyone keeps talking about'],
  ['we could put the', 'picture next to the window in the kitchen'],
  ['I saw a poster about the', 'festival on my way to work this morning'],
  ['apparently the word', 'was in the crossword puzzle today'],
  ['my friend keeps a little', 'sticker on the back of her laptop'],
  ['there was a documentary about the', 'on television last night and it was fascinating'],
  ['I completely forgot the', 'meeting notes at home this morning'],
  ['the kids drew a giant', 'on the pavement with coloured chalk'],
];

/** Short replies the assistant is asked to give on the cue. */
const RESPONSE_WORDS: readonly ContentItem[] = [
  { text: 'bingo', keywords: ['bingo'] },
  { text: 'noted', keywords: ['noted'] },
  { text: 'jackpot', keywords: ['jackpot'] },
  { text: 'gotcha', keywords: ['gotcha'] },
  { text: 'eureka', keywords: ['eureka'] },
  { text: 'roger', keywords: ['roger'] },
];

const SAY_TEMPLATES: ReadonlyArray<(cue: string, reply: string) => string> = [
  (c, r) => `when I say "${c}", say "${r}"`,
  (c, r) => `tell me "${r}" when I say the word ${c}`,
  (c, r) => `if I mention ${c}, say ${r}`,
  (c, r) => `let me know by saying "${r}" when I say ${c}`,
];
const REMIND_TEMPLATES: ReadonlyArray<(cue: string, task: string) => string> = [
  (c, t) => `when you hear me say ${c}, remind me to ${t}`,
  (c, t) => `remind me to ${t} when I say ${c}`,
];

/** An utterance starting in [cue start, cue end + this] answers the cue. */
export const CUE_RESPONSE_WINDOW_MS = 5000;

export interface CuespeakTruth extends Record<string, unknown> {
  request: { atMs: number; text: string };
  /** The word the user asked about. */
  cueWord: string;
  /** Where it was said; null in a control sample, where it never is. */
  cue: { fromMs: number; toMs: number; sentenceFromMs: number; sentenceToMs: number; sentence: string } | null;
  /** Control samples: the word said where the cue would have been. */
  saidInstead: string | null;
  /** What the assistant must say, and the words that must be in it. */
  response: ContentItem;
  userSpeech: PlacedSpeech[];
  durationMs: number;
}

/** Sample k is a control (the cue is never said) when k mod 5 = 4: one in five. */
export function cuespeakIsControl(k: number): boolean {
  return ((k % 5) + 5) % 5 === 4;
}

export async function makeCuespeakSample(seed: number, k: number, dir: string): Promise<GeneratedSample> {
  const rng = new SampleRandom(seed);
  const control = cuespeakIsControl(k);
  const cueWord = rng.pick(CUE_WORDS);
  const remind = rng.chance(1 / 3);
  const response = remind ? rng.pick(REMINDER_TASKS) : rng.pick(RESPONSE_WORDS);
  const requestText = remind ? rng.pick(REMIND_TEMPLATES)(cueWord, response.text) : rng.pick(SAY_TEMPLATES)(cueWord, response.text);
  const requestAtMs = rng.int(500, 2500);
  const saidInstead = control ? rng.pick(CUE_WORDS.filter((w) => w !== cueWord)) : null;
  const [before, after] = rng.pick(CUE_SENTENCES);
  const banned = [...normalizedWords(cueWord), ...response.keywords];
  const fillers = rng.shuffled(sentencesWithout(MONOLOGUE_SENTENCES, banned));
  const spokenWord = saidInstead ?? cueWord;
  const gaps: [number, number] = [rng.int(30, 90), rng.int(30, 90)];
  const { voice, marked } = sayCueSentence(before, spokenWord, after, gaps, rng);
  const level = () => rng.uniform(-9, -3);

  // Speech is planned first (its length decides the run's length), then laid on the track.
  const plan: Array<{ atMs: number; clip: Float32Array; text: string }> = [];
  let cursorMs = requestAtMs + rng.int(1500, 3500);
  const fillersBefore = rng.int(1, 3);
  for (let i = 0; i < fillersBefore; i++) {
    const clip = normalizePeak(synthesize(fillers[i], voice), level());
    plan.push({ atMs: cursorMs, clip, text: fillers[i] });
    cursorMs += Math.ceil(durationMsOf(clip)) + rng.int(600, 1500);
  }
  const cueSentence = `${before} ${spokenWord} ${after}`;
  const cueClip = normalizePeak(marked.samples, level());
  const cueSentenceAtMs = cursorMs;
  plan.push({ atMs: cueSentenceAtMs, clip: cueClip, text: cueSentence });
  const cueToMs = cueSentenceAtMs + marked.wordToMs;
  let endMs = Math.max(cueSentenceAtMs + durationMsOf(cueClip), cueToMs + CUE_RESPONSE_WINDOW_MS);
  if (rng.chance(0.5)) {
    // A later sentence, well after the response window, so that a model that only speaks when the user speaks gains nothing.
    const text = fillers[fillersBefore];
    const clip = normalizePeak(synthesize(text, voice), level());
    const atMs = Math.ceil(endMs) + rng.int(1000, 2000);
    plan.push({ atMs, clip, text });
    endMs = atMs + durationMsOf(clip);
  }
  const durationMs = Math.ceil((endMs + 3000) / MICRO_TURN_MS) * MICRO_TURN_MS;

  const mic = new MicTrack(durationMs, rng.fork('noise'));
  let cue: CuespeakTruth['cue'] = null;
  for (const item of plan) {
    const placed = mic.place(item.clip, item.atMs, item.text, describeVoice(voice));
    if (item.text === cueSentence && !control) {
      cue = { fromMs: placed.fromMs + marked.wordFromMs, toMs: placed.fromMs + marked.wordToMs, sentenceFromMs: placed.fromMs, sentenceToMs: placed.toMs, sentence: cueSentence };
    }
  }
  mic.writeWav(nodePath.join(dir, 'mic.wav'));
  const scenario = writeScenario(dir, 'cuespeak.scenario.json', {
    version: 1,
    name: `cuespeak-${seed}`,
    description: control
      ? `cuespeak control: "${requestText}" typed at ${requestAtMs} ms; the user never says "${cueWord}" (says "${saidInstead}" in its place). Generated from seed ${seed}.`
      : `cuespeak: "${requestText}" typed at ${requestAtMs} ms; "${cueWord}" said at ${cue!.fromMs.toFixed(0)}–${cue!.toMs.toFixed(0)} ms. Generated from seed ${seed}.`,
    durationMs,
    mic: [{ file: 'mic.wav', atMs: 0 }],
    text: [{ atMs: requestAtMs, text: requestText }],
  });
  const truth: CuespeakTruth = {
    request: { atMs: requestAtMs, text: requestText },
    cueWord,
    cue,
    saidInstead,
    response,
    userSpeech: mic.placed,
    durationMs,
  };
  return { task: 'cuespeak', scenario, truth };
}

/**
 * The cue sentence decides the user's voice: when the breaks around the word cannot be found in what a
 * voice says (rare: a breathy variant), another voice is drawn, up to eight times.
 */
function sayCueSentence(before: string, word: string, after: string, gaps: [number, number], rng: SampleRandom): { voice: SpeechVoice; marked: SentenceWithWord } {
  let voice = pickVoice(rng);
  for (let attempt = 0; ; attempt++) {
    try {
      return { voice, marked: synthesizeWithMarkedWord(before, word, after, voice, gaps) };
    } catch (error) {
      if (attempt >= 7 || !isTandemError(error) || error.code !== 'MEDIA_INVALID') throw error;
      voice = pickVoice(rng.fork(`voice-${attempt}`));
    }
  }
}
