// The espeak-ng synthesis thread: runs the wasm synthesizer off the micro-turn thread and streams 16 kHz chunks with word timings.

import type { StreamingResampler } from './streamingResampler';

/** Requests the voice sends to its thread. */
export type EspeakRequest =
  | { type: 'synthesize'; jobId: number; text: string; voice: string; rate: number; pitch: number }
  | { type: 'phonemize'; jobId: number; text: string; voice: string }
  | { type: 'check'; jobId: number; voice: string };

/** A word as the thread reports it: its text (as espeak-ng delimits it) and its span in the utterance's audio. */
export interface EspeakWord {
  word: string;
  startMs: number;
  endMs: number;
}

/** What the thread sends back. Chunks of one job arrive in order, then exactly one `done` or `failed`. */
export type EspeakReply =
  | { type: 'ready'; sampleRateHz: number; voices: string[] }
  | { type: 'chunk'; jobId: number; samples: Float32Array; words: EspeakWord[] }
  | { type: 'done'; jobId: number; cancelled: boolean; synthMs: number }
  | { type: 'failed'; jobId: number; message: string }
  | { type: 'phonemes'; jobId: number; clauses: string[] }
  | { type: 'checked'; jobId: number };

/** workerData of the thread. */
export interface EspeakWorkerData {
  /** file: URL of @echogarden/espeak-ng-emscripten's espeak-ng.js. */
  moduleUrl: string;
  /**
   * Int32Array view: [0] = jobs with an id ≤ this are cancelled (checked between espeak-ng's ~100 ms callbacks);
   * [1] = the last job whose synthesis returned, written by the thread before it posts `done`.
   */
  control: SharedArrayBuffer;
  /** Sample rate the engine plays (16 kHz). */
  outputRateHz: number;
}

/**
 * The thread's body. It is turned into source text and run with `eval: true` (see espeakVoice.ts), so it
 * must reference nothing outside itself: what it needs comes in as arguments (the resampler class's source is
 * sent along). That works the same from the TypeScript sources under vitest and from the bundled CLI,
 * without a separate build entry.
 */
export async function espeakWorkerMain(
  importModule: (url: string) => Promise<{ default: () => Promise<any> }>,
  threads: typeof import('node:worker_threads'),
  Resampler: typeof StreamingResampler,
): Promise<void> {
  // espeak-ng seeds its noise from time() (emscripten reads Date.now) for some variants (e.g. +f3): a fixed
  // clock on this thread, which does nothing else with the date, makes the same text sound the same in every run.
  Date.now = () => 0;
  const data = threads.workerData as EspeakWorkerData;
  const control = new Int32Array(data.control);
  const port = threads.parentPort!;
  const createModule = (await importModule(data.moduleUrl)).default;
  const espeak = await createModule();
  const engine = new espeak.eSpeakNGWorker();
  const nativeRateHz: number = engine.get_samplerate();
  const voices: string[] = engine.list_voices().map((v: { identifier: string }) => v.identifier);

  // espeak-ng keeps state between utterances (its random jitter, filter memory), so the same text would
  // sound slightly different depending on what was said before. Every request therefore starts from one
  // snapshot of the wasm memory, taken after start-up: the same text always gives the same samples, which
  // virtual-time determinism and replays need (restoring ~17 MB costs ~2 ms). The emscripten glue keeps one
  // JS-side string buffer in that memory; it is grown to its final size before the snapshot (a long string
  // makes the next call reallocate it), so the glue and the restored memory always agree. Texts must fit it.
  const STRING_BUFFER_BYTES = 65_536;
  engine.set_voice('x'.repeat(STRING_BUFFER_BYTES));
  engine.set_voice('en-us');
  const base: Uint8Array = espeak.HEAPU8.slice();
  const restore = (snapshot: Uint8Array) => {
    const heap: Uint8Array = espeak.HEAPU8;
    heap.set(snapshot);
    if (heap.length > snapshot.length) heap.fill(0, snapshot.length);
  };
  // One snapshot per voice (selecting a voice loads its dictionary, ~tens of ms), the last two voices kept.
  const voiceSnapshots = new Map<string, Uint8Array>();
  const restoreVoice = (jobId: number, voice: string): boolean => {
    const known = voiceSnapshots.get(voice);
    if (known) {
      restore(known);
      return true;
    }
    restore(base);
    if (!selectVoice(jobId, voice)) return false;
    engine.synthesize('Ready.', () => 0);
    if (voiceSnapshots.size >= 2) voiceSnapshots.delete(voiceSnapshots.keys().next().value!);
    voiceSnapshots.set(voice, espeak.HEAPU8.slice());
    return true;
  };
  const encoder = new TextEncoder();
  const fits = (jobId: number, ...texts: string[]): boolean => {
    const bytes = texts.reduce((sum, text) => sum + encoder.encode(text).length + 16, 0);
    if (bytes < STRING_BUFFER_BYTES - 256) return true;
    send({ type: 'failed', jobId, message: `The text is too long for one utterance (${bytes} bytes; at most ${STRING_BUFFER_BYTES - 256}): split it into shorter utterances` });
    return false;
  };
  const send = (reply: EspeakReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

  const selectVoice = (jobId: number, voice: string): boolean => {
    // espeak-ng answers 0 (EE_OK) for a voice it found; anything else means the name is unknown.
    if (engine.set_voice(voice) === 0) return true;
    send({ type: 'failed', jobId, message: `espeak-ng has no voice "${voice}"` });
    return false;
  };

  const synthesize = (request: Extract<EspeakRequest, { type: 'synthesize' }>) => {
    const started = performance.now();
    if (!restoreVoice(request.jobId, request.voice)) return;
    engine.set_rate(request.rate);
    engine.set_pitch(request.pitch);
    const resampler = new Resampler(nativeRateHz, data.outputRateHz);
    let nativeSamples = 0;
    const chars = Array.from(request.text);
    let open: { word: string; startMs: number } | null = null;
    let ready: EspeakWord[] = [];
    let cancelled = false;
    const close = (atMs: number) => {
      if (!open) return;
      ready.push({ word: open.word, startMs: open.startMs, endMs: Math.max(open.startMs, atMs) });
      open = null;
    };
    const flush = (samples: Float32Array) => {
      if (samples.length === 0 && ready.length === 0) return;
      send({ type: 'chunk', jobId: request.jobId, samples, words: ready }, [samples.buffer as ArrayBuffer]);
      ready = [];
    };
    engine.synthesize(request.text, (audio: Int16Array, events: Array<{ type: string; text_position: number; word_length: number; audio_position: number; id?: string | number }>) => {
      if (Atomics.load(control, 0) >= request.jobId) {
        cancelled = true;
        return 1; // non-zero: espeak-ng stops synthesizing
      }
      // Positions are ms from the start of the text; a word ends at the next word, a pause or the clause's end.
      for (const event of events) {
        if (event.type === 'word') {
          close(event.audio_position);
          const start = event.text_position - 1;
          open = { word: chars.slice(start, start + event.word_length).join(''), startMs: event.audio_position };
        } else if (event.type === 'end' || event.type === 'sentence' || (event.type === 'phoneme' && event.id === '')) {
          close(event.audio_position);
        }
      }
      nativeSamples += audio.length;
      flush(resampler.push(audio, 1 / 32768));
      return 0;
    });
    Atomics.store(control, 1, request.jobId);
    if (cancelled) {
      send({ type: 'done', jobId: request.jobId, cancelled: true, synthMs: performance.now() - started });
      return;
    }
    const tail = resampler.finish();
    const totalMs = (resampler.outputLengthFor(nativeSamples) * 1000) / data.outputRateHz;
    close(totalMs);
    // espeak-ng's positions are whole ms: keep every word inside the resampled audio.
    for (const word of ready) word.endMs = Math.min(word.endMs, totalMs);
    flush(tail);
    send({ type: 'done', jobId: request.jobId, cancelled: false, synthMs: performance.now() - started });
  };

  port.on('message', (request: EspeakRequest) => {
    try {
      if (!fits(request.jobId, request.type === 'check' ? '' : request.text, request.voice)) return;
      if (request.type === 'synthesize') synthesize(request);
      else if (request.type === 'check') {
        if (restoreVoice(request.jobId, request.voice)) send({ type: 'checked', jobId: request.jobId });
      } else if (request.type === 'phonemize') {
        if (!restoreVoice(request.jobId, request.voice)) return;
        const result = engine.synthesize_ipa(request.text) as { code: number; ipa: string };
        if (result.code !== 0) {
          send({ type: 'failed', jobId: request.jobId, message: `espeak-ng could not phonemize the text (code ${result.code})` });
          return;
        }
        // espeak-ng separates phonemes with "_" in this mode; Piper's ids are per IPA character, without them.
        const clauses = result.ipa.split('\n').map((line) => line.replace(/_/g, '').trim()).filter((line) => line.length > 0);
        send({ type: 'phonemes', jobId: request.jobId, clauses });
      }
    } catch (error) {
      send({ type: 'failed', jobId: request.jobId, message: String((error as Error)?.message ?? error) });
    }
  });
  send({ type: 'ready', sampleRateHz: nativeRateHz, voices });
}
