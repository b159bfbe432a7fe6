// Silero VAD v5 on onnxruntime-node: speech probability per 32 ms frame, streamed over 200 ms chunks.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';
import { TandemError } from '../../../common/errors';
import { createOrtSession, type ExecutionProvider, type ProviderAttempt } from '../ort/sessionFactory';

/** Samples the model scores at a time at 16 kHz (fixed by the v5 export). */
export const SILERO_FRAME_SAMPLES = 512;
/** Duration of one VAD frame: 32 ms. */
export const SILERO_FRAME_MS = (SILERO_FRAME_SAMPLES * 1000) / SAMPLE_RATE_HZ;
/**
 * Samples of the previous frame put in front of each frame, so the model sees 576 samples.
 * Measured on 15 espeak-ng utterances (5 voices, 1 s of silence around each, -60 dBFS noise floor):
 * without the prefix the v5 file still separates speech from silence, but its probability decays
 * slowly after speech ends (it stays ≥ 0.35 for 192 ms on average, up to 352 ms), onset comes
 * later (90 vs 45 ms after speech starts) and silence sits at 0.03 (up to 0.25) instead of 0.002.
 * With the prefix the probability falls below 0.35 within 26 ms on average (≤ 64 ms). So v5 needs it,
 * as upstream silero-vad feeds it; `tests/main/models/vad/sileroVadContextPrefix.test.ts` keeps the check.
 */
export const SILERO_CONTEXT_SAMPLES = 64;
/** Recurrent state: [2, 1, 128] float32. */
const STATE_DIMS = [2, 1, 128] as const;
const STATE_SIZE = STATE_DIMS[0] * STATE_DIMS[1] * STATE_DIMS[2];
const MODEL_FILE = 'dist/silero_vad_v5.onnx';
const MODEL_PACKAGE = '@ricky0123/vad-web';

export const SILERO_HOW_TO_GET = `run \`npm ci\`; the file ships in ${MODEL_PACKAGE} (${MODEL_FILE}), or set vad.modelPath in the harness config`;

/** Where the v5 model ships: resolved through Node's module resolution, wherever node_modules is. */
export function defaultSileroModelPath(): string {
  try {
    const packageJson = createRequire(import.meta.url).resolve(`${MODEL_PACKAGE}/package.json`);
    return join(dirname(packageJson), MODEL_FILE);
  } catch (error) {
    throw new TandemError('MODEL_MISSING', `The package ${MODEL_PACKAGE} is not installed`, MODEL_PACKAGE, SILERO_HOW_TO_GET, { cause: error });
  }
}

/** One scored VAD frame. */
export interface VadFrame {
  /** Media time at which the frame ends (its probability is known from then on). */
  endMs: number;
  /** Probability that the frame is speech (0..1). */
  probability: number;
}

export interface SileroVadOptions {
  /** Override of the model file; default: the v5 file in @ricky0123/vad-web. */
  modelPath?: string;
  /** Default ['cpu']: a 512-sample frame is too small for a GPU round trip to pay off. */
  providers?: readonly ExecutionProvider[];
  /** Default 1: one frame is ~0.1 ms of work; more threads only add wake-ups. */
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Context prefix length; only the context experiment sets 0. */
  contextSamples?: number;
}

/** The loaded model: one onnxruntime session shared by every stream (sessions keep their own state). */
export class SileroVad {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelPath: string,
    readonly provider: ExecutionProvider,
    readonly providersTried: ProviderAttempt[],
    readonly intraOpThreads: number,
    readonly contextSamples: number,
    readonly loadMs: number,
    private readonly sampleRate: ort.Tensor,
  ) {}

  static async load(options: SileroVadOptions = {}): Promise<SileroVad> {
    const modelPath = options.modelPath ?? defaultSileroModelPath();
    const intraOpThreads = options.intraOpThreads ?? 1;
    const contextSamples = options.contextSamples ?? SILERO_CONTEXT_SAMPLES;
    const sampleRate = new ort.Tensor('int64', BigInt64Array.of(BigInt(SAMPLE_RATE_HZ)), []);
    const handle = await createOrtSession(modelPath, {
      providers: options.providers ?? ['cpu'],
      intraOpThreads,
      interOpThreads: options.interOpThreads ?? 1,
      howToGet: SILERO_HOW_TO_GET,
      // One silent frame: checks the inputs match a v5 model and pays first-run allocation before tick 0.
      warmup: async (session) => {
        const input = new Float32Array(contextSamples + SILERO_FRAME_SAMPLES);
        const output = await session.run({
          input: new ort.Tensor('float32', input, [1, input.length]),
          state: new ort.Tensor('float32', new Float32Array(STATE_SIZE), [...STATE_DIMS]),
          sr: sampleRate,
        });
        if (!output.output || !output.stateN) throw new Error('the model has no `output`/`stateN` outputs; is it Silero VAD v5?');
      },
    });
    return new SileroVad(handle.session, modelPath, handle.provider, handle.providersTried, intraOpThreads, contextSamples, handle.loadMs, sampleRate);
  }

  /** A fresh stream for one session. */
  createStream(): SileroVadStream {
    return new SileroVadStream(this.session, this.sampleRate, this.contextSamples);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/**
 * The streaming state of one session: recurrent state, context prefix and the samples of a frame not
 * yet complete. 3 200-sample chunks are not a multiple of 512, so a frame often spans two chunks.
 * Buffers are allocated once; the input tensor views the buffer that frames are assembled in.
 */
export class SileroVadStream {
  private readonly state = new Float32Array(STATE_SIZE);
  /** [context | frame]: the context is the tail of the previous frame, the frame fills from the left. */
  private readonly input: Float32Array;
  private readonly feeds: Record<'input' | 'state' | 'sr', ort.Tensor>;
  /** Samples of the current frame received so far (0..511). */
  private filled = 0;

  constructor(
    private readonly session: ort.InferenceSession,
    sampleRate: ort.Tensor,
    private readonly contextSamples: number,
  ) {
    this.input = new Float32Array(contextSamples + SILERO_FRAME_SAMPLES);
    this.feeds = {
      input: new ort.Tensor('float32', this.input, [1, this.input.length]),
      state: new ort.Tensor('float32', this.state, [...STATE_DIMS]),
      sr: sampleRate,
    };
  }

  /** Forgets everything heard so far (a new session). */
  reset(): void {
    this.state.fill(0);
    this.input.fill(0);
    this.filled = 0;
  }

  /** Samples waiting for the next frame to complete. */
  get pendingSamples(): number {
    return this.filled;
  }

  /**
   * Feeds `chunk` (16 kHz mono, starting at media time `chunkStartMs`) and returns the frames that
   * completed inside it, with the media time each one ends at.
   */
  async process(chunk: Float32Array, chunkStartMs: number): Promise<VadFrame[]> {
    const frames: VadFrame[] = [];
    let read = 0;
    while (read < chunk.length) {
      const take = Math.min(SILERO_FRAME_SAMPLES - this.filled, chunk.length - read);
      this.input.set(chunk.subarray(read, read + take), this.contextSamples + this.filled);
      this.filled += take;
      read += take;
      if (this.filled < SILERO_FRAME_SAMPLES) break;

      const output = await this.session.run(this.feeds);
      this.state.set(output.stateN.data as Float32Array);
      frames.push({ endMs: chunkStartMs + (read * 1000) / SAMPLE_RATE_HZ, probability: (output.output.data as Float32Array)[0] });
      // The tail of this frame is the next frame's context.
      this.input.copyWithin(0, this.input.length - this.contextSamples);
      this.filled = 0;
    }
    return frames;
  }
}
