// What an ideal interaction model must know about one sample: who speaks to the assistant when, where turns end, interruptions and backchannel openings.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TandemError } from '../../common/errors';
import type { FdSampleAnnotations } from '../bench/fdbench/annotations';
import { FD_MANIFEST_FILE } from '../bench/fdbench/generate';
import { FD_GENERATED_TASKS } from '../bench/fdbench/gen/tasks';

/** A stretch of speech, in whole ms of the sample. */
export interface SpeechSpan {
  startMs: number;
  endMs: number;
}

/** The minimum pause after a phrase end that counts as a backchannel opening (shorter pauses are just speech rhythm). */
export const BACKCHANNEL_MIN_PAUSE_MS = 350;

export interface SampleTruth {
  task: string;
  /** The user's speech addressed to the assistant (including an interruption), in time order. */
  addressed: SpeechSpan[];
  /** Speech not addressed to the assistant: a second voice, television, the user turned away, a user backchannel. */
  other: SpeechSpan[];
  /** Ends of the user's addressed turns (a mid-turn pause is not one), ascending. */
  turnEndsMs: number[];
  /** Where each addressed turn starts (the first addressed speech of the turn), one per turn end. */
  turnStartsMs: number[];
  /** The user cutting in: [start, end] of each interruption. */
  interruptionsMs: Array<[number, number]>;
  /** Phrase ends inside a turn followed by a pause ≥ BACKCHANNEL_MIN_PAUSE_MS. */
  backchannelOpportunitiesMs: number[];
  /** A description of the user's voice (generated samples) or null. */
  voice: string | null;
  /** True when any voice of the sample is one the benchmark holds out. */
  heldOutVoice: boolean;
  notes: string[];
}

const ms = (seconds: number) => Math.round(seconds * 1000);

interface GenerationSegment {
  role: string;
  layer: string;
  text: string;
  start_s: number;
  end_s: number;
}

interface GenerationManifest {
  task: string;
  seed: number;
  info: { voices?: Record<string, { description?: string; held_out?: boolean }>; segments?: GenerationSegment[]; opportunities_s?: number[] };
}

/** Reads a generated sample's generation.json (the generator records every segment with its speaker and layer). */
export function readGenerationManifest(dir: string): GenerationManifest | null {
  const path = join(dir, FD_MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GenerationManifest;
  } catch (cause) {
    throw new TandemError('SCENARIO_INVALID', `generation.json is not valid JSON: ${(cause as Error).message}`, path, 'Delete the sample folder and generate it again.', { cause });
  }
}

/**
 * Groups addressed speech into turns: in pause_handling and backchannel every piece belongs to one turn (the pauses
 * are inside it); elsewhere each addressed segment is a turn of its own.
 */
function turnsOf(task: string, addressed: readonly SpeechSpan[]): Array<{ startMs: number; endMs: number }> {
  if (addressed.length === 0) return [];
  if (task === 'pause_handling' || task === 'backchannel') return [{ startMs: addressed[0].startMs, endMs: addressed[addressed.length - 1].endMs }];
  return addressed.map((s) => ({ startMs: s.startMs, endMs: s.endMs }));
}

/** Backchannel openings: ends of addressed pieces (not the last) followed by a pause long enough. */
function backchannelOpenings(addressed: readonly SpeechSpan[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < addressed.length; i++) {
    if (addressed[i + 1].startMs - addressed[i].endMs >= BACKCHANNEL_MIN_PAUSE_MS) out.push(addressed[i].endMs);
  }
  return out;
}

function finish(task: string, addressed: SpeechSpan[], other: SpeechSpan[], interruptionsMs: Array<[number, number]>, extra: { voice: string | null; heldOutVoice: boolean; notes: string[]; turnEndsMs?: number[] }): SampleTruth {
  addressed.sort((a, b) => a.startMs - b.startMs);
  other.sort((a, b) => a.startMs - b.startMs);
  const turns = turnsOf(task, addressed);
  const turnEndsMs = extra.turnEndsMs ?? turns.map((t) => t.endMs);
  const turnStartsMs = extra.turnEndsMs ? extra.turnEndsMs.map((e) => turns.filter((t) => t.startMs < e).at(-1)?.startMs ?? 0) : turns.map((t) => t.startMs);
  return {
    task,
    addressed,
    other,
    turnEndsMs,
    turnStartsMs,
    interruptionsMs,
    backchannelOpportunitiesMs: task === 'backchannel' ? backchannelOpenings(addressed) : [],
    voice: extra.voice,
    heldOutVoice: extra.heldOutVoice,
    notes: extra.notes,
  };
}

/**
 * The truth of a generated sample, from its generation.json: each segment's role and layer say whether it is
 * addressed (the user's primary speech, and the user's cut-in in user_interruption) or not (the second voice,
 * background speech, the user's aside or backchannel, which the generator places on the overlap layer).
 */
export function truthFromGenerated(dir: string): SampleTruth {
  const manifest = readGenerationManifest(dir);
  if (!manifest || !manifest.info?.segments) {
    throw new TandemError('SCENARIO_INVALID', 'Not a generated sample: generation.json with info.segments is missing', dir, 'Generate the sample with `tandem train-data` (or use --fd-data for a Full-Duplex-Bench folder).');
  }
  const task = manifest.task;
  if (!(FD_GENERATED_TASKS as readonly string[]).includes(task)) {
    throw new TandemError('SCENARIO_INVALID', `generation.json names an unknown task "${task}"`, join(dir, FD_MANIFEST_FILE), `Use a sample of one of: ${FD_GENERATED_TASKS.join(', ')}.`);
  }
  const addressed: SpeechSpan[] = [];
  const other: SpeechSpan[] = [];
  const interruptionsMs: Array<[number, number]> = [];
  for (const seg of manifest.info.segments) {
    const span = { startMs: ms(seg.start_s), endMs: ms(seg.end_s) };
    const isUser = seg.role === 'user';
    if (isUser && seg.layer === 'primary') addressed.push(span);
    else if (isUser && task === 'user_interruption') {
      addressed.push(span);
      interruptionsMs.push([span.startMs, span.endMs]);
    } else other.push(span);
  }
  const voices = Object.values(manifest.info.voices ?? {});
  return finish(task, addressed, other, interruptionsMs, {
    voice: manifest.info.voices?.user?.description ?? null,
    heldOutVoice: voices.some((v) => v.held_out === true),
    notes: [],
  });
}

/** Which task a Full-Duplex-Bench folder is, from its annotation files (as readExternalFdData tells them apart). */
export function folderTask(annotations: FdSampleAnnotations): string | null {
  if (annotations.interrupt) return 'user_interruption';
  if (annotations.pause) return 'pause_handling';
  if (annotations.turnTaking) return 'smooth_turn_taking';
  if (annotations.metadata) {
    const m = annotations.metadata;
    if (m.backchannel_text !== undefined) return 'user_backchannel';
    if (m.background_text !== undefined) return 'background_speech';
    if (m.current_turn_text !== undefined) return 'talking_to_other';
    return 'background_noise';
  }
  if (annotations.backchannelGt) return 'backchannel';
  return null;
}

const overlaps = (a: SpeechSpan, from: number, to: number) => a.startMs < to && a.endMs > from;

/**
 * The truth of a folder in Full-Duplex-Bench's layout. `speech` is where anyone speaks in input.wav
 * (user_speech.json, or Silero VAD when the folder has none). The annotation files say which of it is
 * addressed: an overlap event's span (metadata.json timestamps) is someone else's speech, except in an
 * interruption, whose span is the user cutting in.
 */
export function truthFromFolder(dir: string, annotations: FdSampleAnnotations, speech: readonly SpeechSpan[], speechSource: string): SampleTruth {
  const task = folderTask(annotations);
  const fail = (what: string, hint: string) => new TandemError('SCENARIO_INVALID', what, dir, hint);
  if (!task) throw fail('Cannot label this folder: it has none of pause.json, turn_taking.json, interrupt.json, metadata.json, backchannel_gt.json', 'Add the annotation file that says what the sample is (Full-Duplex-Bench layout), or leave the folder out.');
  if (speech.length === 0) throw fail(`Cannot label this folder: no speech found in input.wav (${speechSource})`, 'Check that input.wav holds the user speaking, or add user_speech.json with the speech spans.');
  const notes = [`speech spans from ${speechSource}`];
  const extra = { voice: null, heldOutVoice: false, notes };
  const spans = speech.map((s) => ({ ...s }));
  if (task === 'user_interruption') {
    const [startS, endS] = annotations.interrupt![0].timestamp;
    const cut: [number, number] = [ms(startS), ms(endS)];
    const before = spans.filter((s) => s.endMs <= cut[0]);
    if (before.length === 0) throw fail('Cannot label this folder: interrupt.json puts the interruption before any speech of the user', 'Check interrupt.json: timestamp must be the cut-in, after the user\'s first turn.');
    // The first turn is everything before the cut-in; the cut-in is one addressed turn of its own.
    const first = { startMs: before[0].startMs, endMs: before[before.length - 1].endMs };
    const cutIn = { startMs: cut[0], endMs: Math.max(cut[1], ...spans.filter((s) => overlaps(s, cut[0], cut[1])).map((s) => s.endMs)) };
    return finish('user_interruption', [first, cutIn], [], [[cut[0], cut[1]]], extra);
  }
  if (task === 'smooth_turn_taking') {
    const endMs = ms(annotations.turnTaking![0].timestamp[0]);
    const addressed = spans.filter((s) => s.startMs < endMs);
    if (addressed.length === 0) throw fail('Cannot label this folder: no speech before the turn end in turn_taking.json', 'Check turn_taking.json: timestamp[0] must be where the user\'s turn ends.');
    return finish(task, [{ startMs: addressed[0].startMs, endMs: Math.max(endMs, 0) }], spans.filter((s) => s.startMs >= endMs), [], { ...extra, turnEndsMs: [endMs] });
  }
  if (task === 'pause_handling' || task === 'backchannel') {
    // One turn: the pauses in it are not turn ends; its end is the last speech.
    return finish(task, spans, [], [], extra);
  }
  // v1.5 overlaps: the event span is not addressed to the assistant; the request before it is.
  const [fromS, toS] = annotations.metadata!.timestamps;
  const from = ms(fromS);
  const to = ms(toS);
  // Speech that runs into the event span is cut at its start (merged spans hold the request and the event together).
  const addressed = spans.filter((s) => s.startMs < from).map((s) => ({ startMs: s.startMs, endMs: Math.min(s.endMs, from) }));
  const other = task === 'background_noise' ? [] : spans.filter((s) => overlaps(s, from, to) || s.startMs >= to).map((s) => ({ startMs: Math.max(s.startMs, from), endMs: s.endMs }));
  if (addressed.length === 0) throw fail('Cannot label this folder: no addressed speech before the overlap event in metadata.json', 'Check metadata.json: timestamps must be the overlap event, after the user\'s request.');
  // A request is one turn even when VAD splits it at a breath.
  const request = { startMs: addressed[0].startMs, endMs: addressed[addressed.length - 1].endMs };
  return finish(task, [request], other, [], extra);
}

/** user_speech.json's spans in ms, or null when the folder has none. */
export function speechFromAnnotations(annotations: FdSampleAnnotations): SpeechSpan[] | null {
  if (!annotations.userSpeech) return null;
  return annotations.userSpeech.map((s) => ({ startMs: ms(s.timestamp[0]), endMs: ms(s.timestamp[1]) }));
}
