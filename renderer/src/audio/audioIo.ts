// The page side of audio: one AudioContext, the mic capture worklet feeding the bridge (on the chosen device, surviving unplugging), the playback worklet fed by it.

import micCaptureUrl from './micCapture.worklet.ts?worker&url';
import playbackUrl from './playback.worklet.ts?worker&url';
import type { RendererBridge } from '../bridge/createBridge';
import { chosenDevice, isDeviceListed, listDevices, onDeviceChange } from '../video/devices';

export type MicState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'live' }
  /** The mic went away mid-session (unplugged); capture restarts by itself when it is back. */
  | { kind: 'lost'; reason: string }
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
  /** The device of a mic that was lost: its return (devicechange) restarts capture. */
  private lostMicDeviceId: string | undefined;
  /** Bumped by every start/stop/loss, so a late getUserMedia or an old track's 'ended' cannot act on a newer state. */
  private micGeneration = 0;

  constructor(
    private readonly bridge: RendererBridge,
    private readonly onPlayed: (samples: number) => void,
    /** Told about changes the page did not ask for: the mic lost (unplugged) or restored. */
    private readonly onMicState: (state: MicState) => void = () => {},
  ) {
    this.unsubscribes.push(onDeviceChange(() => void this.onDevicesChanged()));
  }

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

  /** Opens the mic (the device chosen in the pickers, else the default) with the browser's echo canceller on (it hears the assistant's voice through Web Audio). */
  async startMic(): Promise<MicState> {
    const generation = ++this.micGeneration;
    this.closeMic();
    let stream: MediaStream;
    try {
      stream = await this.openMic();
    } catch (error) {
      await this.bridge.setSourcePresent({ source: 'mic', present: false }).catch(() => undefined);
      const name = error instanceof DOMException ? error.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'denied', reason: String(error) };
      return { kind: 'failed', reason: String(error) };
    }
    if (generation !== this.micGeneration) {
      stream.getTracks().forEach((track) => track.stop());
      return { kind: 'off' };
    }
    const context = await this.ensureContext();
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'tandem-mic-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    node.port.onmessage = (event: MessageEvent<Float32Array>) => this.bridge.sendMicAudio(event.data);
    source.connect(node);
    this.micStream = stream;
    this.micNode = node;
    this.lostMicDeviceId = undefined;
    const track = stream.getAudioTracks()[0];
    track?.addEventListener('ended', () => {
      if (this.micStream === stream) void this.loseMic(track);
    });
    if (track) window.__tandemCaptureTracks = { ...window.__tandemCaptureTracks, mic: track };
    await this.bridge.setSourcePresent({ source: 'mic', present: true }).catch(() => undefined);
    return { kind: 'live' };
  }

  async stopMic(): Promise<void> {
    this.micGeneration++;
    this.lostMicDeviceId = undefined;
    this.closeMic();
    await this.bridge.setSourcePresent({ source: 'mic', present: false }).catch(() => undefined);
  }

  private async openMic(): Promise<MediaStream> {
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
    const deviceId = chosenDevice('mic');
    if (!deviceId) return navigator.mediaDevices.getUserMedia({ audio });
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: { ...audio, deviceId: { exact: deviceId } } });
    } catch (error) {
      // The chosen mic is not connected: use the default one rather than none.
      if (error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')) {
        return navigator.mediaDevices.getUserMedia({ audio });
      }
      throw error;
    }
  }

  private closeMic(): void {
    this.micNode?.disconnect();
    this.micStream?.getTracks().forEach((track) => track.stop());
    this.micNode = undefined;
    this.micStream = undefined;
    if (window.__tandemCaptureTracks) delete window.__tandemCaptureTracks.mic;
  }

  private async loseMic(track: MediaStreamTrack): Promise<void> {
    this.micGeneration++;
    this.lostMicDeviceId = track.getSettings().deviceId ?? '';
    this.closeMic();
    this.onMicState({
      kind: 'lost',
      reason: 'The microphone was disconnected or stopped delivering audio. Tandem cannot hear you; the session keeps running (you can type), and the mic restarts by itself when it is back.',
    });
    await this.bridge.setSourcePresent({ source: 'mic', present: false }).catch(() => undefined);
  }

  /** Unplugging is seen as a device that left the list; plugging back as the lost device listed again. */
  private async onDevicesChanged(): Promise<void> {
    if (!this.micStream && this.lostMicDeviceId === undefined) return;
    let devices;
    try {
      devices = await listDevices('mic');
    } catch {
      return;
    }
    const track = this.micStream?.getAudioTracks()[0];
    if (track) {
      if (!isDeviceListed(devices, track.getSettings().deviceId)) await this.loseMic(track);
      return;
    }
    if (this.lostMicDeviceId !== undefined && isDeviceListed(devices, this.lostMicDeviceId || undefined)) {
      this.onMicState({ kind: 'starting' });
      this.onMicState(await this.startMic());
    }
  }

  dispose(): void {
    this.unsubscribes.forEach((unsubscribe) => unsubscribe());
    void this.context?.close();
  }
}
