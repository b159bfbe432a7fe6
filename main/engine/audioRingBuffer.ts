// The mic ring buffer: live audio arrives in arbitrary frames; each micro-turn reads exactly 3 200 samples.

export interface ChunkRead {
  /** Samples that were really available; the rest of the chunk was zero-filled. */
  filled: number;
  underrunSamples: number;
}

/**
 * Single-producer single-consumer float ring. On overflow the oldest audio is dropped (and counted)
 * so the engine always works on the freshest 200 ms; on underrun the chunk is zero-filled and flagged.
 */
export class AudioRingBuffer {
  private readonly data: Float32Array;
  private readIndex = 0;
  private available = 0;
  /** Samples dropped because the consumer fell behind. */
  droppedSamples = 0;

  constructor(readonly capacitySamples: number) {
    this.data = new Float32Array(capacitySamples);
  }

  get size(): number {
    return this.available;
  }

  write(samples: Float32Array): void {
    let input = samples;
    if (input.length > this.data.length) {
      this.droppedSamples += input.length - this.data.length;
      input = input.subarray(input.length - this.data.length);
    }
    const overflow = this.available + input.length - this.data.length;
    if (overflow > 0) {
      this.readIndex = (this.readIndex + overflow) % this.data.length;
      this.available -= overflow;
      this.droppedSamples += overflow;
    }
    let writeIndex = (this.readIndex + this.available) % this.data.length;
    const first = Math.min(input.length, this.data.length - writeIndex);
    this.data.set(input.subarray(0, first), writeIndex);
    if (first < input.length) this.data.set(input.subarray(first), 0);
    writeIndex = (writeIndex + input.length) % this.data.length;
    this.available += input.length;
  }

  /** Fills `out` completely: real samples first, zeros for whatever is missing. */
  readChunk(out: Float32Array): ChunkRead {
    const filled = Math.min(out.length, this.available);
    const first = Math.min(filled, this.data.length - this.readIndex);
    out.set(this.data.subarray(this.readIndex, this.readIndex + first), 0);
    if (first < filled) out.set(this.data.subarray(0, filled - first), first);
    out.fill(0, filled);
    this.readIndex = (this.readIndex + filled) % this.data.length;
    this.available -= filled;
    return { filled, underrunSamples: out.length - filled };
  }

  clear(): void {
    this.readIndex = 0;
    this.available = 0;
  }
}
