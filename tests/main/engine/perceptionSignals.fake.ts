// Small perception signals for engine tests: they record the frames they get and answer from a script.

import type { CodeSignal, RepetitionSignal, RgbFrame, WatchSignal } from '../../../common/interaction';
import type { VisualSource } from '../../../common/microturn';
import type { CodeReading, RepetitionCount, Watch, WatchFiring, WatchSpec } from '../../../common/perception';

/** Counts a repetition on every frame whose first byte is 255; throws on a frame whose first byte is 13. */
export class ScriptedRepetitions implements RepetitionSignal {
  readonly seen: number[] = [];
  count = 0;
  push(frame: RgbFrame): RepetitionCount[] {
    if (frame.rgb[0] === 13) throw new Error(`frame ${frame.frameIndex} is unreadable`);
    this.seen.push(frame.frameIndex);
    if (frame.rgb[0] !== 255) return [];
    this.count++;
    return [{ count: this.count, repStartMs: frame.atMs - 500, repEndMs: frame.atMs, detectedAtMs: frame.atMs, periodMs: 500, confidence: 1 }];
  }
  reset(): void {
    this.count = 0;
  }
}

/** Reads a frame "instantly" but only after whenIdle; a frame whose first byte is 7 has one finding. */
export class ScriptedCodeReader implements CodeSignal {
  readonly offered: number[] = [];
  private waiting: RgbFrame | null = null;
  private done: CodeReading[] = [];
  offer(frame: RgbFrame): void {
    this.offered.push(frame.frameIndex);
    this.waiting = frame;
  }
  take(): CodeReading[] {
    return this.done.splice(0);
  }
  async whenIdle(): Promise<void> {
    const frame = this.waiting;
    this.waiting = null;
    if (!frame) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const finding = { id: 'f1', line: 14, message: '`=` in the condition', rule: 'tandem:assignment-in-condition', language: 'typescript' as const, lineText: 'if (a = b) {', box: null, frameWidth: frame.width, frameHeight: frame.height, ocrConfidence: 90 };
    this.done.push({ frameIndex: frame.frameIndex, frameAtMs: frame.atMs, status: 'code', language: 'typescript', findings: frame.rgb[0] === 7 ? [finding] : [], heldBack: 0, linesRead: 20, firstLine: 1, lastLine: 20, elapsedMs: 5 });
  }
  async dispose(): Promise<void> {}
}

/** Fires a watch on the first frame of its source whose first byte is 200. */
export class ScriptedWatches implements WatchSignal {
  private watches: Watch[] = [];
  private fired: WatchFiring[] = [];
  add(spec: WatchSpec, atMs: number): Watch {
    const watch = { ...spec, id: `w${this.watches.length}`, addedAtMs: atMs, fired: 0 };
    this.watches.push(watch);
    return watch;
  }
  cancel(id: string): boolean {
    const before = this.watches.length;
    this.watches = this.watches.filter((watch) => watch.id !== id);
    return before !== this.watches.length;
  }
  list(): Watch[] {
    return [...this.watches];
  }
  push(source: VisualSource, frame: RgbFrame): void {
    for (const watch of this.watches) {
      if (watch.source !== source || frame.rgb[0] !== 200) continue;
      this.fired.push({ watchId: watch.id, label: watch.label, source, frameAtMs: frame.atMs, frameIndex: frame.frameIndex, detail: {} });
      this.cancel(watch.id);
    }
  }
  take(): WatchFiring[] {
    return this.fired.splice(0);
  }
  async whenIdle(): Promise<void> {}
  async dispose(): Promise<void> {}
}
