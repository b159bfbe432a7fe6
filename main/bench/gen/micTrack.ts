// A generated sample's microphone track: speech clips placed at exact times over a quiet-room noise floor, written as 16 kHz WAV.

import { SAMPLE_RATE_HZ } from '../../../common/microturn';
import { WavStreamWriter } from '../../engine/media/wavWriter';
import type { SampleRandom } from './sampleRandom';

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;

/** A clip as placed on the track: where it is and what was said. */
export interface PlacedSpeech {
  fromMs: number;
  toMs: number;
  text: string;
  voice: string;
}

export class MicTrack {
  readonly samples: Float32Array;
  readonly placed: PlacedSpeech[] = [];

  /**
   * @param noiseDbfs RMS of the white-noise floor. A real microphone never delivers exact zeros;
   *   −60 dBFS is a quiet room (the bundled demo uses the same floor).
   */
  constructor(
    readonly durationMs: number,
    rng: SampleRandom,
    noiseDbfs = -60,
  ) {
    this.samples = new Float32Array(Math.round(durationMs * SAMPLES_PER_MS));
    // Uniform noise in [-a, a] has RMS a/√3.
    const amplitude = 10 ** (noiseDbfs / 20) * Math.sqrt(3);
    for (let i = 0; i < this.samples.length; i++) this.samples[i] = (rng.next() * 2 - 1) * amplitude;
  }

  /** Adds a clip at a whole millisecond; returns where it ended up. A clip past the end is an error (the generator mis-planned). */
  place(clip: Float32Array, atMs: number, text: string, voice: string): PlacedSpeech {
    const start = Math.round(atMs) * SAMPLES_PER_MS;
    if (start < 0 || start + clip.length > this.samples.length) {
      throw new RangeError(`speech "${text}" at ${atMs} ms (${clip.length / SAMPLES_PER_MS} ms long) does not fit in a ${this.durationMs} ms track`);
    }
    for (let i = 0; i < clip.length; i++) this.samples[start + i] += clip[i];
    const placed = { fromMs: start / SAMPLES_PER_MS, toMs: (start + clip.length) / SAMPLES_PER_MS, text, voice };
    this.placed.push(placed);
    return placed;
  }

  /** Writes 16 kHz mono 16-bit PCM (the writer clamps to [-1, 1]). */
  writeWav(path: string): void {
    const writer = new WavStreamWriter(path);
    try {
      writer.write(this.samples);
    } finally {
      writer.close();
    }
  }
}
