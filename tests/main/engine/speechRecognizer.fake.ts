// A speech recognizer for engine tests: one word per whole 200 ms of audio ("w1 w2 …"), or a failure, or a decode the test finishes by hand.

import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { SpeechRecognizer, Transcript } from '../../../common/speechRecognition';

export type FakeRecognizerBehaviour = 'words' | 'throw';

export class FakeSpeechRecognizer implements SpeechRecognizer {
  readonly name = 'fake-asr';
  readonly runtime = 'test double';
  /** Length in samples of every stretch of audio it was asked to transcribe, in order. */
  readonly calls: number[] = [];
  /** Decodes waiting for the test to finish them (only with `manual: true`). */
  readonly pending: Array<() => void> = [];
  disposed = false;

  constructor(private readonly options: { behaviour?: (call: number) => FakeRecognizerBehaviour; manual?: boolean } = {}) {}

  async transcribe(samples: Float32Array): Promise<Transcript> {
    const call = this.calls.length;
    this.calls.push(samples.length);
    if (this.options.manual) await new Promise<void>((resolve) => this.pending.push(resolve));
    if ((this.options.behaviour?.(call) ?? 'words') === 'throw') throw new Error(`decoder crashed on call ${call}`);
    const count = Math.floor(samples.length / SAMPLES_PER_TURN);
    const words = Array.from({ length: count }, (_, i) => ({ word: `w${i + 1}`, startMs: i * 200, endMs: i * 200 + 150, confidence: 0.9 }));
    return { text: words.map((w) => w.word).join(' '), words, tokenCount: count };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
