// Camera or screen capture: opens the source, samples it (camera ≤ 5 fps at 320 px, screen ≤ 2 fps at 1920 px), sends changed frames over the bridge, and handles unplugging.

import type { VideoSource } from '../../../common/ipc';
import type { RendererBridge } from '../bridge/createBridge';
import { chosenDevice, isDeviceListed, listDevices, onDeviceChange } from './devices';
import { FrameChangeDetector, type FrameRegion } from './frameChange';
import { FrameScaler } from './downscale';
import { CHANGE_TEST_SIDE, SEND_POLICIES, SendPacer, scaleRegions } from './sendPolicy';

/** The send rate shown in the preview is measured over this window. */
const FPS_WINDOW_MS = 3_000;

export type CaptureState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'live'; label: string }
  /** The source went away mid-session (unplugged, sharing stopped); `reason` says why and what happens next. */
  | { kind: 'lost'; reason: string }
  | { kind: 'denied'; reason: string }
  | { kind: 'failed'; reason: string };

/** The last frame sent to the engine, kept for the preview and its overlay. */
export interface SentFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  regions: FrameRegion[];
  changedShare: number;
}

export interface CaptureSnapshot {
  source: VideoSource;
  state: CaptureState;
  framesSent: number;
  /** Frames sent per second over the last 3 s. */
  sentFps: number;
  lastFrame: SentFrame | null;
  /** The live stream, for a <video> preview; undefined unless live. */
  stream: MediaStream | undefined;
}

declare global {
  interface Window {
    /**
     * Test-only hook: the live capture tracks, so an end-to-end test can end one as an unplug would
     * (track.stop() and an 'ended' event). The app never reads it.
     */
    __tandemCaptureTracks?: Partial<Record<'mic' | 'camera' | 'screen', MediaStreamTrack>>;
  }
}

/**
 * Captures one visual source. start() opens it (camera: the device chosen in the pickers; screen:
 * getDisplayMedia, answered by Electron's own picker or the browser's), marks the source present and
 * samples it; a track that ends marks the source absent and says why; a camera whose device comes
 * back (devicechange) is restarted by itself. The session keeps running throughout.
 */
export class VideoCapture {
  private snapshot: CaptureSnapshot;
  private readonly listeners = new Set<() => void>();
  private stream: MediaStream | undefined;
  private video: HTMLVideoElement | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly detector = new FrameChangeDetector();
  /** The change test's thumbnail; for the camera it is also the frame sent (both 320 px). */
  private readonly thumbnailScaler = new FrameScaler(CHANGE_TEST_SIDE);
  private readonly sentScaler: FrameScaler;
  private readonly pacer: SendPacer;
  private sentAtMs: number[] = [];
  /** The device of a camera that was lost: its return restarts capture. */
  private lostDeviceId: string | undefined;
  private unwatch: (() => void) | undefined;
  /** Bumped by every start/stop, so a getUserMedia that resolves after a newer request is discarded. */
  private generation = 0;

  constructor(
    readonly source: VideoSource,
    private readonly bridge: Pick<RendererBridge, 'sendVideoFrame' | 'setSourcePresent'>,
  ) {
    this.snapshot = { source, state: { kind: 'off' }, framesSent: 0, sentFps: 0, lastFrame: null, stream: undefined };
    this.sentScaler = SEND_POLICIES[source].maxSide === CHANGE_TEST_SIDE ? this.thumbnailScaler : new FrameScaler(SEND_POLICIES[source].maxSide);
    this.pacer = new SendPacer(SEND_POLICIES[source].samplesPerSend);
  }

  /**
   * Watches for devices coming and going and for the page going away, from the first start until
   * stop() or dispose(); set up lazily so a disposed capture (React's StrictMode unmounts once in
   * development) that is started again still watches.
   */
  private watch(): void {
    if (this.unwatch) return;
    const stopDeviceWatch = onDeviceChange(() => void this.onDevicesChanged());
    // A page that goes away (reload, closed tab) takes its capture with it: tell the engine while the bridge is still open.
    const onPageHide = () => {
      if (this.snapshot.state.kind === 'live') void this.setPresent(false);
    };
    window.addEventListener('pagehide', onPageHide);
    this.unwatch = () => {
      stopDeviceWatch();
      window.removeEventListener('pagehide', onPageHide);
      this.unwatch = undefined;
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CaptureSnapshot => this.snapshot;

  async start(): Promise<CaptureState> {
    const generation = ++this.generation;
    this.watch();
    this.closeStream();
    this.update({ state: { kind: 'starting' } });
    let stream: MediaStream;
    try {
      stream = await this.open();
    } catch (error) {
      if (generation !== this.generation) return this.snapshot.state;
      const name = error instanceof DOMException ? error.name : '';
      const state: CaptureState =
        name === 'NotAllowedError' || name === 'SecurityError' ? { kind: 'denied', reason: String(error) } : { kind: 'failed', reason: String(error) };
      this.update({ state });
      await this.setPresent(false);
      return state;
    }
    if (generation !== this.generation) {
      stream.getTracks().forEach((track) => track.stop());
      return this.snapshot.state;
    }
    const track = stream.getVideoTracks()[0];
    this.stream = stream;
    this.lostDeviceId = undefined;
    track.addEventListener('ended', () => {
      if (this.stream === stream) void this.lose(track, this.lostReason());
    });
    window.__tandemCaptureTracks = { ...window.__tandemCaptureTracks, [this.source]: track };
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    this.video = video;
    await video.play().catch(() => undefined); // autoplay of a muted capture is allowed; a refusal only delays frames
    this.detector.reset();
    this.pacer.reset();
    // Present before the first frame, so the engine does not drop it as coming from an absent source.
    await this.setPresent(true);
    if (generation !== this.generation) return this.snapshot.state;
    this.timer = setInterval(() => this.sample(), SEND_POLICIES[this.source].sampleIntervalMs);
    const state: CaptureState = { kind: 'live', label: track.label || (this.source === 'camera' ? 'camera' : 'screen') };
    this.update({ state, stream });
    return state;
  }

  /** The user turned the source off: not a loss, nothing restarts it. */
  async stop(): Promise<void> {
    // Already off: nothing to close, and telling the engine again would put a spurious source_lost in the timeline.
    if (this.snapshot.state.kind === 'off') return;
    this.generation++;
    this.lostDeviceId = undefined;
    this.unwatch?.();
    this.closeStream();
    this.update({ state: { kind: 'off' }, stream: undefined });
    await this.setPresent(false);
  }

  dispose(): void {
    this.generation++;
    this.unwatch?.();
    this.closeStream();
  }

  private async open(): Promise<MediaStream> {
    if (this.source === 'screen') {
      return navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 5, max: 15 } }, audio: false });
    }
    const deviceId = chosenDevice('camera');
    const constraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } };
    try {
      return await navigator.mediaDevices.getUserMedia({ video: deviceId ? { ...constraints, deviceId: { exact: deviceId } } : constraints, audio: false });
    } catch (error) {
      // The chosen camera is not connected: use the default one rather than none.
      if (deviceId && error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')) {
        return navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
      }
      throw error;
    }
  }

  private lostReason(): string {
    return this.source === 'camera'
      ? 'The camera was disconnected or stopped delivering video. Tandem no longer sees you; the session keeps running, and capture restarts by itself when the camera is back.'
      : 'Screen sharing ended (stopped from the browser or the system). Tandem no longer sees your screen; the session keeps running. Press “Screen on” to share again.';
  }

  private async lose(track: MediaStreamTrack, reason: string): Promise<void> {
    this.generation++;
    this.lostDeviceId = this.source === 'camera' ? (track.getSettings().deviceId ?? '') : undefined;
    this.closeStream();
    this.update({ state: { kind: 'lost', reason }, stream: undefined });
    await this.setPresent(false);
  }

  private async onDevicesChanged(): Promise<void> {
    if (this.source !== 'camera') return;
    const state = this.snapshot.state.kind;
    if (state !== 'live' && state !== 'lost') return;
    let devices;
    try {
      devices = await listDevices('camera');
    } catch {
      return;
    }
    if (state === 'live') {
      const track = this.stream?.getVideoTracks()[0];
      if (track && !isDeviceListed(devices, track.getSettings().deviceId)) await this.lose(track, this.lostReason());
      return;
    }
    if (this.lostDeviceId !== undefined && isDeviceListed(devices, this.lostDeviceId || undefined)) await this.start();
  }

  private sample(): void {
    const video = this.video;
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    if (!this.pacer.sampleMaySend()) return;
    let frame;
    let verdict;
    try {
      const thumbnail = this.thumbnailScaler.grab(video);
      if (!thumbnail) return;
      verdict = this.detector.check(thumbnail.rgb, thumbnail.width, thumbnail.height);
      if (!verdict.send) return;
      // Only a changed picture is drawn at full size: a still screen costs one 320-px thumbnail per sample.
      frame = this.sentScaler === this.thumbnailScaler ? thumbnail : this.sentScaler.grab(video);
      if (!frame) return;
      verdict = { ...verdict, regions: scaleRegions(verdict.regions, thumbnail.width, thumbnail.height, frame.width, frame.height) };
    } catch (error) {
      this.update({ state: { kind: 'failed', reason: `reading ${this.source} frames failed: ${String(error)}` } });
      this.closeStream();
      void this.setPresent(false);
      return;
    }
    this.pacer.sent();
    this.bridge.sendVideoFrame(this.source, frame);
    const nowMs = performance.now();
    this.sentAtMs.push(nowMs);
    this.sentAtMs = this.sentAtMs.filter((atMs) => nowMs - atMs <= FPS_WINDOW_MS);
    const spanMs = this.sentAtMs.length > 1 ? nowMs - this.sentAtMs[0] : 0;
    this.update({
      framesSent: this.snapshot.framesSent + 1,
      sentFps: spanMs > 0 ? ((this.sentAtMs.length - 1) * 1000) / spanMs : 0,
      lastFrame: { ...frame, regions: verdict.regions, changedShare: verdict.changedShare },
    });
  }

  private closeStream(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    if (this.video) this.video.srcObject = null;
    this.video = undefined;
    if (window.__tandemCaptureTracks) delete window.__tandemCaptureTracks[this.source];
  }

  private async setPresent(present: boolean): Promise<void> {
    await this.bridge.setSourcePresent({ source: this.source, present }).catch(() => undefined);
  }

  private update(change: Partial<CaptureSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
