// The playback worklet's logic without the worklet: 16 kHz chunks in, context-rate render quanta out, a jitter buffer, an instant flush.

import { SampleQueue, Upsampler } from './resampler';

/** Playback starts (and restarts after an underrun) once this much is buffered, absorbing network jitter. */
export const JITTER_BUFFER_MS = 80;

export class PlaybackBuffer {
  private readonly upsampler: Upsampler;
  private readonly queue: SampleQueue;
  private readonly startThreshold: number;
  private playing = false;
  /** Context-rate samples of the assistant's voice played so far (silence not counted). */
  played = 0;

  constructor(contextRate: number) {
    this.upsampler = new Upsampler(16_000, contextRate);
    this.queue = new SampleQueue(contextRate * 4);
    this.startThreshold = Math.round((contextRate * JITTER_BUFFER_MS) / 1000);
  }

  get bufferedSamples(): number {
    return this.queue.length;
  }

  push(samples16k: Float32Array): void {
    this.queue.push(this.upsampler.process(samples16k));
  }

  /** The assistant yielded: everything not yet played is dropped now. */
  flush(): void {
    this.queue.clear();
    this.upsampler.reset();
    this.playing = false;
  }

  /** Fills one render quantum; silence while the jitter buffer fills. Returns the voice samples written. */
  render(output: Float32Array): number {
    if (!this.playing && this.queue.length >= this.startThreshold) this.playing = true;
    let moved = 0;
    if (this.playing) {
      moved = this.queue.pull(output);
      if (moved < output.length) this.playing = false; // underrun: wait for the buffer to refill
    }
    output.fill(0, moved);
    this.played += moved;
    return moved;
  }
}
