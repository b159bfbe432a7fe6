// AudioWorklet: mic audio at the context rate → 16 kHz (low-passed) → 20 ms Float32 frames posted to the page.

import { Downsampler } from './resampler';

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const OUTPUT_RATE = 16_000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

class MicCaptureProcessor extends AudioWorkletProcessor {
  private readonly downsampler = new Downsampler(sampleRate, OUTPUT_RATE);
  private frame = new Float32Array(FRAME_SAMPLES);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    const converted = this.downsampler.process(channel);
    for (let i = 0; i < converted.length; i++) {
      this.frame[this.filled++] = converted[i];
      if (this.filled === FRAME_SAMPLES) {
        this.port.postMessage(this.frame, [this.frame.buffer]);
        this.frame = new Float32Array(FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('tandem-mic-capture', MicCaptureProcessor);
