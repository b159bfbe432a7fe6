// How each visual source is sent to the engine: its size, how often it is sampled, how often it may be sent, and the cheap change test on a thumbnail.
//
// The camera feeds the interaction model's 320×240 patches, so more pixels would be averaged away. The
// screen also feeds OCR of code, which needs the text at (close to) its native size: a 320-px frame of a
// 1080p screen shrinks a 14-px glyph to 2 px. So the screen goes out at up to 1920 px, but a 1920×1080
// frame is 6.2 MB of RGB, so it is sent at most twice a second, and still only when it changed. The
// change test never touches the full frame: it runs on a ≤ 320-px thumbnail (what frameChange.ts was
// tuned on), and the full frame is drawn only once the thumbnail says it is worth sending.

import type { VideoSource } from '../../../common/ipc';
import type { FrameRegion } from './frameChange';
import { fitWithin } from './downscale';

export interface SendPolicy {
  /** Longest side of a sent frame (px); smaller captures are not enlarged. */
  maxSide: number;
  /** One sample (thumbnail + change test) every this many ms. */
  sampleIntervalMs: number;
  /** A frame is sent at most once every this many samples: camera 1 (5 fps), screen 2 (every 500 ms: ≤ 2 fps). */
  samplesPerSend: number;
}

export const SEND_POLICIES: Record<VideoSource, SendPolicy> = {
  camera: { maxSide: 320, sampleIntervalMs: 200, samplesPerSend: 1 },
  screen: { maxSide: 1920, sampleIntervalMs: 250, samplesPerSend: 2 },
};

/** Longest side of the thumbnail the change test runs on (the detector's cells were tuned at 320×240). */
export const CHANGE_TEST_SIDE = 320;

/** The size a capture of width × height is sent at from `source` (aspect kept, never enlarged; 0×0 while there is no picture). */
export function sentSize(source: VideoSource, width: number, height: number): { width: number; height: number } {
  return fitWithin(width, height, SEND_POLICIES[source].maxSide);
}

/** Maps regions found on the thumbnail onto the sent frame, so the overlay outlines the same places at the frame's size. */
export function scaleRegions(regions: readonly FrameRegion[], fromWidth: number, fromHeight: number, toWidth: number, toHeight: number): FrameRegion[] {
  if (fromWidth === toWidth && fromHeight === toHeight) return regions.map((region) => ({ ...region }));
  const sx = toWidth / fromWidth;
  const sy = toHeight / fromHeight;
  return regions.map(({ x, y, width, height }) => {
    const x0 = Math.round(x * sx);
    const y0 = Math.round(y * sy);
    return { x: x0, y: y0, width: Math.min(toWidth, Math.round((x + width) * sx)) - x0, height: Math.min(toHeight, Math.round((y + height) * sy)) - y0 };
  });
}

/**
 * Counts samples so a source is sent at most once every `samplesPerSend` samples. Counting samples rather
 * than reading a clock keeps the decision exact (timer jitter cannot let a third frame into a second) and testable.
 * A sample skipped here is not change-tested at all, so a change seen late is sent with the newest picture.
 */
export class SendPacer {
  private samplesSinceSend = Number.POSITIVE_INFINITY;

  constructor(private readonly samplesPerSend: number) {}

  /** Called once per sample: true when this sample may be change-tested and sent. */
  sampleMaySend(): boolean {
    this.samplesSinceSend++;
    return this.samplesSinceSend >= this.samplesPerSend;
  }

  /** The sample was sent: the next ones wait their turn. */
  sent(): void {
    this.samplesSinceSend = 0;
  }

  /** A capture that (re)started: its first frame goes out at once. */
  reset(): void {
    this.samplesSinceSend = Number.POSITIVE_INFINITY;
  }
}
