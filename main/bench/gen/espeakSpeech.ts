// User speech for the generated suites: espeak-ng synthesis resampled by sox to 16 kHz, trimmed, with exact word times where a suite needs them.

import { spawnSync } from 'node:child_process';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';
import type { SampleRandom } from './sampleRandom';

/** One espeak-ng voice setting. */
export interface SpeechVoice {
  /** espeak-ng `-v` value, e.g. `en-gb-x-rp+f2`. */
  voice: string;
  rateWpm: number;
  pitch: number;
}

/** espeak-ng's own English voices (the mbrola ones need data that is not installed) and its variants. */
const BASE_VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029'] as const;
const VARIANTS = ['', '+m1', '+m2', '+m3', '+m4', '+m5', '+m6', '+m7', '+f1', '+f2', '+f3', '+f4', '+f5'] as const;

/** A voice drawn from the sample's stream: one of 7 accents × 13 variants, 140–190 words/min, pitch 30–70. */
export function pickVoice(rng: SampleRandom): SpeechVoice {
  return { voice: `${rng.pick(BASE_VOICES)}${rng.pick(VARIANTS)}`, rateWpm: rng.int(140, 190), pitch: rng.int(30, 70) };
}

/** How a voice is recorded in ground truth: `espeak-ng en-gb+f2 160 wpm pitch 50`. */
export function describeVoice(voice: SpeechVoice): string {
  return `espeak-ng ${voice.voice} ${voice.rateWpm} wpm pitch ${voice.pitch}`;
}

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;
/** Frames for trimming: 2 ms. */
const TRIM_FRAME_SAMPLES = 32;
/**
 * Frames for finding the breaks around a marked word: 10 ms. Some variants (+f5, +whisper-like ones)
 * breathe at about −50 dBFS inside a break with 2 ms blips above −45, which would split it in shorter frames.
 */
const BREAK_FRAME_SAMPLES = 160;
/** Sound this short (40 ms) between two silences is breath, not a word. */
const MAX_BLIP_FRAMES = 4;
/** −45 dBFS RMS: the level below which espeak-ng's output is silence (its silences are digital zero). */
const SILENCE_RMS = 10 ** (-45 / 20);

/** The synthesizer and resampler versions, for the suites' notes (generated audio depends on them). */
export function speechToolVersions(): string {
  const espeak = run('espeak-ng', ['--version']).toString('utf8').replace(/\s+Data at.*$/s, '').trim();
  const sox = run('sox', ['--version']).toString('utf8').replace(/^sox:\s*/, '').trim();
  return `${espeak}; ${sox}`;
}

/** Says `text` (plain, or SSML when `ssml`), 16 kHz mono in [-1, 1], leading and trailing silence removed. */
export function synthesize(text: string, voice: SpeechVoice, options: { ssml?: boolean } = {}): Float32Array {
  const wav = run('espeak-ng', [...(options.ssml ? ['-m'] : []), '-v', voice.voice, '-s', String(voice.rateWpm), '-p', String(voice.pitch), '--stdout', text]);
  // -R: repeatable; -D: no dither, so the same input gives the same bytes every time.
  const raw = run('sox', ['-R', '-D', '-t', 'wav', '-', '-r', String(SAMPLE_RATE_HZ), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-'], wav);
  const samples = new Float32Array(raw.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = raw.readInt16LE(i * 2) / 32768;
  const loud = loudFrames(samples, TRIM_FRAME_SAMPLES);
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  if (first < 0) throw toolFailure('espeak-ng', `produced only silence for "${text}" with voice ${voice.voice}`);
  return samples.slice(first * TRIM_FRAME_SAMPLES, Math.min(samples.length, (last + 1) * TRIM_FRAME_SAMPLES));
}

/** A sentence with one word whose place in the audio is known to the frame (10 ms). */
export interface SentenceWithWord {
  samples: Float32Array;
  /** The marked word's first and last sound, in ms from the start of `samples`. */
  wordFromMs: number;
  wordToMs: number;
}

/**
 * Says `before word after` as one sentence, and knows exactly where `word` is. espeak-ng says the
 * whole sentence in one go with a 400 ms SSML break on either side of the word; those two breaks are the
 * two longest silences in the audio, so they are found, and each is shortened to the given gap (a
 * short natural gap between words). The word's edges are the edges of the silences.
 */
export function synthesizeWithMarkedWord(before: string, word: string, after: string, voice: SpeechVoice, gapsMs: [number, number]): SentenceWithWord {
  const ssml = `<speak>${escapeXml(before)} <break time="400ms"/>${escapeXml(word)}<break time="400ms"/> ${escapeXml(after)}</speak>`;
  const samples = synthesize(ssml, voice, { ssml: true });
  const loud = loudFrames(samples, BREAK_FRAME_SAMPLES);
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < loud.length; ) {
    if (loud[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < loud.length && !loud[j]) j++;
    // Some variants breathe inside a break (a 10–40 ms puff above −45 dBFS): a blip that short joins the silences around it.
    const previous = runs[runs.length - 1];
    if (previous && i - previous.to <= MAX_BLIP_FRAMES) previous.to = j;
    else runs.push({ from: i, to: j });
    i = j;
  }
  const breaks = [...runs].sort((a, b) => b.to - b.from - (a.to - a.from)).slice(0, 2).sort((a, b) => a.from - b.from);
  const minBreakFrames = Math.round((300 * SAMPLES_PER_MS) / BREAK_FRAME_SAMPLES);
  const wordFrames = breaks.length === 2 ? breaks[1].from - breaks[0].to : 0;
  if (breaks.length < 2 || breaks.some((b) => b.to - b.from < minBreakFrames) || wordFrames < 8) {
    throw toolFailure('espeak-ng', `did not leave the two 400 ms breaks around "${word}" in "${before} ${word} ${after}" (voice ${voice.voice})`);
  }
  const at = (frame: number) => frame * BREAK_FRAME_SAMPLES;
  const head = samples.subarray(0, at(breaks[0].from));
  const marked = samples.subarray(at(breaks[0].to), at(breaks[1].from));
  const tail = samples.subarray(at(breaks[1].to));
  const gap0 = Math.round(gapsMs[0] * SAMPLES_PER_MS);
  const gap1 = Math.round(gapsMs[1] * SAMPLES_PER_MS);
  const out = new Float32Array(head.length + gap0 + marked.length + gap1 + tail.length);
  out.set(head, 0);
  out.set(marked, head.length + gap0);
  out.set(tail, head.length + gap0 + marked.length + gap1);
  const wordFrom = head.length + gap0;
  return { samples: out, wordFromMs: wordFrom / SAMPLES_PER_MS, wordToMs: (wordFrom + marked.length) / SAMPLES_PER_MS };
}

/** Scales a clip so its peak is at `peakDbfs`. */
export function normalizePeak(samples: Float32Array, peakDbfs: number): Float32Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const gain = peak > 0 ? 10 ** (peakDbfs / 20) / peak : 0;
  return samples.map((s) => s * gain);
}

export function durationMsOf(samples: Float32Array): number {
  return samples.length / SAMPLES_PER_MS;
}

function loudFrames(samples: Float32Array, frameSamples: number): boolean[] {
  const frames = Math.ceil(samples.length / frameSamples);
  const loud: boolean[] = new Array(frames);
  for (let f = 0; f < frames; f++) {
    let energy = 0;
    const end = Math.min(samples.length, (f + 1) * frameSamples);
    for (let i = f * frameSamples; i < end; i++) energy += samples[i] * samples[i];
    loud[f] = Math.sqrt(energy / (end - f * frameSamples)) > SILENCE_RMS;
  }
  return loud;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function run(command: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TandemError(
      missing ? 'MEDIA_TOOL_MISSING' : 'MEDIA_INVALID',
      missing ? `${command} is not installed` : `${command} could not be run: ${result.error.message}`,
      command,
      missing ? 'Install it: apt-get install -y espeak-ng sox (or run scripts/setup.sh).' : 'Check that the tool runs from a shell.',
      { cause: result.error },
    );
  }
  if (result.status !== 0) throw toolFailure(command, `exited with status ${result.status}: ${result.stderr.toString('utf8').trim().slice(0, 300)}`);
  return result.stdout;
}

function toolFailure(command: string, what: string): TandemError {
  return new TandemError('MEDIA_INVALID', `${command} ${what}`, command, 'Check the tool\'s version (see the suite notes) and report the seed of the sample that failed.');
}
