// AudioWorklet: plays the assistant's 16 kHz chunks at the context rate through a small jitter buffer; flushes on demand.

import { PlaybackBuffer } from './playbackBuffer';

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

type PlayerMessage = { type: 'chunk'; samples: Float32Array } | { type: 'flush' };

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly buffer = new PlaybackBuffer(sampleRate);
  private lastReport = 0;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlayerMessage>) => {
      if (event.data.type === 'flush') this.buffer.flush();
      else this.buffer.push(event.data.samples);
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0]?.[0];
    if (!output) return true;
    const moved = this.buffer.render(output);
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(output);
    // Report at most ten times a second: the page shows it and the end-to-end test reads it.
    if (moved > 0 && this.buffer.played - this.lastReport >= sampleRate / 10) {
      this.lastReport = this.buffer.played;
      this.port.postMessage({ played: this.buffer.played });
    }
    return true;
  }
}

registerProcessor('tandem-playback', PlaybackProcessor);
