// Plays both sides of a recorded session (mic.wav and output.wav, fetched in 1 s slices through the bridge) in step with the replay cursor.

/** Fetches `durationMs` of one track from media time `fromMs`: 16 kHz 16-bit samples. */
export type FetchReplayAudio = (track: 'mic' | 'output', fromMs: number, durationMs: number) => Promise<readonly number[]>;

const SAMPLE_RATE_HZ = 16_000;
const BLOCK_MS = 1_000;
/** How far ahead of what is heard the slices are fetched and scheduled (media time, at 1×). */
const LEAD_MS = 2_000;
/** Room for the first slices to arrive before the first one is due. */
const START_DELAY_S = 0.15;

/**
 * Schedules AudioBufferSourceNodes on one AudioContext at the cursor's pace (playbackRate = speed). Every
 * play() starts a new generation; a pause, a scrub or a speed change stops the old one and its pending fetches
 * are dropped when they arrive. Time lives in the AudioContext, so the pure cursor reducer stays clock-free.
 */
export class ReplayAudioPlayer {
  private context: AudioContext | undefined;
  private generation = 0;
  private readonly sources = new Set<AudioBufferSourceNode>();
  /** Samples scheduled so far, both tracks together (tests and the view read it). */
  scheduledSamples = 0;

  constructor(
    private readonly fetchAudio: FetchReplayAudio,
    private readonly onScheduled: (scheduledSamples: number) => void = () => {},
    private readonly onError: (message: string) => void = () => {},
  ) {}

  play(positionMs: number, speed: number, durationMs: number): void {
    this.stop();
    const generation = this.generation;
    const context = (this.context ??= new AudioContext());
    void context.resume();
    const startAt = context.currentTime + START_DELAY_S;
    const heardMs = () => positionMs + Math.max(0, context.currentTime - startAt) * 1000 * speed;
    const run = async () => {
      let blockMs = positionMs;
      while (generation === this.generation && blockMs < durationMs) {
        if (blockMs - heardMs() > LEAD_MS * speed) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const lengthMs = Math.min(BLOCK_MS, durationMs - blockMs);
        const [mic, output] = await Promise.all([this.fetchAudio('mic', blockMs, lengthMs), this.fetchAudio('output', blockMs, lengthMs)]);
        if (generation !== this.generation) return;
        const when = startAt + (blockMs - positionMs) / 1000 / speed;
        for (const samples of [mic, output]) this.schedule(context, samples, when, speed);
        blockMs += lengthMs;
      }
    };
    run().catch((error: unknown) => {
      if (generation === this.generation) this.onError(`Replay audio stopped: ${String(error)}`);
    });
  }

  stop(): void {
    this.generation++;
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // never started: nothing to stop
      }
    }
    this.sources.clear();
  }

  dispose(): void {
    this.stop();
    void this.context?.close();
    this.context = undefined;
  }

  private schedule(context: AudioContext, samples: readonly number[], when: number, speed: number): void {
    if (samples.length === 0) return;
    const buffer = context.createBuffer(1, samples.length, SAMPLE_RATE_HZ);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) data[i] = samples[i] / 32768;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = speed;
    source.connect(context.destination);
    // A slice that arrives late starts where the cursor already is instead of drifting behind it.
    const now = context.currentTime;
    const lateS = Math.max(0, now - when);
    source.start(Math.max(when, now), lateS * speed);
    source.onended = () => this.sources.delete(source);
    this.sources.add(source);
    this.scheduledSamples += samples.length;
    this.onScheduled(this.scheduledSamples);
  }
}
