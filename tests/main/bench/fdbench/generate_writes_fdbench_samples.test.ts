// The generated suite has Full-Duplex-Bench's layout and annotation files, and its audio is what the annotations say it is.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFdSampleAnnotations, type FdSampleAnnotations } from '../../../../main/bench/fdbench/annotations';
import { FD_BENCH_SEED_RANGE, FD_GENERATED_TASKS, fdSampleSeed, generateFdSuite, isBenchmarkSeed, type GenerateFdSuiteResult } from '../../../../main/bench/fdbench/generate';
import { readWavMono16k } from '../../../../main/engine/media/wav';
import { loadFullDuplexSample } from '../../../../main/engine/scenario/load';

const RATE = 16_000;

/** Which files each task's sample folder holds (generation.json is the generator's manifest). */
const EXPECTED_FILES: Record<string, string[]> = {
  pause_handling: ['generation.json', 'input.wav', 'pause.json', 'user_speech.json'],
  smooth_turn_taking: ['generation.json', 'input.wav', 'turn_taking.json', 'user_speech.json'],
  user_interruption: ['clean_input.wav', 'context.wav', 'generation.json', 'input.wav', 'interrupt.json', 'interrupt.wav', 'metadata.json', 'user_speech.json'],
  backchannel: ['backchannel_gt.json', 'generation.json', 'input.wav', 'user_speech.json'],
  talking_to_other: ['clean_input.wav', 'generation.json', 'input.wav', 'metadata.json', 'user_speech.json'],
  background_speech: ['clean_input.wav', 'generation.json', 'input.wav', 'metadata.json', 'user_speech.json'],
  background_noise: ['clean_input.wav', 'generation.json', 'input.wav', 'metadata.json', 'user_speech.json'],
  user_backchannel: ['clean_input.wav', 'generation.json', 'input.wav', 'metadata.json', 'user_speech.json'],
};

let outDir: string;
let suite: GenerateFdSuiteResult;
let generationSeconds: number;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'fdbench-gen-'));
  const started = performance.now();
  suite = await generateFdSuite({ outDir, size: 'small' });
  generationSeconds = (performance.now() - started) / 1000;
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function samplesOf(task: string) {
  return suite.samples.filter((s) => s.task === task);
}

function wav(dir: string, name = 'input.wav'): Float32Array {
  return readWavMono16k(join(dir, name)).samples;
}

function dbfs(samples: Float32Array, fromS: number, toS: number): number {
  const from = Math.max(0, Math.round(fromS * RATE));
  const to = Math.min(samples.length, Math.round(toS * RATE));
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return 10 * Math.log10(Math.max(sum / Math.max(1, to - from), 1e-20));
}

function annotations(dir: string): FdSampleAnnotations {
  return readFdSampleAnnotations(dir);
}

function durationS(dir: string): number {
  return wav(dir).length / RATE;
}

/** The silent stretches of input.wav according to user_speech.json (and, for background_noise, the noise span). */
function silentSpans(dir: string): Array<[number, number]> {
  const a = annotations(dir);
  const busy: Array<[number, number]> = (a.userSpeech ?? []).map((seg) => [seg.timestamp[0], seg.timestamp[1]]);
  if (a.metadata && readFileSync(join(dir, 'metadata.json'), 'utf8').includes('"noise"')) busy.push([a.metadata.timestamps[0], a.metadata.timestamps[1]]);
  busy.sort((x, y) => x[0] - y[0]);
  const spans: Array<[number, number]> = [];
  let at = 0;
  for (const [from, to] of busy) {
    if (from > at) spans.push([at, from]);
    at = Math.max(at, to);
  }
  const end = durationS(dir);
  if (end > at) spans.push([at, end]);
  return spans.filter(([from, to]) => to - from >= 0.05);
}

describe('generateFdSuite (small)', () => {
  it('generates 4 samples per task from the documented seed range in well under a minute', () => {
    expect(generationSeconds).toBeLessThan(45);
    expect(suite.samples).toHaveLength(4 * FD_GENERATED_TASKS.length);
    expect(suite.seeds).toEqual(FD_GENERATED_TASKS.flatMap((task) => [0, 1, 2, 3].map((k) => fdSampleSeed(task, k))));
    expect(suite.seeds[0]).toBe(FD_BENCH_SEED_RANGE.from);
    for (const seed of suite.seeds) expect(isBenchmarkSeed(seed)).toBe(true);
    for (const sample of suite.samples) {
      expect(sample.id).toBe(String(sample.seed));
      expect(sample.input).toBe(join(outDir, sample.task, sample.id));
    }
  });

  it('writes FD-bench sample folders: outDir/<task>/<id>/ with exactly the task\'s files', () => {
    expect(readdirSync(outDir).sort()).toEqual([...FD_GENERATED_TASKS].sort());
    for (const sample of suite.samples) expect(readdirSync(sample.input).sort()).toEqual(EXPECTED_FILES[sample.task]);
  });

  it('writes every wav as 16 kHz mono 16-bit PCM, clean_input.wav as long as input.wav', () => {
    for (const sample of suite.samples) {
      for (const name of readdirSync(sample.input).filter((f) => f.endsWith('.wav'))) {
        const bytes = readFileSync(join(sample.input, name));
        expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
        expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
        expect(bytes.readUInt16LE(20)).toBe(1); // PCM
        expect(bytes.readUInt16LE(22)).toBe(1); // mono
        expect(bytes.readUInt32LE(24)).toBe(RATE);
        expect(bytes.readUInt16LE(34)).toBe(16);
        expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
      }
      if (EXPECTED_FILES[sample.task].includes('clean_input.wav')) {
        expect(wav(sample.input, 'clean_input.wav').length).toBe(wav(sample.input).length);
      }
    }
  });

  it('writes annotations that validate against annotations.ts and returns them as truth', () => {
    for (const sample of suite.samples) {
      const a = annotations(sample.input);
      const { dir: _dir, ...truth } = a;
      expect(sample.truth).toEqual(truth);
      expect(a.userSpeech?.length).toBeGreaterThan(0);
      if (sample.task === 'pause_handling') expect(a.pause?.every((p) => p.text === '[PAUSE]')).toBe(true);
      if (sample.task === 'smooth_turn_taking') expect(a.turnTaking?.[0].text).toBe('[TURN-TAKING]');
      if (sample.task === 'user_interruption') expect(a.interrupt?.[0].interrupt).toBe(a.metadata?.current_turn_text);
      if (sample.task === 'backchannel') expect(a.backchannelGt?.source).toBe('backchannel_gt.json');
      if (sample.task === 'talking_to_other') expect(a.metadata?.current_turn_text).toBeTruthy();
      if (sample.task === 'background_speech') expect(a.metadata?.background_text).toBeTruthy();
      if (sample.task === 'user_backchannel') expect(a.metadata?.backchannel_text).toBeTruthy();
      if (['user_interruption', 'talking_to_other', 'background_speech', 'background_noise', 'user_backchannel'].includes(sample.task)) {
        expect(a.cleanInputWav).toBe(join(sample.input, 'clean_input.wav'));
        expect(a.metadata?.context_text).toBeTruthy();
      }
      const end = durationS(sample.input);
      for (const seg of a.userSpeech ?? []) expect(seg.timestamp[1]).toBeLessThanOrEqual(end);
      if (a.metadata) expect(a.metadata.timestamps[1]).toBeLessThanOrEqual(end);
    }
  });

  it('makes folders that `tandem run` takes as Full-Duplex-Bench samples', async () => {
    for (const sample of suite.samples.filter((_, i) => i % 4 === 0)) {
      const loaded = await loadFullDuplexSample(sample.input);
      expect(loaded.kind).toBe('full-duplex-bench');
      expect(loaded.exactSamples).toBe(wav(sample.input).length);
      loaded.close();
    }
  });

  it('makes samples of plausible length', () => {
    const ranges: Record<string, [number, number]> = {
      pause_handling: [2, 15],
      smooth_turn_taking: [3.5, 16],
      user_interruption: [9, 25],
      backchannel: [8, 45],
      talking_to_other: [7, 22],
      background_speech: [6, 30],
      background_noise: [3.5, 20],
      user_backchannel: [5, 20],
    };
    for (const sample of suite.samples) {
      const seconds = durationS(sample.input);
      expect(seconds, `${sample.task}/${sample.id}`).toBeGreaterThanOrEqual(ranges[sample.task][0]);
      expect(seconds, `${sample.task}/${sample.id}`).toBeLessThanOrEqual(ranges[sample.task][1]);
    }
  });

  it('uses more than one speech engine and many voices', () => {
    const voices = suite.samples.map((s) => JSON.parse(readFileSync(join(s.input, 'generation.json'), 'utf8')).info.voices.user as { engine: string; voice: string });
    expect(new Set(voices.map((v) => v.engine))).toEqual(new Set(['espeak-ng', 'flite']));
    expect(new Set(voices.map((v) => `${v.engine} ${v.voice}`)).size).toBeGreaterThanOrEqual(12);
  });

  it('speaks where user_speech.json says and is silent everywhere else', () => {
    for (const sample of suite.samples) {
      const audio = wav(sample.input);
      for (const seg of annotations(sample.input).userSpeech ?? []) {
        expect(dbfs(audio, seg.timestamp[0], seg.timestamp[1]), `${sample.task}/${sample.id} speech ${seg.timestamp}`).toBeGreaterThan(-45);
      }
      for (const [from, to] of silentSpans(sample.input)) {
        expect(dbfs(audio, from + 0.005, to - 0.005), `${sample.task}/${sample.id} silence ${from}–${to}`).toBeLessThan(-55);
      }
    }
  });

  it('pause samples: a silence of the annotated length at the annotated place, with speech on both sides', () => {
    for (const sample of samplesOf('pause_handling')) {
      const audio = wav(sample.input);
      const a = annotations(sample.input);
      const speech = a.userSpeech ?? [];
      expect(speech.length).toBe((a.pause ?? []).length + 1);
      for (const [i, pause] of (a.pause ?? []).entries()) {
        const [from, to] = pause.timestamp;
        expect(to - from).toBeGreaterThanOrEqual(0.5);
        expect(to - from).toBeLessThanOrEqual(2.0);
        // The pause is exactly the gap between two pieces of the same sentence.
        expect(speech[i].timestamp[1]).toBe(from);
        expect(speech[i + 1].timestamp[0]).toBe(to);
        expect(dbfs(audio, from, to)).toBeLessThan(-55);
        expect(dbfs(audio, from - 0.1, from)).toBeGreaterThan(-50);
        expect(dbfs(audio, to, to + 0.1)).toBeGreaterThan(-50);
      }
      // The real end of the turn: the last piece ends, then only a short tail of silence.
      const turnEnd = speech[speech.length - 1].timestamp[1];
      expect(durationS(sample.input) - turnEnd).toBeGreaterThanOrEqual(0.5);
      expect(dbfs(audio, turnEnd, durationS(sample.input))).toBeLessThan(-55);
    }
  });

  it('turn-taking samples: the annotated turn end is followed by at least 3 s of silence', () => {
    for (const sample of samplesOf('smooth_turn_taking')) {
      const audio = wav(sample.input);
      const a = annotations(sample.input);
      const end = a.turnTaking![0].timestamp[0];
      expect(end).toBe(a.userSpeech![a.userSpeech!.length - 1].timestamp[1]);
      expect(dbfs(audio, end - 0.15, end)).toBeGreaterThan(-50);
      expect(durationS(sample.input) - end).toBeGreaterThanOrEqual(3);
      expect(dbfs(audio, end, durationS(sample.input))).toBeLessThan(-55);
    }
  });

  it('user-interruption samples: first turn, a gap of 3–6 s for the answer, the interruption, then room for the reply', () => {
    for (const sample of samplesOf('user_interruption')) {
      const a = annotations(sample.input);
      const [context, cutIn] = a.userSpeech!;
      const [from, to] = a.interrupt![0].timestamp;
      expect(cutIn.timestamp).toEqual([from, to]);
      expect(a.metadata!.timestamps).toEqual([from, to]);
      expect(from - context.timestamp[1]).toBeGreaterThanOrEqual(3);
      expect(from - context.timestamp[1]).toBeLessThanOrEqual(6);
      expect(durationS(sample.input) - to).toBeGreaterThanOrEqual(4);
      expect(wav(sample.input, 'context.wav').length / RATE).toBeCloseTo(context.timestamp[1] - context.timestamp[0], 3);
      expect(wav(sample.input, 'interrupt.wav').length / RATE).toBeCloseTo(to - from, 3);
      expect(a.interrupt![0].context).toBe(context.text);
    }
  });

  it('backchannel samples: a distribution over 0.2 s bins whose peaks lie in the pauses of a long turn', () => {
    for (const sample of samplesOf('backchannel')) {
      const a = annotations(sample.input);
      const distribution = a.backchannelGt!.distribution;
      expect(distribution).toHaveLength(Math.floor(durationS(sample.input) / 0.2) + 1);
      expect(distribution.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 3);
      const speech = a.userSpeech!;
      expect(speech.length).toBeGreaterThanOrEqual(4);
      const gaps = speech.slice(1).map((seg, i) => [speech[i].timestamp[1], seg.timestamp[0]]);
      for (const [end, start] of gaps) expect(start - end).toBeLessThanOrEqual(0.9);
      // Nearly all of the mass lies in bins that start within 0.8 s after a phrase ends.
      let near = 0;
      distribution.forEach((p, bin) => {
        const binS = bin * 0.2;
        if (gaps.some(([end]) => binS >= end - 0.2 && binS <= end + 0.8)) near += p;
      });
      expect(near).toBeGreaterThan(0.95);
    }
  });

  it('overlap samples: input.wav is clean_input.wav plus a second sound, only inside metadata.timestamps', () => {
    for (const task of ['user_interruption', 'talking_to_other', 'background_speech', 'background_noise', 'user_backchannel']) {
      for (const sample of samplesOf(task)) {
        const input = wav(sample.input);
        const clean = wav(sample.input, 'clean_input.wav');
        const [from, to] = annotations(sample.input).metadata!.timestamps;
        const difference = input.map((v, i) => v - clean[i]);
        expect(dbfs(difference, from, to), `${task}/${sample.id}`).toBeGreaterThan(-50);
        const outside = difference.filter((_, i) => i < from * RATE || i >= to * RATE);
        expect(outside.every((v) => v === 0), `${task}/${sample.id}: input and clean differ outside the overlap`).toBe(true);
      }
    }
  });

  it('talking-to-other and background-speech samples mix a second, quieter voice', () => {
    for (const task of ['talking_to_other', 'background_speech']) {
      for (const sample of samplesOf(task)) {
        const info = JSON.parse(readFileSync(join(sample.input, 'generation.json'), 'utf8')).info;
        const other = info.voices.other_speaker ?? info.voices.background_speaker;
        expect(`${other.engine} ${other.voice}`).not.toBe(`${info.voices.user.engine} ${info.voices.user.voice}`);
        const a = annotations(sample.input);
        const request = a.userSpeech![0];
        const clean = wav(sample.input, 'clean_input.wav');
        const input = wav(sample.input);
        const [from, to] = a.metadata!.timestamps;
        const overlapLevel = dbfs(input.map((v, i) => v - clean[i]), from, to);
        expect(overlapLevel).toBeLessThan(dbfs(clean, request.timestamp[0], request.timestamp[1]));
      }
    }
  });

  it('background-noise samples: noise at the annotated SNR against the user\'s speech', () => {
    for (const sample of samplesOf('background_noise')) {
      const meta = JSON.parse(readFileSync(join(sample.input, 'metadata.json'), 'utf8')) as { timestamps: [number, number]; noise: { snr_db: number } };
      const a = annotations(sample.input);
      const request = a.userSpeech![0];
      const clean = wav(sample.input, 'clean_input.wav');
      const input = wav(sample.input);
      const noise = input.map((v, i) => v - clean[i]);
      // The generator sets the SNR from the speech's active level, slightly above its plain RMS; allow 4 dB for that.
      const snr = dbfs(clean, request.timestamp[0], request.timestamp[1]) - dbfs(noise, meta.timestamps[0] + 0.05, meta.timestamps[1] - 0.05);
      expect(snr).toBeGreaterThan(meta.noise.snr_db - 4);
      expect(snr).toBeLessThan(meta.noise.snr_db + 1);
    }
  });
});
