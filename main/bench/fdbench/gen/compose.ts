// Builds one sample's audio: speaks clips, cuts sentences at word boundaries for pauses, and places everything at exact milliseconds on a track.

import { join } from 'node:path';
import { promises as fs } from 'node:fs';
import { readWavMono16k } from '../../../engine/media/wav';
import { alignBoundary } from './align';
import type { ToolRunner } from './mediaTools';
import { SAMPLES_PER_MS, activeRms, boundaryNear, dbToGain, encodeWav16, mixInto, normalizeSpeech, padToWholeMs, scaled, trimToSpeech } from './pcm';
import type { SeededRandom } from './prng';
import { synthesize, type VoiceSettings } from './voices';

/** Everything a sample builder needs: its own random stream, the tool runner and a scratch folder. */
export class SampleContext {
  private stems = 0;

  constructor(
    readonly rng: SeededRandom,
    readonly runner: ToolRunner,
    readonly workDir: string,
  ) {}

  nextStem(label: string): string {
    this.stems++;
    return `${String(this.stems).padStart(3, '0')}-${label}`;
  }

  /** `text` spoken by `voice`, trimmed to its speech, with its speech at `levelDbfs` RMS. */
  async speak(voice: VoiceSettings, text: string, levelDbfs: number): Promise<Float32Array> {
    const raw = await synthesize(this.runner, this.workDir, this.nextStem('speak'), voice, text);
    return padToWholeMs(normalizeSpeech(trimToSpeech(raw), levelDbfs));
  }

  /**
   * Runs a clip through sox effects (filters, reverb) and returns the result at the same level of
   * speech RMS as before, so effects change the sound and not the loudness the caller chose.
   */
  async soxEffects(clip: Float32Array, effects: string[]): Promise<Float32Array> {
    const stem = this.nextStem('fx');
    const input = join(this.workDir, `${stem}.in.wav`);
    const output = join(this.workDir, `${stem}.out.wav`);
    await fs.writeFile(input, encodeWav16(clip));
    await this.runner.run('sox', ['-R', '-D', input, '-b', '16', '-e', 'signed-integer', output, ...effects]);
    const processed = readWavMono16k(output).samples;
    await Promise.all([fs.rm(input, { force: true }), fs.rm(output, { force: true })]);
    // The reverb tail is kept down to 45 dB below the peak; below that it is inaudible under the noise floor.
    const trimmed = trimToSpeech(processed, 45);
    const before = activeRms(clip);
    const after = activeRms(trimmed);
    return padToWholeMs(after > 0 ? scaled(trimmed, before / after) : trimmed);
  }

  /** `durationMs` of sox's noise of one colour, started at a seeded offset so two samples do not share the same stretch. */
  async noise(color: NoiseColor, durationMs: number, offsetMs: number): Promise<Float32Array> {
    const stem = this.nextStem('noise');
    const output = join(this.workDir, `${stem}.wav`);
    const totalSamples = Math.round((durationMs + offsetMs) * SAMPLES_PER_MS);
    // -R makes sox's generator start from a fixed seed: the same arguments give the same noise.
    // The rate goes before -n too: synth counts its length in samples of the (null) input's rate.
    await this.runner.run('sox', ['-R', '-D', '-r', '16000', '-c', '1', '-n', '-b', '16', '-e', 'signed-integer', output, 'synth', `${totalSamples}s`, `${color}noise`, 'vol', '0.5']);
    const samples = readWavMono16k(output).samples;
    await fs.rm(output, { force: true });
    if (samples.length !== totalSamples) throw new Error(`sox made ${samples.length} samples of ${color} noise, expected ${totalSamples}`);
    const from = Math.round(offsetMs * SAMPLES_PER_MS);
    return samples.slice(from, from + Math.round(durationMs * SAMPLES_PER_MS));
  }
}

export type NoiseColor = 'white' | 'pink' | 'brown';

/** How a pause is made: after which word, how long, and what kind (for pause.json and reports). */
export interface PauseCut {
  /** Index into the spoken words; the pause follows this word. */
  afterWord: number;
  pauseMs: number;
  kind: string;
}

/** A sentence cut into pieces at word boundaries, ready to be placed with the pauses between them. */
export interface CutSentence {
  pieces: Float32Array[];
  /** The words of each piece. */
  pieceTexts: string[];
  /** For each cut: how far below the sentence's speech level the cut point lies (dB; more negative is a cleaner gap). */
  cutDepthsDb: number[];
  /** For each cut: cut point minus the aligned boundary (ms), see speakAndCut. */
  cutOffsetsMs: number[];
}

/** A cut point must be at least this far below the speech level, or it is inside a word and the slot is not used. */
export const MIN_CUT_DEPTH_DB = 18;

/**
 * Speaks the whole sentence once, so that the words before each pause keep the intonation of a
 * sentence that goes on, then cuts it at the word boundaries after `cutAfter` words.
 *
 * espeak-ng and flite do not report word timings, so the boundary is found by alignment: the words
 * before it and the words after it are spoken separately (same voice and settings) and aligned with
 * the whole sentence by dynamic time warping (alignBoundary); the cut goes at the quietest point
 * near where the two halves meet (boundaryNear). Returns null when that point is not a
 * gap between words (they run together there), so the caller can pick another place.
 */
export async function speakAndCut(ctx: SampleContext, voice: VoiceSettings, words: string[], cutAfter: number[], levelDbfs: number): Promise<CutSentence | null> {
  const whole = await ctx.speak(voice, words.join(' '), levelDbfs);
  const speechLevel = activeRms(whole);
  const cuts: number[] = [];
  const depths: number[] = [];
  const offsets: number[] = [];
  let previousCut = 0;
  for (const index of cutAfter) {
    const before = await ctx.speak(voice, words.slice(0, index + 1).join(' '), levelDbfs);
    const after = await ctx.speak(voice, words.slice(index + 1).join(' '), levelDbfs);
    const aligned = alignBoundary(whole, before, after);
    // The search stays close to the aligned boundary, and reaches further after it than before it: the
    // silent closure of a word-final stop ("at |") lies just before the boundary, and a cut there would
    // tear the stop's release off its word; the closure of the next word's first stop ("| two") lies
    // just after it and is a clean place to cut.
    const { cut, depthDb } = boundaryNear(
      whole,
      Math.min(aligned.endOfBefore, aligned.startOfAfter) - 40 * SAMPLES_PER_MS,
      Math.max(aligned.endOfBefore, aligned.startOfAfter) + 60 * SAMPLES_PER_MS,
      aligned.estimate,
      speechLevel,
    );
    if (cut <= previousCut + 100 * SAMPLES_PER_MS || cut >= whole.length - 100 * SAMPLES_PER_MS || depthDb > -MIN_CUT_DEPTH_DB) return null;
    cuts.push(cut);
    depths.push(depthDb);
    offsets.push(Math.round((cut - aligned.estimate) / SAMPLES_PER_MS));
    previousCut = cut;
  }
  const bounds = [0, ...cuts, whole.length];
  const pieces: Float32Array[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    // Each piece is trimmed against the whole sentence's level: the silence espeak-ng leaves at a comma
    // is removed, so the pause placed between pieces is exactly the silence there is.
    const piece = trimToSpeech(whole.slice(bounds[i], bounds[i + 1]), 40, whole);
    if (piece.length === 0) return null;
    pieces.push(padToWholeMs(piece));
  }
  const pieceTexts: string[] = [];
  const wordBounds = [-1, ...cutAfter, words.length - 1];
  for (let i = 0; i + 1 < wordBounds.length; i++) pieceTexts.push(words.slice(wordBounds[i] + 1, wordBounds[i + 1] + 1).join(' '));
  return { pieces, pieceTexts, cutDepthsDb: depths, cutOffsetsMs: offsets };
}

/** Who is speaking in a segment. */
export type SpeakerRole = 'user' | 'other_speaker' | 'background_speech';

export interface PlacedSegment {
  role: SpeakerRole;
  text: string;
  startMs: number;
  endMs: number;
  /** primary: in input.wav and clean_input.wav; overlap: only in input.wav. */
  layer: 'primary' | 'overlap';
}

interface Placement {
  atSample: number;
  clip: Float32Array;
  layer: 'primary' | 'overlap';
}

/**
 * A sample's timeline. Primary clips are appended one after another (the cursor moves); overlap
 * clips are placed at a given time without moving it. Every clip lasts a whole number of ms and
 * starts on a whole ms, so every annotated time is exact.
 */
export class Track {
  cursorMs = 0;
  readonly segments: PlacedSegment[] = [];
  private readonly placements: Placement[] = [];

  silence(ms: number): void {
    this.cursorMs += Math.round(ms);
  }

  append(clip: Float32Array, role: SpeakerRole, text: string): PlacedSegment {
    const segment = this.place(clip, this.cursorMs, role, text, 'primary');
    this.cursorMs = segment.endMs;
    return segment;
  }

  place(clip: Float32Array, atMs: number, role: SpeakerRole, text: string, layer: 'primary' | 'overlap'): PlacedSegment {
    const startMs = Math.round(atMs);
    const endMs = startMs + Math.round(clip.length / SAMPLES_PER_MS);
    this.placements.push({ atSample: startMs * SAMPLES_PER_MS, clip, layer });
    const segment: PlacedSegment = { role, text, startMs, endMs, layer };
    if (text !== '') this.segments.push(segment);
    return segment;
  }

  /** Places a non-speech clip (noise) on the overlap layer. */
  placeNoise(clip: Float32Array, atMs: number): void {
    this.placements.push({ atSample: Math.round(atMs) * SAMPLES_PER_MS, clip, layer: 'overlap' });
  }

  /** Mixes the clips of the given layers into a track of `totalMs`. */
  render(totalMs: number, layers: ReadonlyArray<'primary' | 'overlap'>): Float32Array {
    const track = new Float32Array(totalMs * SAMPLES_PER_MS);
    for (const placement of this.placements) {
      if (layers.includes(placement.layer)) mixInto(track, placement.clip, placement.atSample);
    }
    return track;
  }
}

/**
 * A quiet white-noise floor (−66 to −60 dBFS), so that silences look like a quiet room rather than
 * digital zero, as a real microphone delivers. Drawn from the sample's own random stream.
 */
export function noiseFloor(rng: SeededRandom, totalMs: number): Float32Array {
  const gain = dbToGain(rng.uniform(-66, -60));
  const out = new Float32Array(totalMs * SAMPLES_PER_MS);
  for (let i = 0; i < out.length; i++) out[i] = rng.gaussian() * gain;
  return out;
}

/** Adds the floor to each track and scales all of them by one factor if the loudest would clip, so input.wav and clean_input.wav stay comparable. */
export function finishTracks(tracks: Float32Array[], floor: Float32Array): Float32Array[] {
  let peak = 0;
  for (const track of tracks) {
    for (let i = 0; i < track.length; i++) {
      track[i] += floor[i];
      peak = Math.max(peak, Math.abs(track[i]));
    }
  }
  const ceiling = dbToGain(-1);
  if (peak > ceiling) {
    const gain = ceiling / peak;
    for (const track of tracks) for (let i = 0; i < track.length; i++) track[i] *= gain;
  }
  return tracks;
}
