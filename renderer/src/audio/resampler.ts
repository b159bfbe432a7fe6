// Streaming sample-rate conversion for the audio worklets: a windowed-sinc low-pass FIR, then decimation or interpolation.

/** Low-pass FIR taps (Blackman-windowed sinc), cutoff as a fraction of the input rate, unity DC gain. */
export function lowPassTaps(cutoffFraction: number, tapCount: number): Float32Array {
  const taps = new Float32Array(tapCount);
  const middle = (tapCount - 1) / 2;
  let sum = 0;
  for (let i = 0; i < tapCount; i++) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * cutoffFraction : Math.sin(2 * Math.PI * cutoffFraction * x) / (Math.PI * x);
    const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (tapCount - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (tapCount - 1));
    taps[i] = sinc * window;
    sum += taps[i];
  }
  for (let i = 0; i < tapCount; i++) taps[i] /= sum;
  return taps;
}

/**
 * Converts a stream from inputRate down to outputRate: low-pass below the output Nyquist (at 0.45 of the
 * output rate, so aliasing stays out of speech bands), then reads the filtered signal at the output
 * instants (exact decimation when the ratio is an integer, linear interpolation between filtered samples otherwise).
 */
export class Downsampler {
  private readonly taps: Float32Array;
  private readonly history: Float32Array;
  private historyPos = 0;
  private readonly step: number;
  /** Input position (in input samples, relative to the next input sample) of the next output sample. */
  private nextAt = 0;
  private previousFiltered = 0;

  constructor(inputRate: number, readonly outputRate: number, tapCount = 63) {
    this.step = inputRate / outputRate;
    this.taps = lowPassTaps((0.45 * outputRate) / inputRate, tapCount);
    this.history = new Float32Array(tapCount);
  }

  /** Feeds input samples; returns the output samples they complete. */
  process(input: Float32Array): Float32Array {
    const out: number[] = [];
    const taps = this.taps;
    const n = taps.length;
    for (let i = 0; i < input.length; i++) {
      this.history[this.historyPos] = input[i];
      this.historyPos = (this.historyPos + 1) % n;
      let filtered = 0;
      for (let k = 0; k < n; k++) filtered += taps[k] * this.history[(this.historyPos + k) % n];
      // Output instants that fall in (i-1, i] are interpolated between the previous and this filtered sample.
      while (this.nextAt <= 0) {
        const fraction = 1 + this.nextAt; // 1 → exactly this sample
        out.push(this.previousFiltered + (filtered - this.previousFiltered) * fraction);
        this.nextAt += this.step;
      }
      this.nextAt -= 1;
      this.previousFiltered = filtered;
    }
    return Float32Array.from(out);
  }
}

/** Converts a stream up from inputRate to outputRate by linear interpolation (the 16 kHz voice has nothing above 8 kHz to image). */
export class Upsampler {
  private readonly step: number;
  private position = 0;
  private previous = 0;

  constructor(readonly inputRate: number, outputRate: number) {
    this.step = inputRate / outputRate;
  }

  process(input: Float32Array): Float32Array {
    const out: number[] = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      while (this.position < 1) {
        out.push(this.previous + (current - this.previous) * this.position);
        this.position += this.step;
      }
      this.position -= 1;
      this.previous = current;
    }
    return Float32Array.from(out);
  }

  reset(): void {
    this.position = 0;
    this.previous = 0;
  }
}

/** A Float32 ring of samples with a fixed capacity; the oldest samples are overwritten when it is full. */
export class SampleQueue {
  private readonly buffer: Float32Array;
  private readPos = 0;
  private count = 0;

  constructor(capacity: number) {
    this.buffer = new Float32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) {
      const writePos = (this.readPos + this.count) % this.buffer.length;
      this.buffer[writePos] = samples[i];
      if (this.count < this.buffer.length) this.count++;
      else this.readPos = (this.readPos + 1) % this.buffer.length;
    }
  }

  /** Moves up to target.length samples into target; returns how many it moved. */
  pull(target: Float32Array): number {
    const moved = Math.min(target.length, this.count);
    for (let i = 0; i < moved; i++) {
      target[i] = this.buffer[this.readPos];
      this.readPos = (this.readPos + 1) % this.buffer.length;
    }
    this.count -= moved;
    return moved;
  }

  clear(): void {
    this.readPos = 0;
    this.count = 0;
  }
}
