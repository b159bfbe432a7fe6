// Feeds a loaded scenario into a session chunk by chunk, as live capture would have delivered it.

import { SAMPLES_PER_TURN, SAMPLE_RATE_HZ, type VisualSource } from '../../common/microturn';
import type { FrameSource } from './media/frames';
import type { LoadedScenario, TimeSpan } from './scenario/load';
import type { InputProvider, Session } from './session';

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;

/**
 * Before chunk k closes, delivers the mic samples of [fromMs, toMs) (none while the mic is unplugged,
 * with the unplug and replug at their exact times), every camera and screen frame shown before toMs that
 * was not offered yet, and the typed text of the span. Past the end of the recording the mic delivers silence.
 */
export class ScenarioFeeder implements InputProvider {
  private textIndex = 0;
  private readonly lastFrameIndex: Record<VisualSource, number> = { camera: -1, screen: -1 };
  private readonly silence = new Float32Array(SAMPLES_PER_TURN);

  constructor(private readonly scenario: Pick<LoadedScenario, 'micAudio' | 'micGaps' | 'text' | 'camera' | 'screen'>) {}

  beforeClose(session: Session, _turn: number, fromMs: number, toMs: number): void {
    this.feedMic(session, fromMs, toMs);
    this.feedFrames(session, 'camera', this.scenario.camera, toMs);
    this.feedFrames(session, 'screen', this.scenario.screen, toMs);
    const text = this.scenario.text;
    while (this.textIndex < text.length && text[this.textIndex].atMs < toMs) {
      session.pushText(text[this.textIndex].atMs, text[this.textIndex].text);
      this.textIndex++;
    }
  }

  private feedMic(session: Session, fromMs: number, toMs: number): void {
    // Cut the chunk at every gap boundary inside it, so loss and return happen at their exact time.
    const cuts: Array<{ atMs: number; present: boolean }> = [];
    for (const gap of this.scenario.micGaps as TimeSpan[]) {
      if (gap.fromMs >= fromMs && gap.fromMs < toMs) cuts.push({ atMs: gap.fromMs, present: false });
      if (gap.toMs >= fromMs && gap.toMs < toMs) cuts.push({ atMs: gap.toMs, present: true });
    }
    cuts.sort((a, b) => a.atMs - b.atMs);
    let cursorMs = fromMs;
    for (const cut of cuts) {
      this.pushSpan(session, cursorMs, cut.atMs);
      session.setSourcePresent('mic', cut.present, cut.atMs);
      cursorMs = cut.atMs;
    }
    this.pushSpan(session, cursorMs, toMs);
  }

  private pushSpan(session: Session, fromMs: number, toMs: number): void {
    if (toMs <= fromMs) return;
    const audio = this.scenario.micAudio;
    const from = Math.round(fromMs * SAMPLES_PER_MS);
    const to = Math.round(toMs * SAMPLES_PER_MS);
    const end = Math.min(to, audio.length);
    if (end > from) session.pushMic(audio.subarray(from, end));
    const padding = to - Math.max(end, from);
    if (padding > 0) session.pushMic(this.silence.subarray(0, padding));
  }

  private feedFrames(session: Session, source: VisualSource, frames: FrameSource | undefined, toMs: number): void {
    if (!frames) return;
    try {
      this.offerNewFrames(session, source, frames, toMs);
    } catch (error) {
      // A frame that cannot be read (a corrupt y4m frame, a broken PNG) is skipped and said; the run goes on.
      // Everything shown up to toMs counts as offered, so a bad last frame (which stays on screen) is not read again and again.
      session.recordInputError(source, (error as Error).message);
      const shownUpTo = Math.ceil(((toMs - frames.startMs) * frames.fps) / 1000) - 1;
      this.lastFrameIndex[source] = Math.max(this.lastFrameIndex[source], Math.min(frames.frameCount - 1, shownUpTo));
    }
  }

  private offerNewFrames(session: Session, source: VisualSource, frames: FrameSource, toMs: number): void {
    // The newest frame captured strictly before the chunk closes; every frame since the last one offered is
    // offered in order (live capture delivers them one by one too; the perception signals look at each).
    const newest = frames.frameAt(toMs - 1e-6);
    if (!newest || newest.frameIndex === this.lastFrameIndex[source]) return;
    for (let index = this.lastFrameIndex[source] + 1; index < newest.frameIndex; index++) {
      const frame = frames.frameAt(frames.startMs + (index * 1000) / frames.fps + 1e-6);
      if (frame && frame.frameIndex === index) session.offerFrame(source, frame);
    }
    this.lastFrameIndex[source] = newest.frameIndex;
    session.offerFrame(source, frames.frameAt(toMs - 1e-6) ?? newest);
  }
}
