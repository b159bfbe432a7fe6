// Generates one timespeak sample: a typed timed request ("in 20 seconds say switch", a reminder, or a repeating one stopped later), with or without the user talking at the due time.

import * as nodePath from 'node:path';
import { MICRO_TURN_MS } from '../../../common/microturn';
import { describeVoice, durationMsOf, normalizePeak, pickVoice, synthesize, type SpeechVoice } from './espeakSpeech';
import type { GeneratedSample } from './generatedSamples';
import { writeScenario } from './generatedSamples';
import { MicTrack, type PlacedSpeech } from './micTrack';
import { SampleRandom } from './sampleRandom';
import { MONOLOGUE_SENTENCES, REMINDER_TASKS, SAY_WORDS, delayInWords, periodInWords, sentencesWithout, type ContentItem } from './spokenText';

export const TIMED_REQUEST_KINDS = ['say_once', 'remind_once', 'repeat_until_stop'] as const;
export type TimedRequestKind = (typeof TIMED_REQUEST_KINDS)[number];
export const USER_CONDITIONS = ['silent', 'talking'] as const;
export type UserCondition = (typeof USER_CONDITIONS)[number];

/** One moment the assistant should speak. */
export interface DueMoment {
  atMs: number;
  /** The user is speaking at atMs (their speech started ≥ 500 ms before and ends 400–1800 ms after). */
  userTalking: boolean;
  /** End of the user's speech that covers atMs (the next natural pause), or null when silent. */
  talkingUntilMs: number | null;
}

export interface TimespeakTruth extends Record<string, unknown> {
  kind: TimedRequestKind;
  condition: UserCondition;
  request: { atMs: number; text: string };
  /** The typed "stop" of a repeating request; null for one-off requests. */
  stop: { atMs: number; text: string } | null;
  /** What the assistant must say at each due moment, and the words that must be in it. */
  content: ContentItem;
  /** Repeat period; null for one-off requests. */
  periodMs: number | null;
  due: DueMoment[];
  /** Where the next repetition would have been without the stop (the run lasts past it); null for one-off requests. */
  nextDueIfNotStoppedMs: number | null;
  userSpeech: PlacedSpeech[];
  durationMs: number;
}

/** Delays of one-off requests, in seconds (5 s to a minute and a half). */
const ONCE_DELAYS_S = [5, 8, 10, 12, 15, 20, 25, 30, 40, 45, 60, 75, 90];
/** Periods of repeating requests, in seconds; 2–4 repetitions before the stop. */
const REPEAT_PERIODS_S = [15, 20, 30];

const SAY_TEMPLATES: ReadonlyArray<(delay: string, word: string) => string> = [
  (d, w) => `in ${d} say ${w}`,
  (d, w) => `in ${d}, say "${w}"`,
  (d, w) => `say '${w}' in ${d}`,
  (d, w) => `${d} from now say ${w}`,
  (d, w) => `wait ${d} and then say "${w}"`,
  (d, w) => `please say ${w} in ${d}`,
];
const REMIND_TEMPLATES: ReadonlyArray<(delay: string, task: string) => string> = [
  (d, t) => `remind me in ${d} to ${t}`,
  (d, t) => `remind me to ${t} in ${d}`,
  (d, t) => `in ${d} remind me to ${t}`,
  (d, t) => `tell me to ${t} in ${d}`,
  (d, t) => `set a reminder to ${t} in ${d}`,
];
const REPEAT_TEMPLATES: ReadonlyArray<(period: string, word: string) => string> = [
  (p, w) => `say "${w}" ${p} until I say stop`,
  (p, w) => `${p} say ${w} until I tell you to stop`,
  (p, w) => `keep saying ${w} ${p} until I say stop`,
  (p, w) => `repeat '${w}' ${p} until I say stop`,
];
const STOP_TEXTS = ['stop', 'ok stop', 'you can stop now', 'stop please', 'thanks, stop'];

/** Time before a due moment from which an utterance counts for it (speaking a little early is allowed, and measured). */
export const EARLY_WINDOW_MS = 2000;
/** Time after a due moment until which an utterance still counts for it. */
export const LATE_WINDOW_MS = 10_000;
/** User speech that is not about the due moment stays at least this far from it ("silent" means silent). */
const QUIET_MARGIN_MS = 3000;

/** The combination of kind and condition of sample k: k cycles through all six, so any 6 consecutive samples cover them all. */
export function timespeakDesign(k: number): { kind: TimedRequestKind; condition: UserCondition } {
  const combo = ((k % 6) + 6) % 6;
  return { kind: TIMED_REQUEST_KINDS[Math.floor(combo / 2)], condition: USER_CONDITIONS[combo % 2] };
}

/** The request part of a sample: what is typed when, what is due when, the stop. Drawn first from the sample's generator, in this order. */
export interface TimedRequestDraw {
  kind: TimedRequestKind;
  condition: UserCondition;
  requestAtMs: number;
  content: ContentItem;
  requestText: string;
  dueTimes: number[];
  periodMs: number | null;
  stop: TimespeakTruth['stop'];
  nextDueIfNotStoppedMs: number | null;
}

/** Draws sample k's request from `rng` (the sample's own generator; exported so tests can check every phrasing without synthesizing speech). */
export function drawTimedRequest(rng: SampleRandom, k: number): TimedRequestDraw {
  const { kind, condition } = timespeakDesign(k);
  const requestAtMs = rng.int(600, 3000);
  let content: ContentItem;
  let requestText: string;
  let dueTimes: number[];
  let periodMs: number | null = null;
  let stop: TimespeakTruth['stop'] = null;
  let nextDueIfNotStoppedMs: number | null = null;

  if (kind === 'repeat_until_stop') {
    content = rng.pick(SAY_WORDS);
    const periodS = rng.pick(REPEAT_PERIODS_S);
    periodMs = periodS * 1000;
    requestText = rng.pick(REPEAT_TEMPLATES)(periodInWords(periodS, rng), content.text);
    const repetitions = rng.int(2, 4);
    dueTimes = Array.from({ length: repetitions }, (_, i) => requestAtMs + (i + 1) * periodMs!);
    const lastDue = dueTimes[dueTimes.length - 1];
    // The stop comes at least 3 s after the last repetition and at least 4 s before the next one would be due.
    stop = { atMs: lastDue + rng.int(3000, periodMs - 4000), text: rng.pick(STOP_TEXTS) };
    nextDueIfNotStoppedMs = lastDue + periodMs;
  } else {
    const delayS = rng.pick(ONCE_DELAYS_S);
    const delay = delayInWords(delayS, rng);
    if (kind === 'say_once') {
      content = rng.pick(SAY_WORDS);
      requestText = rng.pick(SAY_TEMPLATES)(delay, content.text);
    } else {
      content = rng.pick(REMINDER_TASKS);
      requestText = rng.pick(REMIND_TEMPLATES)(delay, content.text);
    }
    dueTimes = [requestAtMs + delayS * 1000];
  }
  return { kind, condition, requestAtMs, content, requestText, dueTimes, periodMs, stop, nextDueIfNotStoppedMs };
}

export async function makeTimespeakSample(seed: number, k: number, dir: string): Promise<GeneratedSample> {
  const rng = new SampleRandom(seed);
  const { kind, condition, requestAtMs, content, requestText, dueTimes, periodMs, stop, nextDueIfNotStoppedMs } = drawTimedRequest(rng, k);
  const lastMomentMs = nextDueIfNotStoppedMs ?? dueTimes[dueTimes.length - 1];
  const durationMs = roundUpToTurn(lastMomentMs + (nextDueIfNotStoppedMs === null ? LATE_WINDOW_MS + 2000 : 3000));

  const mic = new MicTrack(durationMs, rng.fork('noise'));
  const speechRng = rng.fork('speech');
  const sentences = sentencesWithout(MONOLOGUE_SENTENCES, content.keywords);
  // One user per sample: every sentence in the mic has the same voice.
  const voice = pickVoice(speechRng);
  const talkingIndex = condition === 'talking' ? speechRng.int(0, dueTimes.length - 1) : -1;
  const due: DueMoment[] = dueTimes.map((atMs, i) => {
    if (i !== talkingIndex) return { atMs, userTalking: false, talkingUntilMs: null };
    const placed = placeTalkingOver(mic, atMs, sentences, voice, speechRng);
    return { atMs, userTalking: true, talkingUntilMs: placed.toMs };
  });
  // Some silent samples still have the user chatting at another time, so "silent" is not "an empty mic".
  if (speechRng.chance(0.6)) {
    const unused = sentences.filter((sentence) => !mic.placed.some((p) => p.text === sentence));
    placeAwayFrom(mic, [...dueTimes, ...(nextDueIfNotStoppedMs === null ? [] : [nextDueIfNotStoppedMs])], requestAtMs + 500, unused, voice, speechRng);
  }

  mic.writeWav(nodePath.join(dir, 'mic.wav'));
  const text = [{ atMs: requestAtMs, text: requestText }, ...(stop ? [{ atMs: stop.atMs, text: stop.text }] : [])];
  const scenario = writeScenario(dir, 'timespeak.scenario.json', {
    version: 1,
    name: `timespeak-${seed}`,
    description: `timespeak ${kind}, user ${condition} at the due time: "${requestText}" typed at ${requestAtMs} ms; due at ${dueTimes.join(', ')} ms. Generated from seed ${seed}.`,
    durationMs,
    mic: [{ file: 'mic.wav', atMs: 0 }],
    text,
  });
  const truth: TimespeakTruth = {
    kind,
    condition,
    request: { atMs: requestAtMs, text: requestText },
    stop,
    content,
    periodMs,
    due,
    nextDueIfNotStoppedMs,
    userSpeech: [...mic.placed].sort((a, b) => a.fromMs - b.fromMs),
    durationMs,
  };
  return { task: 'timespeak', scenario, truth };
}

/**
 * Puts a sentence over `dueMs`: it started at least 500 ms before and ends 400–1800 ms after, so a
 * model that waits for the user's next pause can still be at most 2 s late.
 */
function placeTalkingOver(mic: MicTrack, dueMs: number, sentences: readonly string[], voice: SpeechVoice, rng: SampleRandom): PlacedSpeech {
  for (let attempt = 0; attempt < 20; attempt++) {
    const sentence = rng.pick(sentences);
    const clip = normalizePeak(synthesize(sentence, voice), rng.uniform(-9, -3));
    const tailMs = rng.int(400, 1800);
    const startMs = Math.round(dueMs - (durationMsOf(clip) - tailMs));
    if (dueMs - startMs >= 500 && startMs >= 200) return mic.place(clip, startMs, sentence, describeVoice(voice));
  }
  throw new RangeError(`no sentence fits over the due moment at ${dueMs} ms`);
}

/** Puts one sentence somewhere at least QUIET_MARGIN_MS away from every moment, if there is room. */
function placeAwayFrom(mic: MicTrack, momentsMs: readonly number[], earliestMs: number, sentences: readonly string[], voice: SpeechVoice, rng: SampleRandom): void {
  const sentence = rng.pick(sentences);
  const clip = normalizePeak(synthesize(sentence, voice), rng.uniform(-9, -3));
  const lengthMs = Math.ceil(durationMsOf(clip));
  const busy = [...momentsMs.map((m) => ({ fromMs: m - QUIET_MARGIN_MS, toMs: m + QUIET_MARGIN_MS })), ...mic.placed.map((p) => ({ fromMs: p.fromMs - 500, toMs: p.toMs + 500 }))];
  for (let attempt = 0; attempt < 30; attempt++) {
    const startMs = rng.int(Math.round(earliestMs), Math.max(Math.round(earliestMs), mic.durationMs - lengthMs - 500));
    const endMs = startMs + lengthMs;
    if (endMs > mic.durationMs - 500) continue;
    if (busy.some((b) => startMs < b.toMs && endMs > b.fromMs)) continue;
    mic.place(clip, startMs, sentence, describeVoice(voice));
    return;
  }
}

function roundUpToTurn(ms: number): number {
  return Math.ceil(ms / MICRO_TURN_MS) * MICRO_TURN_MS;
}
