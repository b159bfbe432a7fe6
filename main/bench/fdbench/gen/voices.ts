// The synthetic speakers of the generated suite (espeak-ng and flite voices with their settings) and how they are synthesized into 16 kHz clips.

import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { readWavMono16k } from '../../../engine/media/wav';
import type { ToolRunner } from './mediaTools';
import type { SeededRandom } from './prng';

export type SpeechEngine = 'espeak-ng' | 'flite';

/** One speaker: an engine, a voice and the settings it speaks with. */
export interface VoiceSettings {
  engine: SpeechEngine;
  /** espeak-ng: the `-v` argument, language voice + variant (`en-us+m3`); flite: the voice name (`slt`). */
  voice: string;
  /** espeak-ng `-s`, words per minute. */
  rateWpm?: number;
  /** espeak-ng `-p`, 0–99. */
  pitch?: number;
  /** flite `duration_stretch` (> 1 is slower). */
  durationStretch?: number;
  /** flite `int_f0_target_mean` in Hz (the `rms` voice ignores it). */
  f0MeanHz?: number;
}

/** espeak-ng's English language voices (accents). */
export const ESPEAK_LANGUAGES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029'] as const;

/**
 * espeak-ng variants: male and female formant sets, named character voices, the Klatt synthesizer
 * (a different source model), croak and whisper. '' is the plain language voice.
 */
export const ESPEAK_VARIANTS = [
  '', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5',
  'Annie', 'belinda', 'linda', 'steph', 'aunty', 'grandma', 'Andy', 'david', 'edward', 'john', 'norbert', 'quincy', 'travis', 'victor',
  'klatt', 'klatt2', 'klatt4', 'croak', 'whisper',
] as const;

/** flite's 16 kHz English voices (kal16 is kal at 16 kHz; plain kal is 8 kHz). */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16'] as const;

/**
 * Voices the benchmark uses that a training recipe must leave out, so the benchmark measures how a
 * model does on voices it never heard. A quarter of all user turns are spoken by them.
 */
export const FD_BENCH_HELD_OUT_VOICES: ReadonlyArray<{ engine: SpeechEngine; voice: string }> = [
  { engine: 'flite', voice: 'slt' },
  { engine: 'flite', voice: 'rms' },
];

/** A short, stable name for a voice and its settings (for manifests and reports). */
export function describeVoice(v: VoiceSettings): string {
  return v.engine === 'espeak-ng'
    ? `espeak-ng ${v.voice} -s ${v.rateWpm} -p ${v.pitch}`
    : `flite ${v.voice} duration_stretch=${v.durationStretch?.toFixed(2)}${v.f0MeanHz === undefined ? '' : ` int_f0_target_mean=${v.f0MeanHz}`}`;
}

export function isHeldOutVoice(v: VoiceSettings): boolean {
  return FD_BENCH_HELD_OUT_VOICES.some((h) => h.engine === v.engine && h.voice === v.voice);
}

/** Whispering is a real but rare way to talk to a desktop assistant; it stays rare. */
const WHISPER_WEIGHT = 0.3;

export function pickEspeakVoice(rng: SeededRandom): VoiceSettings {
  const language = rng.pick(ESPEAK_LANGUAGES);
  const variant = rng.pickWeighted(ESPEAK_VARIANTS.map((item) => ({ item, weight: item === 'whisper' ? WHISPER_WEIGHT : 1 })));
  return {
    engine: 'espeak-ng',
    voice: variant === '' ? language : `${language}+${variant}`,
    rateWpm: rng.int(135, 200),
    pitch: rng.int(25, 75),
  };
}

/** Default flite pitch per voice (Hz), around which the f0 target is varied. */
const FLITE_F0_HZ: Record<(typeof FLITE_VOICES)[number], number | undefined> = { slt: 170, awb: 110, kal16: 105, rms: undefined };

export function pickFliteVoice(rng: SeededRandom, voices: ReadonlyArray<(typeof FLITE_VOICES)[number]> = FLITE_VOICES): VoiceSettings {
  const voice = rng.pick(voices);
  const f0 = FLITE_F0_HZ[voice];
  return {
    engine: 'flite',
    voice,
    durationStretch: Math.round(rng.uniform(0.85, 1.25) * 100) / 100,
    f0MeanHz: f0 === undefined ? undefined : Math.round(f0 * rng.uniform(0.85, 1.2)),
  };
}

/**
 * Which voices a sample may use. `benchmark` is every voice; `training` leaves out FD_BENCH_HELD_OUT_VOICES
 * (training data must never hear the voices the benchmark keeps for measuring generalisation).
 */
export type VoicePolicy = 'benchmark' | 'training';

/** flite voices a policy allows. */
function fliteVoicesFor(policy: VoicePolicy): ReadonlyArray<(typeof FLITE_VOICES)[number]> {
  return policy === 'benchmark' ? FLITE_VOICES : FLITE_VOICES.filter((voice) => !FD_BENCH_HELD_OUT_VOICES.some((h) => h.engine === 'flite' && h.voice === voice));
}

/**
 * A user voice: 25 % the held-out flite voices (slt, rms), 15 % the other flite voices, 60 % espeak-ng.
 * Under the training policy the held-out quarter goes to the other flite voices (the random draws stay the
 * same, so the benchmark policy's samples are unchanged).
 */
export function pickUserVoice(rng: SeededRandom, policy: VoicePolicy = 'benchmark'): VoiceSettings {
  const r = rng.next();
  if (r < 0.25) return pickFliteVoice(rng, policy === 'benchmark' ? ['slt', 'rms'] : ['awb', 'kal16']);
  if (r < 0.4) return pickFliteVoice(rng, ['awb', 'kal16']);
  return pickEspeakVoice(rng);
}

/** A second speaker who does not sound like `other` (another voice, not just other settings). */
export function pickOtherVoice(rng: SeededRandom, other: VoiceSettings, policy: VoicePolicy = 'benchmark'): VoiceSettings {
  const flite = fliteVoicesFor(policy);
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = rng.chance(0.4) ? pickFliteVoice(rng, flite) : pickEspeakVoice(rng);
    if (candidate.engine !== other.engine || baseVoice(candidate) !== baseVoice(other)) return candidate;
  }
  return other.engine === 'flite' ? pickEspeakVoice(rng) : pickFliteVoice(rng, flite);
}

/** The variant part of an espeak-ng voice, or the flite voice: what makes two speakers sound different. */
function baseVoice(v: VoiceSettings): string {
  return v.engine === 'flite' ? v.voice : (v.voice.split('+')[1] ?? '');
}

/**
 * Speaks `text` with `voice` and returns 16 kHz mono samples as the engine made them (its own leading
 * and trailing silence still there). espeak-ng writes 22.05 kHz, which sox converts (without dither, so
 * the result is the same every time); flite's voices already write 16 kHz mono 16-bit.
 */
export async function synthesize(runner: ToolRunner, workDir: string, fileStem: string, voice: VoiceSettings, text: string): Promise<Float32Array> {
  const raw = join(workDir, `${fileStem}.raw.wav`);
  const converted = join(workDir, `${fileStem}.16k.wav`);
  if (voice.engine === 'espeak-ng') {
    await runner.run('espeak-ng', ['-v', voice.voice, '-s', String(voice.rateWpm ?? 165), '-p', String(voice.pitch ?? 50), '-w', raw, text]);
    await runner.run('sox', ['-R', '-D', raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', converted]);
  } else {
    const features = ['--setf', `duration_stretch=${(voice.durationStretch ?? 1).toFixed(2)}`];
    if (voice.f0MeanHz !== undefined) features.push('--setf', `int_f0_target_mean=${voice.f0MeanHz}`);
    await runner.run('flite', ['-voice', voice.voice, ...features, '-t', text, '-o', raw]);
  }
  const path = voice.engine === 'espeak-ng' ? converted : raw;
  const wav = readWavMono16k(path);
  await Promise.all([fs.rm(raw, { force: true }), fs.rm(converted, { force: true })]);
  return wav.samples;
}
