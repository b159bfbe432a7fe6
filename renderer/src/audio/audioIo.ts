// The page side of audio: one AudioContext, the mic capture worklet feeding the bridge, the playback worklet fed by it.

import micCaptureUrl from './micCapture.worklet.ts?worker&url';
import playbackUrl from './playback.worklet.ts?worker&url';
import type { RendererBridge } from '../bridge/createBridge';

export type MicState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'live' }
  | { kind: 'denied'; reason: string }
  | { kind: 'failed'; reason: string };

declare global {
  interface Window {
    /** Test hook: context-rate samples the playback worklet has played. */
    __tandemPlayedSamples?: number;
  }
}

export class AudioIo {
  private context: AudioContext | undefined;
  private micStream: MediaStream | undefined;
  private micNode: AudioWorkletNode | undefined;
  private player: AudioWorkletNode | undefined;
  private unsubscribes: Array<() => void> = [];

  constructor(
    private readonly bridge: RendererBridge,
    private readonly onPlayed: (samples: number) => void,
  ) {}

  private async ensureContext(): Promise<AudioContext> {
    if (!this.context) {
      this.context = new AudioContext({ sampleRate: 48_000 });
      await this.context.audioWorklet.addModule(micCaptureUrl);
      await this.context.audioWorklet.addModule(playbackUrl);
    }
    if (this.context.state === 'suspended') await this.context.resume();
    return this.context;
  }

  /** Starts the player: output chunks from the bridge go to the worklet, a flush empties it at once. */
  async startPlayback(): Promise<void> {
    if (this.player) return;
    const context = await this.ensureContext();
    const player = new AudioWorkletNode(context, 'tandem-playback', { outputChannelCount: [1] });
    player.connect(context.destination);
    player.port.onmessage = (event: MessageEvent<{ played: number }>) => {
      window.__tandemPlayedSamples = event.data.played;
      this.onPlayed(event.data.played);
    };
    this.player = player;
    this.unsubscribes.push(
      this.bridge.onAudioOutput((_turn, samples) => {
        const copy = samples.slice();
        player.port.postMessage({ type: 'chunk', samples: copy }, [copy.buffer]);
      }),
      this.bridge.onPlaybackFlush(() => player.port.postMessage({ type: 'flush' })),
    );
  }

  /** Opens the mic with the browser's echo canceller on (it hears the assistant's voice through Web Audio). */
  async startMic(): Promise<MicState> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
      });
    } catch (error) {
      await this.bridge.setSourcePresent({ source: 'mic', present: false }).catch(() => undefined);
      const name = error instanceof DOMException ? error.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'denied', reason: String(error) };
      return { kind: 'failed', reason: String(error) };
    }
    const context = await this.ensureContext();
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'tandem-mic-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    node.port.onmessage = (event: MessageEvent<Float32Array>) => this.bridge.sendMicAudio(event.data);
    source.connect(node);
    this.micStream = stream;
    this.micNode = node;
    await this.bridge.setSourcePresent({ source: 'mic', present: true }).catch(() => undefined);
    return { kind: 'live' };
  }

  async stopMic(): Promise<void> {
    this.micNode?.disconnect();
    this.micStream?.getTracks().forEach((track) => track.stop());
    this.micNode = undefined;
    this.micStream = undefined;
    await this.bridge.setSourcePresent({ source: 'mic', present: false }).catch(() => undefined);
  }

  dispose(): void {
    this.unsubscribes.forEach((unsubscribe) => unsubscribe());
    void this.context?.close();
  }
}
