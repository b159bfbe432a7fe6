// The embedded default voice: espeak-ng compiled to wasm (no download), synthesizing on its own thread and streaming.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ, type Utterance } from '../../../common/microturn';
import type { Voice } from '../../../common/interaction';
import { espeakWorkerMain, type EspeakReply, type EspeakRequest, type EspeakWord, type EspeakWorkerData } from './espeakWorker';
import { StreamingResampler } from './streamingResampler';
import { StreamingSpeech } from './streamingSpeech';

export const ESPEAK_VOICE_PREFIX = 'espeak-ng';

export const EspeakVoiceOptionsSchema = z.strictObject({
  /** espeak-ng voice: a language (`en-us`, `en-gb`, `de`) optionally with a variant (`en-us+f3`, `en+m2`). */
  voice: z.string().min(1).max(64).regex(/^[A-Za-z0-9_\-.+]+$/, 'letters, digits and - _ . + only').default('en-us'),
  /** Words per minute; espeak-ng's own default is 175, 80 is its floor. */
  rate: z.number().int().min(80).max(450).default(175),
  /** 0–99; 50 is espeak-ng's default. */
  pitch: z.number().int().min(0).max(99).default(50),
});
export type EspeakVoiceOptions = z.output<typeof EspeakVoiceOptionsSchema>;

/** What a voice reports when its thread fails (for the timeline: the session keeps running). */
export interface VoiceFault {
  message: string;
  /** How many times the thread has been started again. */
  restarts: number;
}

interface Job {
  onReply(reply: EspeakReply): void;
  onFault(message: string): void;
}

function espeakModuleUrl(): string {
  const require = createRequire(import.meta.url);
  try {
    return pathToFileURL(require.resolve('@echogarden/espeak-ng-emscripten')).href;
  } catch (error) {
    throw new TandemError(
      'MODEL_MISSING',
      'The embedded espeak-ng voice is not installed (@echogarden/espeak-ng-emscripten is missing)',
      'node_modules/@echogarden/espeak-ng-emscripten',
      'Run `npm ci` in the Tandem folder; the voice ships in that npm package.',
      { cause: error },
    );
  }
}

/** The thread's source: the worker body and the resampler it uses, as text (see espeakWorkerMain). */
function workerSource(): string {
  return [
    "const threads = require('node:worker_threads');",
    `const StreamingResampler = ${StreamingResampler.toString()};`,
    `const espeakWorkerMain = ${espeakWorkerMain.toString()};`,
    'espeakWorkerMain((url) => import(url), threads, StreamingResampler).catch((error) => { setImmediate(() => { throw error; }); });',
  ].join('\n');
}

/**
 * One espeak-ng thread per voice. Requests are answered in order; a synthesis streams ~100 ms pieces
 * (espeak-ng's callback), resampled to 16 kHz there, so the first 200 ms chunk exists long before a long
 * sentence is finished. A thread that dies fails the utterances in flight (they end where their audio ends,
 * with an error) and the next request starts a new thread.
 */
export class EspeakThread {
  private worker: Worker | null = null;
  private ready: Promise<{ sampleRateHz: number; voices: string[] }> | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextJobId = 1;
  private readonly control = new SharedArrayBuffer(8);
  private disposed = false;
  private everStarted = false;
  /** How many times a thread was started again after one died. */
  restarts = 0;
  /** Called when a running thread dies (not on dispose). */
  onFault: (fault: VoiceFault) => void = () => undefined;

  /** Starts the thread if none is running; resolves when espeak-ng is loaded. */
  start(): Promise<{ sampleRateHz: number; voices: string[] }> {
    if (this.disposed) return Promise.reject(new Error('The espeak-ng voice was disposed'));
    if (this.ready) return this.ready;
    if (this.everStarted) this.restarts++;
    this.everStarted = true;
    const data: EspeakWorkerData = { moduleUrl: espeakModuleUrl(), control: this.control, outputRateHz: SAMPLE_RATE_HZ };
    const worker = new Worker(workerSource(), { eval: true, workerData: data });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (reply: EspeakReply) => {
        if (reply.type === 'ready') resolve({ sampleRateHz: reply.sampleRateHz, voices: reply.voices });
        else this.jobs.get(reply.jobId)?.onReply(reply);
      });
      const died = (message: string) => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.ready = null;
        reject(new Error(message));
        const inFlight = [...this.jobs.values()];
        this.jobs.clear();
        for (const job of inFlight) job.onFault(message);
        if (!this.disposed) this.onFault({ message, restarts: this.restarts });
      };
      worker.on('error', (error) => died(`espeak-ng thread failed: ${error.message}`));
      worker.on('exit', (code) => died(`espeak-ng thread exited (code ${code})`));
    });
    // A rejection is reported through onFault and the jobs; nobody else has to handle it.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** Sends a request; `job` gets its replies (and a fault if the thread dies first). Returns the job id. */
  request(make: (jobId: number) => EspeakRequest, job: Job): number {
    const jobId = this.nextJobId++;
    this.jobs.set(jobId, job);
    this.start().then(
      () => this.worker?.postMessage(make(jobId)),
      () => undefined, // the fault has already reached the job
    );
    return jobId;
  }

  finishJob(jobId: number): void {
    this.jobs.delete(jobId);
  }

  /** Marks a job cancelled; the thread stops it at espeak-ng's next callback. */
  cancel(jobId: number): void {
    const view = new Int32Array(this.control);
    if (Atomics.load(view, 0) < jobId) Atomics.store(view, 0, jobId);
  }

  /**
   * The last synthesis job the thread has finished, read from shared memory: it tells where the thread
   * really is, independently of which of its messages have been handled here yet.
   */
  finishedUpTo(): number {
    return Atomics.load(new Int32Array(this.control), 1);
  }

  /** Ends the thread abruptly, as a crash would; in-flight utterances fail and the next request restarts it. */
  kill(): void {
    void this.worker?.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    for (const job of this.jobs.values()) job.onFault('The voice was closed');
    this.jobs.clear();
    await worker?.terminate();
  }

}

/** espeak-ng as the assistant's voice. Create with `EspeakVoice.create`, which checks the voice name. */
export class EspeakVoice implements Voice {
  readonly name: string;
  private constructor(
    readonly options: EspeakVoiceOptions,
    readonly thread: EspeakThread,
  ) {
    this.name = `${ESPEAK_VOICE_PREFIX}:${options.voice}`;
  }

  static async create(options: z.input<typeof EspeakVoiceOptionsSchema> = {}): Promise<EspeakVoice> {
    const parsed = EspeakVoiceOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const field = parsed.error.issues[0].path.join('.') || '(root)';
      throw new TandemError('CONFIG_INVALID', `Invalid espeak-ng voice option ${field}: ${parsed.error.issues[0].message}`, `voice: ${field}`, 'Fix the option (voice e.g. en-us or en-us+f3, rate 80–450 words/min, pitch 0–99).');
    }
    const thread = new EspeakThread();
    const voice = new EspeakVoice(parsed.data, thread);
    try {
      await voice.check(parsed.data.voice);
    } catch (error) {
      await thread.dispose();
      throw error;
    }
    return voice;
  }

  /** Resolves when espeak-ng knows `name`; else a CONFIG_INVALID error listing voices it has. */
  private async check(name: string): Promise<void> {
    const { voices } = await this.thread.start();
    await new Promise<void>((resolve, reject) => {
      const jobId = this.thread.request((id) => ({ type: 'check', jobId: id, voice: name }), {
        onReply: (reply) => {
          this.thread.finishJob(jobId);
          if (reply.type === 'checked') resolve();
          else {
            // Identifiers are "family/file"; set_voice takes the file name (case-insensitive), e.g. en, en-us, en-gb-x-rp.
            const english = voices.map((v) => v.split('/').pop()!.toLowerCase()).filter((v) => /^en\b/.test(v)).slice(0, 12);
            reject(
              new TandemError(
                'CONFIG_INVALID',
                `Unknown espeak-ng voice "${name}"`,
                'voice',
                `Use an espeak-ng voice file name such as ${english.join(', ')} (British English is "en"; a variant may follow "+", e.g. en-us+f3); \`espeak-ng --voices\` lists the languages.`,
              ),
            );
          }
        },
        onFault: (message) => reject(new TandemError('MODEL_INVALID', `The espeak-ng voice could not start: ${message}`, 'espeak-ng thread', 'Run `npm ci` again; if it persists, report it with this message.')),
      });
    });
  }

  synthesize(utterance: Utterance): StreamingSpeech {
    let jobId = 0;
    const speech = new StreamingSpeech(utterance, this.name, () => this.thread.cancel(jobId));
    const { voice, rate, pitch } = this.options;
    jobId = this.thread.request((id) => ({ type: 'synthesize', jobId: id, text: utterance.text, voice, rate, pitch }), {
      onReply: (reply) => {
        if (reply.type === 'chunk') speech.append(reply.samples, reply.words.map(spokenWord));
        else if (reply.type === 'done') {
          this.thread.finishJob(jobId);
          if (reply.cancelled) speech.fail('cancelled: the utterance was cut');
          else speech.finish();
        } else if (reply.type === 'failed') {
          this.thread.finishJob(jobId);
          speech.fail(reply.message);
        }
      },
      onFault: (message) => speech.fail(message),
    });
    return speech;
  }

  /** espeak-ng's IPA for `text`, one string per clause (what Piper voices are trained on). */
  phonemize(text: string, voice: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const jobId = this.thread.request((id) => ({ type: 'phonemize', jobId: id, text, voice }), {
        onReply: (reply) => {
          this.thread.finishJob(jobId);
          if (reply.type === 'phonemes') resolve(reply.clauses);
          else if (reply.type === 'failed') reject(new Error(reply.message));
        },
        onFault: (message) => reject(new Error(message)),
      });
    });
  }

  /** Ends the synthesis thread abruptly (what a crash does); the next utterance starts a new one. */
  kill(): void {
    this.thread.kill();
  }

  dispose(): Promise<void> {
    return this.thread.dispose();
  }
}

function spokenWord(word: EspeakWord): { word: string; startMs: number; endMs: number } {
  return { word: word.word, startMs: word.startMs, endMs: word.endMs };
}
