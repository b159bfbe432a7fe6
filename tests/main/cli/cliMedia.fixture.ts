// Real media for the CLI tests (espeak-ng speech shaped with sox, other formats with ffmpeg) and readers for what the CLI writes.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import type { TimelineEvent } from '../../../common/timeline';
import { readTimeline, type ReadTimeline } from '../../../main/engine/timelineReader';

function tool(name: string, args: string[]): void {
  try {
    execFileSync(name, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`${name} ${args.join(' ')} failed. The CLI tests need espeak-ng, sox and ffmpeg: apt-get install -y espeak-ng sox ffmpeg`, { cause: error });
  }
}

export interface SpeechWavOptions {
  rateHz?: number;
  channels?: number;
  /** Silence before the speech. */
  leadMs?: number;
  /** Cut or pad (with silence) to exactly this many sample frames at `rateHz`. */
  totalFrames?: number;
}

/**
 * Writes `text` spoken by espeak-ng to `path` as 16-bit PCM at `rateHz` with `channels` channels: espeak's
 * own leading and trailing silence trimmed, then `leadMs` of silence, then cut or padded to `totalFrames`.
 */
export function speechWav(path: string, text: string, options: SpeechWavOptions = {}): void {
  const { rateHz = 16_000, channels = 1, leadMs = 0, totalFrames } = options;
  const raw = `${path}.espeak.wav`;
  tool('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', raw, text]);
  // Rate and channels are converted first, explicitly: sox would otherwise append them after pad/trim, so
  // `trim 0 Ns` would count espeak's 22.05 kHz frames instead of the output's.
  const effects = ['rate', String(rateHz), 'channels', String(channels), 'silence', '1', '0.02', '1%', 'reverse', 'silence', '1', '0.02', '1%', 'reverse'];
  if (leadMs > 0) effects.push('pad', String(leadMs / 1000), '0');
  if (totalFrames !== undefined) effects.push('pad', '0', '60', 'trim', '0', `${totalFrames}s`);
  tool('sox', [raw, '-r', String(rateHz), '-c', String(channels), '-b', '16', '-e', 'signed-integer', path, ...effects]);
}

/** Re-encodes a WAV file with ffmpeg into another container (e.g. `.ogg`), whatever the output's name says. */
export function transcode(input: string, output: string, format: string): void {
  tool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-f', format, output]);
}

/** Sample frames in a WAV file as sox counts them. */
export function soxFrames(path: string): number {
  return Number(execFileSync('soxi', ['-s', path], { encoding: 'utf8' }).trim());
}

export interface Pcm16Wav {
  riffChunkBytes: number;
  fileBytes: number;
  audioFormat: number;
  sampleRateHz: number;
  channels: number;
  bitsPerSample: number;
  dataChunkBytes: number;
  samples: Int16Array;
}

/** Reads a WAV file the CLI wrote: header fields from the bytes, samples through wavefile. */
export function readPcm16Wav(path: string): Pcm16Wav {
  const bytes = readFileSync(path);
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a RIFF/WAVE file (starts with ${JSON.stringify(bytes.toString('latin1', 0, 12))})`);
  }
  const wav = new wavefile.WaveFile(bytes);
  const fmt = wav.fmt as { audioFormat: number; sampleRate: number; numChannels: number; bitsPerSample: number };
  const data = wav.data as { chunkSize: number };
  return {
    riffChunkBytes: bytes.readUInt32LE(4),
    fileBytes: bytes.length,
    audioFormat: fmt.audioFormat,
    sampleRateHz: fmt.sampleRate,
    channels: fmt.numChannels,
    bitsPerSample: fmt.bitsPerSample,
    dataChunkBytes: data.chunkSize,
    samples: wav.getSamples(false, Int16Array) as unknown as Int16Array,
  };
}

/** The session log in `outDir`, read and validated by the engine's own reader. */
export function readSessionTimeline(outDir: string): ReadTimeline {
  return readTimeline(join(outDir, 'timeline.jsonl'));
}

export function readSummary(outDir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
}

export function ofKind(events: readonly TimelineEvent[], kind: TimelineEvent['kind']): TimelineEvent[] {
  return events.filter((event) => event.kind === kind);
}

/** Writes a scenario file next to its media and returns its path. */
export function writeScenario(dir: string, fileName: string, scenario: Record<string, unknown>): string {
  const path = join(dir, fileName);
  writeFileSync(path, JSON.stringify(scenario, null, 2));
  return path;
}

/** Asserts the one-line, stack-free error shape every CLI failure should have; returns the line. */
export function singleErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected exactly one line on stderr, got ${lines.length}:\n${stderr}`);
  return lines[0];
}
