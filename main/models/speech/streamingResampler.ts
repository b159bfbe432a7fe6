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

  constructor(
    private readonly inRateHz: number,
    private readonly outRateHz: number,
    private readonly halfTaps = 16,
  ) {
    this.step = inRateHz / outRateHz;
    // Cycles per input sample: 90 % of the output's Nyquist, and never above the input's own.
    this.cutoff = (0.45 * Math.min(inRateHz, outRateHz)) / inRateHz;
    this.input = new Float32Array(Math.max(1024, inRateHz));
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
    for (let n = this.produced; n < end; n++) out[n - this.produced] = this.sampleAt(n * this.step);
    this.produced = end;
    return out;
  }

  private sampleAt(position: number): number {
    const center = Math.floor(position);
    const h = this.halfTaps;
    const fc = this.cutoff;
    let sum = 0;
    for (let k = center - h + 1; k <= center + h; k++) {
      if (k < 0 || k >= this.inputLength) continue;
      const x = position - k;
      // Blackman window over [−h, h].
      const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / h) + 0.08 * Math.cos((2 * Math.PI * x) / h);
      const arg = 2 * fc * x;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      sum += this.input[k] * 2 * fc * sinc * w;
    }
    return sum;
  }
}
