// End of user speech → first assistant audio for the voice benchmark: generated spoken and typed questions, real-time sessions with the harness, the embedded voice and a local stub language model.

import type { BackgroundRunner } from '../../common/background';
import type { InteractionModel } from '../../common/interaction';
import { MICRO_TURN_MS, SAMPLE_RATE_HZ, SAMPLES_PER_TURN } from '../../common/microturn';
import type { TimelineEvent } from '../../common/timeline';
import { createBackgroundRunner } from '../background/backgroundConfig';
import { RealtimeMicroTurnClock } from '../engine/microTurnClock';
import { Session, type InputProvider } from '../engine/session';
import { Timeline } from '../engine/timeline';
import { loadInteractionModel } from '../models/registry';
import { EspeakVoice } from '../models/speech/espeakVoice';
import { createPerception } from '../perception';
import { describeVoice, normalizePeak, pickVoice, synthesize } from './gen/espeakSpeech';
import type { SeedRange } from './gen/generatedSamples';
import { SampleRandom } from './gen/sampleRandom';
import { STUB_MODEL, startStubLanguageModel } from './stubLanguageModelServer';

/** The voice benchmark's latency scenarios own seeds 6 000 000 – 6 999 999 (question k has seed first + k). */
export const VOICE_LATENCY_SEED_RANGE: SeedRange = { first: 6_000_000, last: 6_999_999 };

/** Short questions a user asks out loud or types; each scenario draws one from its seed. */
export const VOICE_LATENCY_QUESTIONS: readonly string[] = [
  'What time is it?',
  'How long until my next meeting?',
  'Can you check the weather for tomorrow?',
  'What is two plus three?',
  'Where did I save the report?',
  'Remind me what the error said.',
  'Is the build finished yet?',
  'How do I undo the last commit?',
  'What was the name of that library?',
  'Could you read me the first line?',
];

/** A sample at or above this magnitude (−60 dBFS) counts as sound: the voice's silences are digital zero. */
export const AUDIBLE_SAMPLE = 0.001;

export interface LatencyQuestion {
  seed: number;
  text: string;
  /** Media time the user starts speaking (spoken) or the text arrives (typed). */
  startMs: number;
  /** End of user speech: the last audible sample of the spoken question (ground truth), or the typed text's arrival. */
  endMs: number;
  /** The espeak-ng voice that said it (spoken questions only). */
  voice: string | null;
}

export interface LatencyPathPlan {
  path: 'spoken' | 'typed';
  questions: LatencyQuestion[];
  durationMs: number;
  /** The user's mic, from media time 0 (spoken path; silence for the typed one). */
  mic: Float32Array;
}

/** Spoken questions, one every `periodMs`: generated with espeak-ng from seeds 6 000 000 + k, placed after 400–599 ms of silence. */
export function planSpokenPath(count: number, periodMs = 5_500): LatencyPathPlan {
  const durationMs = count * periodMs;
  const mic = new Float32Array(Math.round((durationMs / 1000) * SAMPLE_RATE_HZ));
  const questions: LatencyQuestion[] = [];
  for (let k = 0; k < count; k++) {
    const seed = VOICE_LATENCY_SEED_RANGE.first + k;
    const rng = new SampleRandom(seed);
    const voice = pickVoice(rng.fork('voice'));
    const text = rng.fork('text').pick(VOICE_LATENCY_QUESTIONS);
    const speech = normalizePeak(synthesize(text, voice), -6);
    const startMs = k * periodMs + rng.fork('start').int(400, 599);
    const first = Math.round((startMs / 1000) * SAMPLE_RATE_HZ);
    mic.set(speech.subarray(0, Math.max(0, Math.min(speech.length, mic.length - first))), first);
    // synthesize() trims silence, so its last sample is audible: the end of user speech is exact to the sample.
    questions.push({ seed, text, startMs, endMs: startMs + (speech.length / SAMPLE_RATE_HZ) * 1000, voice: describeVoice(voice) });
  }
  return { path: 'spoken', questions, durationMs, mic };
}

/** Typed questions, one every `periodMs`, arriving 400–599 ms into their period (so chunk boundaries fall anywhere). */
export function planTypedPath(count: number, periodMs = 3_000): LatencyPathPlan {
  const durationMs = count * periodMs;
  const questions: LatencyQuestion[] = [];
  for (let k = 0; k < count; k++) {
    // The typed questions use the second half-million of the range, so both paths can grow without sharing seeds.
    const seed = VOICE_LATENCY_SEED_RANGE.first + 500_000 + k;
    const rng = new SampleRandom(seed);
    const text = rng.fork('text').pick(VOICE_LATENCY_QUESTIONS);
    const atMs = k * periodMs + rng.fork('start').int(400, 599);
    questions.push({ seed, text, startMs: atMs, endMs: atMs, voice: null });
  }
  return { path: 'typed', questions, durationMs, mic: new Float32Array(Math.round((durationMs / 1000) * SAMPLE_RATE_HZ)) };
}

/** The assistant's output as the session rendered it: chunk k plays during [(k+1)·200, (k+2)·200) ms. */
export class RenderedOutput {
  private readonly chunks = new Map<number, Float32Array>();

  record(turn: number, samples: Float32Array): void {
    this.chunks.set(turn, Float32Array.from(samples));
  }

  /** Media time of the first audible sample in [fromMs, untilMs), or null when all of it is silent. */
  firstAudibleMs(fromMs: number, untilMs: number): number | null {
    const samplesPerMs = SAMPLE_RATE_HZ / 1000;
    for (let turn = Math.max(0, Math.floor(fromMs / MICRO_TURN_MS) - 1); (turn + 1) * MICRO_TURN_MS < untilMs; turn++) {
      const chunk = this.chunks.get(turn);
      if (!chunk) continue;
      const chunkStartMs = (turn + 1) * MICRO_TURN_MS;
      const from = Math.max(0, Math.ceil((fromMs - chunkStartMs) * samplesPerMs));
      for (let i = from; i < Math.min(chunk.length, SAMPLES_PER_TURN); i++) {
        const atMs = chunkStartMs + i / samplesPerMs;
        if (atMs >= untilMs) return null;
        if (Math.abs(chunk[i]) >= AUDIBLE_SAMPLE) return atMs;
      }
    }
    return null;
  }
}

export interface QuestionLatency {
  seed: number;
  text: string;
  endMs: number;
  /** The utterance measured (its text), or null when none came before the next question. */
  answeredWith: string | null;
  /** End of user speech → first audible sample of that utterance; null when unanswered. */
  latencyMs: number | null;
}

/**
 * For each question: the first assistant utterance started in [end of user speech, next question's start)
 * that is not a backchannel (and, when `answerText` is given, whose text contains it: the background
 * answer, not a filler), and the time from the end of user speech to its first audible output sample.
 */
export function questionLatencies(plan: Pick<LatencyPathPlan, 'questions' | 'durationMs'>, events: readonly TimelineEvent[], output: RenderedOutput, answerText?: string): QuestionLatency[] {
  const starts = events.filter((e) => e.kind === 'assistant_speech_started' && e.payload.utteranceKind !== 'backchannel');
  return plan.questions.map((question, index) => {
    const untilMs = plan.questions[index + 1]?.startMs ?? plan.durationMs;
    const utterance = starts.find((e) => e.atMs >= question.endMs && e.atMs < untilMs && (answerText === undefined || String(e.payload.text ?? '').includes(answerText)));
    const audibleMs = utterance ? output.firstAudibleMs(utterance.atMs, untilMs) : null;
    return {
      seed: question.seed,
      text: question.text,
      endMs: Math.round(question.endMs * 1000) / 1000,
      answeredWith: utterance ? String(utterance.payload.text ?? '') : null,
      latencyMs: audibleMs === null ? null : Math.round((audibleMs - question.endMs) * 1000) / 1000,
    };
  });
}

export interface LatencyPathRun {
  path: 'spoken' | 'typed';
  questions: QuestionLatency[];
  ticks: number;
  overruns: number;
  wallMs: number;
}

/**
 * Runs one path as a real-time session (the harness, the embedded espeak-ng voice, the stub language
 * model as an `openai` background provider in its worker thread, no ASR) and measures every question.
 */
export async function runLatencyPath(plan: LatencyPathPlan, stubBaseURL: string, answerText?: string): Promise<LatencyPathRun> {
  const model = await loadInteractionModel('harness');
  let voice: EspeakVoice | undefined;
  let background: Awaited<ReturnType<typeof createBackgroundRunner>> = null;
  try {
    voice = await EspeakVoice.create();
    background = await createBackgroundRunner({ active: 'stub', providers: [{ id: 'stub', kind: 'openai', baseURL: stubBaseURL, model: STUB_MODEL, timeoutMs: 60_000, idleTimeoutMs: 20_000 }], contextChars: 12_000 });
    return await runPath(plan, model, voice, background, answerText);
  } finally {
    await background?.dispose().catch(() => undefined);
    await voice?.dispose();
    await model.dispose();
  }
}

async function runPath(plan: LatencyPathPlan, model: InteractionModel, voice: EspeakVoice, background: BackgroundRunner | null, answerText: string | undefined): Promise<LatencyPathRun> {
  const events: TimelineEvent[] = [];
  const timeline = new Timeline();
  timeline.subscribe((event) => events.push(event));
  const output = new RenderedOutput();
  const typed = [...plan.questions];
  const input: InputProvider = {
    beforeClose(session, turn, fromMs, toMs) {
      const start = turn * SAMPLES_PER_TURN;
      session.pushMic(plan.mic.subarray(start, Math.min(plan.mic.length, start + SAMPLES_PER_TURN)));
      if (plan.path !== 'typed') return;
      while (typed.length > 0 && typed[0].startMs < toMs && typed[0].startMs >= fromMs) session.pushText(typed[0].startMs, typed.shift()!.text);
    },
  };
  const ticks = Math.round(plan.durationMs / MICRO_TURN_MS);
  const session = new Session({
    model,
    voice,
    perception: createPerception(),
    timeline,
    clock: new RealtimeMicroTurnClock(),
    maxTurns: ticks,
    background,
    header: { bench: 'voice', path: plan.path, voice: voice.name },
    inputProvider: input,
    onOutputChunk: (turn, samples) => output.record(turn, samples),
  });
  const wallBefore = performance.now();
  const stats = await session.run();
  return { path: plan.path, questions: questionLatencies(plan, events, output, answerText), ticks: stats.turns, overruns: stats.overruns, wallMs: Math.round(performance.now() - wallBefore) };
}

export interface EndOfSpeechToFirstAudio {
  targetMs: number;
  stub: { model: string; firstTokenMs: number; answer: string; requests: number };
  paths: Array<{
    path: 'spoken' | 'typed';
    name: string;
    questions: number;
    answered: number;
    p50: number | null;
    p95: number | null;
    max: number | null;
    meetsTarget: boolean | null;
    overruns: number;
    perQuestion: QuestionLatency[];
  }>;
}

/** Target from issue 5: the assistant's first audio within 600 ms of the end of user speech, with the harness. */
export const END_OF_SPEECH_TARGET_MS = 600;

/** Both paths against one stub server; `firstTokenMs` is the stub's latency (recorded in the result). */
export async function measureEndOfSpeechToFirstAudio(options: { spokenQuestions?: number; typedQuestions?: number; firstTokenMs?: number; log?: (line: string) => void } = {}): Promise<EndOfSpeechToFirstAudio> {
  const stub = await startStubLanguageModel({ firstTokenMs: options.firstTokenMs });
  try {
    const plans = [planSpokenPath(options.spokenQuestions ?? 10), planTypedPath(options.typedQuestions ?? 12)];
    const paths: EndOfSpeechToFirstAudio['paths'] = [];
    for (const plan of plans) {
      options.log?.(`[voice] ${plan.path} path: ${plan.questions.length} questions, ${plan.durationMs / 1000} s on the real-time clock…`);
      const run = await runLatencyPath(plan, stub.baseURL, plan.path === 'typed' ? stub.answer : undefined);
      const latencies = run.questions.flatMap((q) => (q.latencyMs === null ? [] : [q.latencyMs]));
      const p95 = nearestRank(latencies, 0.95);
      paths.push({
        path: plan.path,
        name: plan.path === 'spoken' ? 'spoken question (no ASR words) → harness reply' : 'typed question → background answer (stub LM)',
        questions: plan.questions.length,
        answered: latencies.length,
        p50: nearestRank(latencies, 0.5),
        p95,
        max: nearestRank(latencies, 1),
        meetsTarget: p95 === null ? null : p95 <= END_OF_SPEECH_TARGET_MS,
        overruns: run.overruns,
        perQuestion: run.questions,
      });
    }
    return { targetMs: END_OF_SPEECH_TARGET_MS, stub: { model: STUB_MODEL, firstTokenMs: stub.firstTokenMs, answer: stub.answer, requests: stub.requests() }, paths };
  } finally {
    await stub.close();
  }
}

function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
