// Streaming windowed-sinc resampling of a voice's output (22.05 kHz and others) to the engine's 16 kHz, chunk-size independent.

/**
 * Resamples a stream whose samples arrive in pieces. Output sample n sits at input position n·inRate/outRate
 * and is a windowed-sinc sum over the `halfTaps` input samples on each side, low-passed below the output's
 * Nyquist frequency. An output sample is produced only once every input it needs has arrived (or the stream
 * ended, when missing inputs count as silence), so the result does not depend on how the input was split:
 * the same text gives the same 16 kHz samples whatever the chunking — what virtual-time determinism needs.
 *
 * Self-contained on purpose (no imports, no module-level references): the espeak-ng worker thread is built
 * from this class's source text (see espeakWorker.ts).
 */
export class StreamingResampler {
  private input: Float32Array;
  private inputLength = 0;
  /** Index of the next output sample. */
  private produced = 0;
  private readonly step: number;
  private readonly cutoff: number;
  /** Input samples per output sample as a reduced fraction upRatio/downRatio: positions repeat every downRatio outputs. */
  private readonly upRatio: number;
  private readonly downRatio: number;
  /** Filter taps per phase (downRatio × 2·halfTaps), computed once: the trig is the costly part. */
  private readonly taps: Float32Array;

  constructor(
    private readonly inRateHz: number,
    private readonly outRateHz: number,
    private readonly halfTaps = 16,
  ) {
    this.step = inRateHz / outRateHz;
    // Cycles per input sample: 90 % of the output's Nyquist, and never above the input's own.
    this.cutoff = (0.45 * Math.min(inRateHz, outRateHz)) / inRateHz;
    this.input = new Float32Array(Math.max(1024, inRateHz));
    let a = inRateHz;
    let b = outRateHz;
    while (b !== 0) [a, b] = [b, a % b];
    this.upRatio = inRateHz / a;
    this.downRatio = outRateHz / a;
    const width = 2 * halfTaps;
    this.taps = new Float32Array(this.downRatio * width);
    for (let phase = 0; phase < this.downRatio; phase++) {
      const frac = ((phase * this.upRatio) % this.downRatio) / this.downRatio;
      for (let j = 0; j < width; j++) this.taps[phase * width + j] = this.kernel(frac + halfTaps - 1 - j);
    }
  }

  /** Appends input samples and returns the output samples that became computable. */
  push(samples: Float32Array | Int16Array, scale = 1): Float32Array {
    if (this.inputLength + samples.length > this.input.length) {
      const grown = new Float32Array(Math.max(this.input.length * 2, this.inputLength + samples.length));
      grown.set(this.input.subarray(0, this.inputLength));
      this.input = grown;
    }
    for (let i = 0; i < samples.length; i++) this.input[this.inputLength + i] = samples[i] * scale;
    this.inputLength += samples.length;
    return this.drain(false);
  }

  /** The stream ended: returns the remaining output (inputs past the end count as silence). */
  finish(): Float32Array {
    return this.drain(true);
  }

  /** Output length for a whole input of `inputSamples`: the samples whose position falls inside it. */
  outputLengthFor(inputSamples: number): number {
    return Math.ceil(inputSamples / this.step);
  }

  private drain(final: boolean): Float32Array {
    const total = this.outputLengthFor(this.inputLength);
    let end = this.produced;
    if (final) end = total;
    else {
      while (end < total && Math.floor(end * this.step) + this.halfTaps < this.inputLength) end++;
    }
    const out = new Float32Array(end - this.produced);
    for (let n = this.produced; n < end; n++) out[n - this.produced] = this.sampleAt(n);
    this.produced = end;
    return out;
  }

  /** Output sample n: input samples center−h+1 … center+h weighted by the phase's precomputed taps. */
  private sampleAt(n: number): number {
    const center = Math.floor((n * this.upRatio) / this.downRatio);
    const phase = n % this.downRatio;
    const h = this.halfTaps;
    const width = 2 * h;
    const base = phase * width;
    const first = center - h + 1;
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const k = first + j;
      if (k < 0 || k >= this.inputLength) continue;
      sum += this.input[k] * this.taps[base + j];
    }
    return sum;
  }

  /** Blackman-windowed sinc at distance x (input samples) from the output position, low-passed at `cutoff`. */
  private kernel(x: number): number {
    const h = this.halfTaps;
    if (Math.abs(x) >= h) return 0;
    const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / h) + 0.08 * Math.cos((2 * Math.PI * x) / h);
    const arg = 2 * this.cutoff * x;
    const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    return 2 * this.cutoff * sinc * w;
  }
}
