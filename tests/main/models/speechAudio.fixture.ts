// Makes real test audio with espeak-ng and sox in a temp dir and reads it back as 16 kHz float samples.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';

export class SpeechAudio {
  readonly dir = mkdtempSync(join(tmpdir(), 'tandem-models-'));
  private count = 0;

  /**
   * `text` spoken by espeak-ng, resampled to 16 kHz mono 16-bit, with espeak's leading and trailing
   * silence trimmed so the speech starts at sample 0 and ends at the last sample.
   */
  speech(text: string, voice = 'en-us', wordsPerMinute = 160): Float32Array {
    const raw = this.file('raw');
    const out = this.file('speech');
    run('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', raw, text]);
    run('sox', [raw, '-r', String(SAMPLE_RATE_HZ), '-c', '1', '-b', '16', out, 'silence', '1', '0.02', '1%', 'reverse', 'silence', '1', '0.02', '1%', 'reverse']);
    return readWav(out);
  }

  /** Digital silence made by sox. */
  silence(ms: number): Float32Array {
    const out = this.file('silence');
    run('sox', ['-n', '-r', String(SAMPLE_RATE_HZ), '-c', '1', '-b', '16', out, 'trim', '0', String(ms / 1000)]);
    return readWav(out);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private file(stem: string): string {
    this.count += 1;
    return join(this.dir, `${stem}-${this.count}.wav`);
  }
}

/** Pieces one after another, with where each piece starts and ends (ms). */
export function concat(...pieces: Float32Array[]): { pcm: Float32Array; spans: { startMs: number; endMs: number }[] } {
  const pcm = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  const spans: { startMs: number; endMs: number }[] = [];
  let offset = 0;
  for (const piece of pieces) {
    pcm.set(piece, offset);
    spans.push({ startMs: (offset * 1000) / SAMPLE_RATE_HZ, endMs: ((offset + piece.length) * 1000) / SAMPLE_RATE_HZ });
    offset += piece.length;
  }
  return { pcm, spans };
}

function readWav(path: string): Float32Array {
  const wav = new wavefile.WaveFile(readFileSync(path));
  const format = wav.fmt as { sampleRate: number; numChannels: number };
  if (format.sampleRate !== SAMPLE_RATE_HZ || format.numChannels !== 1) throw new Error(`${path}: expected 16 kHz mono`);
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  return Float32Array.from(samples, (value) => value / 32768);
}

function run(tool: string, args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`${tool} failed (${args.join(' ')}). These tests need espeak-ng and sox: apt-get install -y espeak-ng sox`, { cause: error });
  }
}
