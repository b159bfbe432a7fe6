// `tandem bench voice` (npm run bench:voice): the embedded voice's first chunk and real-time factor, end of user speech → first assistant audio, and the ASR real-time factor.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SAMPLES_PER_TURN } from '../../common/microturn';
import { prepareOutDir, TANDEM_VERSION } from '../cli/runInput';
import { benchAsr, type AsrBenchResult } from '../models/asr/asr.bench';
import { EspeakVoice, type EspeakVoiceOptions } from '../models/speech/espeakVoice';
import { describeMachine } from './loopedSession';
import { measureEndOfSpeechToFirstAudio, VOICE_LATENCY_SEED_RANGE, type EndOfSpeechToFirstAudio } from './voiceLatency';

/** Target from issue 5: the first 200 ms chunk within 150 ms of the request. */
export const FIRST_CHUNK_TARGET_MS = 150;

/** Replies of every length an assistant says: one word, a short answer, a long explanation. */
export const VOICE_BENCH_SENTENCES: readonly string[] = [
  'Yes.',
  'Mm-hmm.',
  'Got it.',
  'Let me look.',
  'Sure, one moment.',
  'It is twenty past three.',
  'Your meeting starts in ten minutes.',
  'I set a timer for five minutes from now.',
  'The file you asked about is in the downloads folder.',
  'That function returns null when the list is empty, which explains the crash.',
  'I found three results: two articles from last week and a video from this morning.',
  'The build failed because the test for the parser expects a trailing newline, and the new formatter removes it.',
  'Before you send that email, note that the attachment is the draft from Monday, not the final version you edited this afternoon.',
  'Here is what I found. The library changed its default in version four, so the option you set is now ignored. You can pass it explicitly, or pin the older version until you have time to migrate.',
  'Okay. First, open the settings. Then choose the audio tab, pick the headset as the input device, and turn the echo cancellation on. After that, try speaking again and I will tell you whether the level looks right.',
  'Sorry, I did not catch that. Could you say it again?',
];

export interface VoiceBenchOptions {
  outDir: string;
  /** Passes over the sentences (each sentence synthesized this many times). */
  repeats?: number;
  voice?: Partial<EspeakVoiceOptions>;
  /** The stub language model's first-token latency (default STUB_FIRST_TOKEN_MS, 150 ms). */
  stubFirstTokenMs?: number;
  /** Questions per latency path (default 10 spoken, 12 typed); 0 skips the path. */
  spokenQuestions?: number;
  typedQuestions?: number;
  /** false: skip the end-of-speech and ASR measurements (synthesis only). */
  endToEnd?: boolean;
  log?: (line: string) => void;
}

export interface VoiceBenchResult {
  tandemVersion: string;
  date: string;
  machine: ReturnType<typeof describeMachine>;
  voice: string;
  sentences: number;
  measurements: number;
  firstChunkMs: { p50: number | null; p95: number | null; max: number | null; targetMs: number; meetsTarget: boolean | null };
  /** Synthesis wall time / audio duration over all sentences (lower is faster; < 1 is faster than real time). */
  realTimeFactor: number;
  /** Per sentence length: words, audio duration, first chunk and total synthesis time (medians over repeats). */
  perSentence: Array<{ words: number; audioMs: number; firstChunkMs: number; synthMs: number }>;
  /** End of user speech → first assistant audio per path (null when skipped). */
  endOfSpeechToFirstAudio: EndOfSpeechToFirstAudio | null;
  /** The ASR real-time factor (main/models/asr/asr.bench.ts, as `tandem bench asr`); null when skipped. */
  asr: AsrBenchResult | null;
  definitions: Record<string, string>;
}

export async function runVoiceBench(options: VoiceBenchOptions): Promise<VoiceBenchResult> {
  const outDir = prepareOutDir(options.outDir);
  const repeats = options.repeats ?? 10;
  const voice = await EspeakVoice.create(options.voice ?? {});
  const perSentence = new Map<number, { words: number; audioMs: number; first: number[]; synth: number[] }>();
  let totalSynthMs = 0;
  let totalAudioMs = 0;
  try {
    // One warm-up utterance: the first synthesis compiles espeak-ng's wasm paths, which a session does once.
    const warm = voice.synthesize({ id: 'warm-up', text: 'Warming up.', kind: 'reply' });
    await warm.whenAvailable(Number.POSITIVE_INFINITY);
    for (let pass = 0; pass < repeats; pass++) {
      for (const [index, text] of VOICE_BENCH_SENTENCES.entries()) {
        const requested = performance.now();
        const speech = voice.synthesize({ id: `s${pass}-${index}`, text, kind: 'reply' });
        // The first chunk: 200 ms of audio, or the whole utterance when it is shorter.
        await speech.whenAvailable(SAMPLES_PER_TURN);
        const firstMs = performance.now() - requested;
        await speech.whenAvailable(Number.POSITIVE_INFINITY);
        const synthMs = performance.now() - requested;
        if (speech.error) throw new Error(`Synthesis failed on "${text}": ${speech.error}`);
        const audioMs = speech.durationMs ?? 0;
        totalSynthMs += synthMs;
        totalAudioMs += audioMs;
        const entry = perSentence.get(index) ?? { words: text.split(/\s+/).length, audioMs, first: [], synth: [] };
        entry.first.push(firstMs);
        entry.synth.push(synthMs);
        perSentence.set(index, entry);
      }
    }
  } finally {
    await voice.dispose();
  }
  // After the synthesis loop, so the sessions' threads do not share the CPU with it.
  const endToEnd = options.endToEnd === false ? null : await measureEndOfSpeechToFirstAudio({ firstTokenMs: options.stubFirstTokenMs, spokenQuestions: options.spokenQuestions, typedQuestions: options.typedQuestions, log: options.log });
  if (options.endToEnd !== false) options.log?.('[voice] ASR real-time factor…');
  const asr = options.endToEnd === false ? null : await benchAsr();
  const firsts = [...perSentence.values()].flatMap((e) => e.first);
  const p95 = percentile(firsts, 0.95);
  const result: VoiceBenchResult = {
    tandemVersion: TANDEM_VERSION,
    date: new Date().toISOString(),
    machine: describeMachine(),
    voice: voice.name,
    sentences: VOICE_BENCH_SENTENCES.length,
    measurements: VOICE_BENCH_SENTENCES.length * repeats,
    firstChunkMs: {
      p50: percentile(firsts, 0.5),
      p95,
      max: percentile(firsts, 1),
      targetMs: FIRST_CHUNK_TARGET_MS,
      meetsTarget: p95 === null ? null : p95 <= FIRST_CHUNK_TARGET_MS,
    },
    realTimeFactor: round3(totalAudioMs > 0 ? totalSynthMs / totalAudioMs : 0),
    perSentence: [...perSentence.values()]
      .map((e) => ({ words: e.words, audioMs: round3(e.audioMs), firstChunkMs: round3(percentile(e.first, 0.5) ?? 0), synthMs: round3(percentile(e.synth, 0.5) ?? 0) }))
      .sort((a, b) => a.words - b.words),
    endOfSpeechToFirstAudio: endToEnd,
    asr,
    definitions: {
      firstChunkMs: 'Wall time from Voice.synthesize() (the engine asking for an utterance) to the moment 200 ms of 16 kHz audio (3 200 samples), or the whole utterance if shorter, is available on the engine thread: espeak-ng in wasm on its worker thread, resampled there, posted back. Nearest-rank percentiles over every sentence × repeat.',
      realTimeFactor: 'Sum of synthesis wall times (request → last sample available) divided by the sum of the audio durations.',
      endOfSpeechToFirstAudio:
        `Real-time sessions (RealtimeMicroTurnClock, as the perf suite's real-time run) with the harness interaction model, the embedded espeak-ng voice, no ASR, and a stub OpenAI-compatible language model on 127.0.0.1 (main/bench/stubLanguageModelServer.ts, fixed short answer, first-token latency recorded in stub.firstTokenMs) as the background provider in its worker thread. Spoken path: questions generated with espeak-ng from seeds ${VOICE_LATENCY_SEED_RANGE.first} + k, one every 5.5 s; end of user speech is the ground truth, as in the perf suite: the last audible sample of the question as placed on the mic track. Without an ASR model the harness hears no words, so it answers with its reply (not the background model). Typed path: questions from seeds ${VOICE_LATENCY_SEED_RANGE.first + 500_000} + k, one every 3 s; the end of user input is the moment the text arrives (it joins the micro-turn closing next); the answer measured is the stub's (a filler does not count). First assistant audio: the first sample at or above −60 dBFS in the rendered output (chunk k plays from (k+1)·200 ms) of the first utterance that is not a backchannel, started at or after the end of user input and before the next question. Nearest-rank percentiles over the answered questions.`,
      asr: 'benchAsr (main/models/asr/asr.bench.ts, the same as `tandem bench asr`): decode time ÷ audio duration for whole segments and for a streamed segment re-decoded as it grows, with a model of Moonshine Tiny\'s decoder shape that the benchmark builds (no real ASR weights ship with the app: a floor for the real model\'s cost).',
    },
  };
  writeFileSync(join(outDir, 'voice.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(outDir, 'voice.md'), renderVoiceMarkdown(result));
  return result;
}

export function renderVoiceMarkdown(result: VoiceBenchResult): string {
  const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} ms`);
  const lines = [
    '# Voice benchmark',
    '',
    `${result.voice}, ${result.measurements} syntheses (${result.sentences} sentences of 1–${Math.max(...result.perSentence.map((s) => s.words))} words), ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, ${result.date}.`,
    '',
    '| Measure | Value | Target |',
    '| --- | --- | --- |',
    `| First 200 ms chunk, p50 | ${ms(result.firstChunkMs.p50)} | |`,
    `| First 200 ms chunk, p95 | ${ms(result.firstChunkMs.p95)} | ≤ ${result.firstChunkMs.targetMs} ms ${result.firstChunkMs.meetsTarget ? '(met)' : '(not met)'} |`,
    `| Real-time factor | ${result.realTimeFactor} | < 1 |`,
    ...endToEndRows(result),
    ...asrRows(result),
    '',
    '## Per sentence (medians)',
    '',
    '| Words | Audio | First chunk | Whole synthesis |',
    '| ---: | ---: | ---: | ---: |',
    ...result.perSentence.map((s) => `| ${s.words} | ${s.audioMs.toFixed(0)} ms | ${s.firstChunkMs.toFixed(1)} ms | ${s.synthMs.toFixed(1)} ms |`),
    '',
    ...endToEndNotes(result),
    '## Definitions',
    '',
    ...Object.entries(result.definitions).map(([name, text]) => `- **${name}**: ${text}`),
    '',
  ];
  return lines.join('\n');
}

function endToEndRows(result: VoiceBenchResult): string[] {
  const e = result.endOfSpeechToFirstAudio;
  if (!e) return ['| End of user speech → first assistant audio | not measured in this run | ≤ 600 ms |'];
  const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(0)} ms`);
  return e.paths.flatMap((p) => [
    `| End of user speech → first assistant audio, ${p.name}, p50 | ${ms(p.p50)} (${p.answered}/${p.questions} answered) | |`,
    `| End of user speech → first assistant audio, ${p.name}, p95 | ${ms(p.p95)} | ≤ ${e.targetMs} ms${p.meetsTarget === null ? '' : p.meetsTarget ? ' (met)' : ' (not met)'} |`,
  ]);
}

function asrRows(result: VoiceBenchResult): string[] {
  const a = result.asr;
  if (!a) return ['| ASR real-time factor | not measured in this run | < 1 |'];
  return [
    ...a.segments.map((s) => `| ASR real-time factor, ${s.audioMs / 1000} s segment (${a.model.kind}) | ${s.realTimeFactor} | < 1 |`),
    `| ASR real-time factor, streamed ${a.streaming.audioMs / 1000} s re-decoded every ${a.streaming.partialEveryTurns} micro-turns | ${a.streaming.realTimeFactor} | < 1 |`,
  ];
}

function endToEndNotes(result: VoiceBenchResult): string[] {
  const e = result.endOfSpeechToFirstAudio;
  if (!e) return [];
  return [
    '## End of user speech → first assistant audio',
    '',
    `Stub language model: ${e.stub.model} on 127.0.0.1, first token after ${e.stub.firstTokenMs} ms, answer "${e.stub.answer}" (${e.stub.requests} requests).`,
    '',
    ...e.paths.flatMap((p) => [
      `### ${p.name}`,
      '',
      `${p.answered} of ${p.questions} questions answered before the next one; ${p.overruns} tick overruns.`,
      '',
      '| Seed | Question | End of input | Answered with | Latency |',
      '| ---: | --- | ---: | --- | ---: |',
      ...p.perQuestion.map((q) => `| ${q.seed} | ${q.text} | ${q.endMs.toFixed(0)} ms | ${q.answeredWith ?? '–'} | ${q.latencyMs === null ? '–' : `${q.latencyMs.toFixed(0)} ms`} |`),
      '',
    ]),
  ];
}

function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round3(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
