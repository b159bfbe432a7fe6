// The seven tasks of the generated suite: what each sample's audio holds and which Full-Duplex-Bench annotation files describe it.

import { BACKCHANNEL_WINDOW_S, FD_ANNOTATION_FILES } from '../annotations';
import { Track, finishTracks, noiseFloor, speakAndCut, type PlacedSegment, type SampleContext } from './compose';
import { activeRms, dbToGain, fadeEdges, SAMPLES_PER_MS, scaled } from './pcm';
import {
  FILLERS,
  pickBackgroundSentences,
  pickUserBackchannel,
  pickInterruption,
  pickPauseSentence,
  pickRequest,
  pickSideConversation,
  pickStoryPhrases,
  pickUtterance,
  slotKind,
  type PauseKind,
} from './textBank';
import { describeVoice, isHeldOutVoice, pickOtherVoice, pickUserVoice, type VoicePolicy, type VoiceSettings } from './voices';

/**
 * The tasks, named as Full-Duplex-Bench names them (v1: evaluate.py --task; v1.5: its data folders,
 * which annotations.ts maps to its `overlap_…` task names). background_noise is Tandem's own, in the
 * v1.5 format. The order fixes each task's block of seeds: append new tasks, never reorder.
 */
export const FD_GENERATED_TASKS = [
  'pause_handling',
  'smooth_turn_taking',
  'user_interruption',
  'backchannel',
  'talking_to_other',
  'background_speech',
  'background_noise',
  'user_backchannel',
] as const;
export type FdGeneratedTask = (typeof FD_GENERATED_TASKS)[number];

/** What a builder hands back: the audio files, the annotation files, and a description for the manifest. */
export interface BuiltSample {
  wavs: Record<string, Float32Array>;
  json: Record<string, unknown>;
  info: Record<string, unknown>;
}

/** `voices` is the benchmark's policy unless a training recipe asks for its own (see VoicePolicy). */
type Builder = (ctx: SampleContext, voices?: VoicePolicy) => Promise<BuiltSample>;

export const TASK_BUILDERS: Record<FdGeneratedTask, Builder> = {
  pause_handling: buildPauseHandling,
  smooth_turn_taking: buildSmoothTurnTaking,
  user_interruption: buildUserInterruption,
  backchannel: buildBackchannel,
  talking_to_other: buildTalkingToOther,
  background_speech: buildBackgroundSpeech,
  background_noise: buildBackgroundNoise,
  user_backchannel: buildUserBackchannel,
};

/** Seconds, as FD-bench writes times; every time here is a whole ms, so three decimals are exact. */
function s(ms: number): number {
  return ms / 1000;
}

/** A whole number of ms, rounded to 10 ms (pauses and gaps are chosen at that resolution). */
function msBetween(ctx: SampleContext, fromMs: number, toMs: number): number {
  return Math.round(ctx.rng.uniform(fromMs, toMs) / 10) * 10;
}

/** The speaking level of a user: active-speech RMS around −20 dBFS, as a close microphone gives. */
function userLevel(ctx: SampleContext): number {
  return Math.round(ctx.rng.uniform(-24, -17) * 10) / 10;
}

function voiceInfo(voice: VoiceSettings): Record<string, unknown> {
  return { ...voice, description: describeVoice(voice), held_out: isHeldOutVoice(voice) };
}

/** user_speech.json: every stretch of speech in input.wav (any speaker), overlapping stretches merged. */
function userSpeechAnnotation(segments: ReadonlyArray<PlacedSegment>): Array<{ text: string; timestamp: [number, number] }> {
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: Array<{ texts: string[]; startMs: number; endMs: number }> = [];
  for (const segment of sorted) {
    const last = merged[merged.length - 1];
    if (last && segment.startMs < last.endMs) {
      last.texts.push(segment.text);
      last.endMs = Math.max(last.endMs, segment.endMs);
    } else {
      merged.push({ texts: [segment.text], startMs: segment.startMs, endMs: segment.endMs });
    }
  }
  return merged.map((m) => ({ text: m.texts.join(' / '), timestamp: [s(m.startMs), s(m.endMs)] }));
}

function segmentsInfo(segments: ReadonlyArray<PlacedSegment>): Array<Record<string, unknown>> {
  return segments.map((seg) => ({ role: seg.role, layer: seg.layer, text: seg.text, start_s: s(seg.startMs), end_s: s(seg.endMs) }));
}

/** Total length rounded up to a whole number of 200 ms micro-turns. */
function wholeTurns(ms: number): number {
  return Math.ceil(ms / 200) * 200;
}

// ---------------------------------------------------------------------------------------------------
// v1 pause handling: one user turn with 1–2 pauses inside it, then the real end of the turn.

async function buildPauseHandling(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const level = userLevel(ctx);
  // A sentence whose boundaries cannot be found with this voice is replaced by another one.
  for (let attempt = 0; attempt < 8; attempt++) {
    const sentence = pickPauseSentence(rng);
    const pauseCount = sentence.slots.length >= 2 && rng.chance(0.35) ? 2 : 1;
    const slots = rng.shuffled(sentence.slots).slice(0, pauseCount).sort((a, b) => a - b);
    const words = [...sentence.words];
    const cuts: Array<{ afterWord: number; pauseMs: number; kind: PauseKind }> = [];
    let inserted = 0;
    for (const slot of slots) {
      const at = slot + inserted;
      let kind: PauseKind = slotKind(words[at]);
      if (kind === 'mid_phrase' && rng.chance(0.45)) {
        // "for, um, | four people": the filler is part of the sentence as synthesized; the pause follows it.
        words[at] = `${words[at]},`;
        words.splice(at + 1, 0, `${rng.pick(FILLERS)},`);
        inserted++;
        kind = 'filler';
        cuts.push({ afterWord: at + 1, pauseMs: msBetween(ctx, 500, 2000), kind });
      } else {
        cuts.push({ afterWord: at, pauseMs: msBetween(ctx, 500, 2000), kind });
      }
    }
    const cut = await speakAndCut(ctx, voice, words, cuts.map((c) => c.afterWord), level);
    if (!cut) continue;

    const track = new Track();
    track.silence(msBetween(ctx, 300, 1000));
    const pauses: Array<{ text: string; timestamp: [number, number]; kind: PauseKind }> = [];
    cut.pieces.forEach((piece, i) => {
      track.append(piece, 'user', cut.pieceTexts[i]);
      if (i < cuts.length) {
        const startMs = track.cursorMs;
        track.silence(cuts[i].pauseMs);
        pauses.push({ text: '[PAUSE]', timestamp: [s(startMs), s(track.cursorMs)], kind: cuts[i].kind });
      }
    });
    const turnEndMs = track.cursorMs;
    // A short tail only: FD-bench scores any take-over in the output, so the sample ends soon after the real end of the turn.
    const totalMs = turnEndMs + msBetween(ctx, 500, 800);
    const [input] = finishTracks([track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
    return {
      wavs: { 'input.wav': input },
      json: { [FD_ANNOTATION_FILES.pause]: pauses, [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments) },
      info: {
        voices: { user: voiceInfo(voice) },
        text: words.join(' '),
        sentences_tried: attempt + 1,
        pauses: cuts.map((c, i) => ({ kind: c.kind, after_word: words[c.afterWord], pause_ms: c.pauseMs, cut_depth_db: cut.cutDepthsDb[i], cut_offset_ms: cut.cutOffsetsMs[i] })),
        turn_end_s: s(turnEndMs),
        segments: segmentsInfo(track.segments),
      },
    };
  }
  throw new Error(`pause_handling: no sentence could be cut at a word boundary with ${describeVoice(voice)}`);
}

// ---------------------------------------------------------------------------------------------------
// v1 smooth turn-taking: one complete user turn of any utterance type, then silence for the answer.

async function buildSmoothTurnTaking(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const utterance = pickUtterance(rng);
  const clip = await ctx.speak(voice, utterance.text, userLevel(ctx));
  const track = new Track();
  track.silence(msBetween(ctx, 300, 1200));
  const turn = track.append(clip, 'user', utterance.text);
  const totalMs = wholeTurns(turn.endMs + msBetween(ctx, 3000, 5000));
  const [input] = finishTracks([track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input },
    json: {
      [FD_ANNOTATION_FILES.turnTaking]: [{ text: '[TURN-TAKING]', timestamp: [s(turn.endMs), s(totalMs)], utterance_type: utterance.type }],
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: { voices: { user: voiceInfo(voice) }, utterance_type: utterance.type, text: utterance.text, turn_end_s: s(turn.endMs), segments: segmentsInfo(track.segments) },
  };
}

// ---------------------------------------------------------------------------------------------------
// v1 user interruption: the user's first turn, a gap in which the model answers, then the user cuts in.

/** The gap before the user cuts in, in training samples (see buildUserInterruption). */
export const TRAINING_CUT_IN_GAP_MS = { from: 800, to: 4500 } as const;

async function buildUserInterruption(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const level = userLevel(ctx);
  const { context, interrupt } = pickInterruption(rng);
  const contextClip = await ctx.speak(voice, context, level);
  // People raise their voice a little when they cut in.
  const interruptClip = await ctx.speak(voice, interrupt, level + rng.uniform(0, 3));
  const track = new Track();
  track.silence(msBetween(ctx, 300, 1000));
  const first = track.append(contextClip, 'user', context);
  // Training data needs cut-ins that land while the assistant's answer is still playing (it starts ~0.3 s after
  // the turn and lasts ~2.5 s); the benchmark's gap mostly falls after it. Same single draw, so benchmark samples are unchanged.
  track.silence(voices === 'training' ? msBetween(ctx, TRAINING_CUT_IN_GAP_MS.from, TRAINING_CUT_IN_GAP_MS.to) : msBetween(ctx, 3000, 6000));
  const cutIn = track.place(interruptClip, track.cursorMs, 'user', interrupt, 'overlap');
  track.cursorMs = cutIn.endMs;
  const totalMs = wholeTurns(cutIn.endMs + msBetween(ctx, 4000, 5000));
  const [input, clean] = finishTracks([track.render(totalMs, ['primary', 'overlap']), track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input, 'clean_input.wav': clean, 'context.wav': contextClip, 'interrupt.wav': interruptClip },
    json: {
      [FD_ANNOTATION_FILES.interrupt]: [{ context, interrupt, timestamp: [s(cutIn.startMs), s(cutIn.endMs)] }],
      // The same event in v1.5's format, so the sample also works with the v1.5 scripts (clean_input.wav is its control).
      [FD_ANNOTATION_FILES.metadata]: { context_text: context, current_turn_text: interrupt, timestamps: [s(cutIn.startMs), s(cutIn.endMs)] },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: { voices: { user: voiceInfo(voice) }, context_end_s: s(first.endMs), segments: segmentsInfo(track.segments) },
  };
}

// ---------------------------------------------------------------------------------------------------
// v1 backchannel: a long user turn told in short phrases, with the short pauses a listener backchannels in.

/** Where after a phrase end a listener's backchannel typically starts, and how widely it spreads (seconds). */
const BACKCHANNEL_DELAY_S = 0.25;
const BACKCHANNEL_SPREAD_S = 0.2;

async function buildBackchannel(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const level = userLevel(ctx);
  const phrases = pickStoryPhrases(rng);
  const track = new Track();
  track.silence(msBetween(ctx, 300, 800));
  const opportunities: Array<{ atMs: number; weight: number }> = [];
  for (let i = 0; i < phrases.length; i++) {
    const clip = await ctx.speak(voice, phrases[i], level + rng.uniform(-1.5, 1.5));
    track.append(clip, 'user', phrases[i]);
    if (i === phrases.length - 1) break;
    // A phrase that ends a sentence is followed by a slightly longer pause than one that ends in a comma.
    const gapMs = /[.?!]$/.test(phrases[i]) ? msBetween(ctx, 300, 900) : msBetween(ctx, 150, 600);
    opportunities.push({ atMs: track.cursorMs, weight: Math.min(1.5, Math.max(0.5, gapMs / 400)) });
    track.silence(gapMs);
  }
  const turnEndMs = track.cursorMs;
  const totalMs = wholeTurns(turnEndMs + 1000);
  const [input] = finishTracks([track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input },
    json: {
      [FD_ANNOTATION_FILES.backchannelGt]: { window_s: BACKCHANNEL_WINDOW_S, distribution: backchannelDistribution(totalMs, opportunities) },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: {
      voices: { user: voiceInfo(voice) },
      opportunities_s: opportunities.map((o) => s(o.atMs)),
      turn_end_s: s(turnEndMs),
      segments: segmentsInfo(track.segments),
    },
  };
}

/**
 * The probability that a listener's backchannel falls in each 0.2 s bin: a bump after every pause
 * inside the turn (Gaussian, centred BACKCHANNEL_DELAY_S after the phrase ends), weighted by how long
 * the pause is. As many bins as eval_backchannel.py makes for a file of this length (⌊duration / 0.2⌋ + 1).
 */
export function backchannelDistribution(totalMs: number, opportunities: ReadonlyArray<{ atMs: number; weight: number }>): number[] {
  const bins = Math.floor(totalMs / 1000 / BACKCHANNEL_WINDOW_S) + 1;
  const weights = new Array<number>(bins).fill(0);
  for (let b = 0; b < bins; b++) {
    const centreS = (b + 0.5) * BACKCHANNEL_WINDOW_S;
    for (const o of opportunities) {
      const z = (centreS - (o.atMs / 1000 + BACKCHANNEL_DELAY_S)) / BACKCHANNEL_SPREAD_S;
      if (Math.abs(z) < 4) weights[b] += o.weight * Math.exp(-0.5 * z * z);
    }
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total > 0 ? Math.round((w / total) * 1e6) / 1e6 : 0));
}

// ---------------------------------------------------------------------------------------------------
// v1.5 overlaps. Each one: the user's request, the model's answer window, and an event inside it that is
// not addressed to the model (clean_input.wav is the same sample without the event).

/** sox effects that make speech sound off-axis and further away (turned away from the microphone). */
function offAxisEffects(ctx: SampleContext): string[] {
  return ['highpass', String(ctx.rng.int(120, 250)), 'lowpass', String(ctx.rng.int(2800, 4500)), 'reverb', String(ctx.rng.int(20, 60)), 'pad', '0', '0.2'];
}

async function buildTalkingToOther(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const other = pickOtherVoice(rng, voice, voices);
  const level = userLevel(ctx);
  const request = pickRequest(rng);
  const side = pickSideConversation(rng);
  const requestClip = await ctx.speak(voice, request.text, level);
  const asideGainDb = Math.round(rng.uniform(-6, -2) * 10) / 10;
  const replyGainDb = Math.round(rng.uniform(-12, -6) * 10) / 10;
  const aside = await ctx.soxEffects(await ctx.speak(voice, side.aside, level + asideGainDb), offAxisEffects(ctx));
  const reply = await ctx.soxEffects(await ctx.speak(other, side.reply, level + replyGainDb), offAxisEffects(ctx));

  const track = new Track();
  track.silence(msBetween(ctx, 300, 1000));
  const first = track.append(requestClip, 'user', request.text);
  const asideSeg = track.place(aside, first.endMs + msBetween(ctx, 1000, 2500), 'user', side.aside, 'overlap');
  const replySeg = track.place(reply, asideSeg.endMs + msBetween(ctx, 150, 600), 'other_speaker', side.reply, 'overlap');
  const totalMs = wholeTurns(replySeg.endMs + msBetween(ctx, 3000, 4000));
  const [input, clean] = finishTracks([track.render(totalMs, ['primary', 'overlap']), track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input, 'clean_input.wav': clean },
    json: {
      [FD_ANNOTATION_FILES.metadata]: {
        context_text: request.text,
        current_turn_text: `${side.aside} ${side.reply}`,
        timestamps: [s(asideSeg.startMs), s(replySeg.endMs)],
      },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: {
      voices: { user: voiceInfo(voice), other_speaker: voiceInfo(other) },
      request_type: request.type,
      request_end_s: s(first.endMs),
      aside_gain_db: asideGainDb,
      reply_gain_db: replyGainDb,
      segments: segmentsInfo(track.segments),
    },
  };
}

async function buildBackgroundSpeech(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const other = pickOtherVoice(rng, voice, voices);
  const level = userLevel(ctx);
  const request = pickRequest(rng);
  const sentences = pickBackgroundSentences(rng);
  const relativeDb = rng.pick([-9, -12, -15, -18]);
  const requestClip = await ctx.speak(voice, request.text, level);
  const sentenceClips: Float32Array[] = [];
  for (const sentence of sentences) sentenceClips.push(await ctx.speak(other, sentence, level + relativeDb));
  // A television (band-limited, a little room) or people talking in the next room (muffled, more reverb).
  const source = rng.chance(0.5) ? 'television' : 'next_room';
  const effects = source === 'television'
    ? ['highpass', String(rng.int(200, 400)), 'lowpass', String(rng.int(3500, 6000)), 'reverb', String(rng.int(10, 30)), 'pad', '0', '0.2']
    : ['lowpass', String(rng.int(1500, 2500)), 'reverb', String(rng.int(50, 90)), 'pad', '0', '0.3'];

  const track = new Track();
  track.silence(msBetween(ctx, 300, 1000));
  const first = track.append(requestClip, 'user', request.text);
  // Usually the background talk starts in the answer window; sometimes it is already going while the user speaks.
  let atMs = rng.chance(0.3) ? first.startMs + msBetween(ctx, 0, Math.max(0, first.endMs - first.startMs)) : first.endMs + msBetween(ctx, 300, 2000);
  let startMs = Infinity;
  let endMs = 0;
  for (let i = 0; i < sentences.length; i++) {
    const clip = await ctx.soxEffects(sentenceClips[i], effects);
    const seg = track.place(clip, atMs, 'background_speech', sentences[i], 'overlap');
    startMs = Math.min(startMs, seg.startMs);
    endMs = seg.endMs;
    atMs = seg.endMs + msBetween(ctx, 300, 700);
  }
  const totalMs = wholeTurns(Math.max(endMs, first.endMs + 4000) + msBetween(ctx, 1000, 2000));
  const [input, clean] = finishTracks([track.render(totalMs, ['primary', 'overlap']), track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input, 'clean_input.wav': clean },
    json: {
      [FD_ANNOTATION_FILES.metadata]: { context_text: request.text, background_text: sentences.join(' '), timestamps: [s(startMs), s(endMs)] },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: {
      voices: { user: voiceInfo(voice), background_speaker: voiceInfo(other) },
      request_type: request.type,
      request_end_s: s(first.endMs),
      background_source: source,
      background_relative_db: relativeDb,
      segments: segmentsInfo(track.segments),
    },
  };
}

const NOISE_SNRS_DB = [20, 15, 10, 5, 0] as const;

async function buildBackgroundNoise(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const request = pickUtterance(rng);
  const requestClip = await ctx.speak(voice, request.text, userLevel(ctx));
  const color = rng.pick(['white', 'pink', 'brown'] as const);
  const snrDb = rng.pick(NOISE_SNRS_DB);
  const stationary = rng.chance(0.5);

  const track = new Track();
  track.silence(msBetween(ctx, 300, 1200));
  const first = track.append(requestClip, 'user', request.text);
  let noiseStartMs: number;
  let noiseEndMs: number;
  let totalMs: number;
  if (stationary) {
    // A fan, traffic or rain: there from the first to the last sample.
    totalMs = wholeTurns(first.endMs + msBetween(ctx, 3000, 5000));
    noiseStartMs = 0;
    noiseEndMs = totalMs;
  } else {
    // A burst (a door, a vacuum cleaner, a tap) that starts in the answer window.
    noiseStartMs = first.endMs + msBetween(ctx, 200, 1500);
    noiseEndMs = noiseStartMs + msBetween(ctx, 1500, 4000);
    totalMs = wholeTurns(Math.max(noiseEndMs + 1000, first.endMs + 4000));
  }
  const raw = await ctx.noise(color, noiseEndMs - noiseStartMs, msBetween(ctx, 0, 10_000));
  // SNR against the user's speech level (active-speech RMS), as a noisy room would set it.
  const noiseGain = activeRms(requestClip) / Math.max(activeRms(raw), 1e-9) * dbToGain(-snrDb);
  const shaped = stationary ? scaled(raw, noiseGain) : fadeEdges(scaled(raw, noiseGain), 30 * SAMPLES_PER_MS);
  track.placeNoise(shaped, noiseStartMs);
  const [input, clean] = finishTracks([track.render(totalMs, ['primary', 'overlap']), track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input, 'clean_input.wav': clean },
    json: {
      [FD_ANNOTATION_FILES.metadata]: { context_text: request.text, timestamps: [s(noiseStartMs), s(noiseEndMs)], noise: { color, snr_db: snrDb, kind: stationary ? 'stationary' : 'burst' } },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: {
      voices: { user: voiceInfo(voice) },
      request_type: request.type,
      request_end_s: s(first.endMs),
      noise: { color, snr_db: snrDb, kind: stationary ? 'stationary' : 'burst' },
      segments: segmentsInfo(track.segments),
    },
  };
}

// v1.5 user backchannel: while the model answers, the user says "mm-hm" or "yeah": the model should keep talking.

async function buildUserBackchannel(ctx: SampleContext, voices: VoicePolicy = 'benchmark'): Promise<BuiltSample> {
  const { rng } = ctx;
  const voice = pickUserVoice(rng, voices);
  const level = userLevel(ctx);
  const request = pickRequest(rng);
  const backchannel = pickUserBackchannel(rng);
  const requestClip = await ctx.speak(voice, request.text, level);
  // A listener's backchannel is usually softer than their request.
  const gainDb = Math.round(rng.uniform(-8, 0) * 10) / 10;
  const backchannelClip = await ctx.speak(voice, backchannel, level + gainDb);

  const track = new Track();
  track.silence(msBetween(ctx, 300, 1000));
  const first = track.append(requestClip, 'user', request.text);
  const bc = track.place(backchannelClip, first.endMs + msBetween(ctx, 1500, 4000), 'user', backchannel, 'overlap');
  const totalMs = wholeTurns(bc.endMs + msBetween(ctx, 3000, 4000));
  const [input, clean] = finishTracks([track.render(totalMs, ['primary', 'overlap']), track.render(totalMs, ['primary'])], noiseFloor(rng.fork('floor'), totalMs));
  return {
    wavs: { 'input.wav': input, 'clean_input.wav': clean },
    json: {
      [FD_ANNOTATION_FILES.metadata]: { context_text: request.text, backchannel_text: backchannel, timestamps: [s(bc.startMs), s(bc.endMs)] },
      [FD_ANNOTATION_FILES.userSpeech]: userSpeechAnnotation(track.segments),
    },
    info: { voices: { user: voiceInfo(voice) }, request_type: request.type, request_end_s: s(first.endMs), backchannel_gain_db: gainDb, segments: segmentsInfo(track.segments) },
  };
}
