// The `perf` suite: a long virtual session of looped demo speech plus a short real-time one, per model: step time, tick lateness, response latency, CPU, memory.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MICRO_TURN_MS, SAMPLE_RATE_HZ } from '../../../common/microturn';
import { TandemError } from '../../../common/errors';
import type { TimelineEvent } from '../../../common/timeline';
import { RealtimeMicroTurnClock, VirtualMicroTurnClock } from '../../engine/microTurnClock';
import type { LatencySummary } from '../../engine/latencyHistogram';
import { readTimeline } from '../../engine/timelineReader';
import { resourcePath } from '../../models/resources';
import { TANDEM_VERSION } from '../../cli/runInput';
import { DEMO_USER_WAV, demoAudio, describeLateness, gcNow, runLoopedSession } from '../loopedSession';
import type { BenchModelChoice } from '../report';
import type { SampleRunContext, SelfRunningSuite } from '../runBench';
import type { BenchSample, BenchSize, MetricDefinition, MetricValue, SampleRun, SuiteResult } from '../suite';

/** Virtual minutes and real-time seconds per size. */
export const PERF_SIZES: Record<BenchSize, { virtualMs: number; realtimeMs: number }> = {
  small: { virtualMs: 5 * 60_000, realtimeMs: 10_000 },
  full: { virtualMs: 60 * 60_000, realtimeMs: 60_000 },
};

export interface SpeechSegment {
  id: string;
  startMs: number;
  endMs: number;
  /** The user hands the turn over at the end of this segment (the demo README says "the turn ends here"). */
  endsTurn: boolean;
}

/** The demo's ground-truth segments, read from the table in resources/demo/README.md. */
export function readDemoSegments(readmePath = resourcePath('demo', 'README.md')): SpeechSegment[] {
  const text = readFileSync(readmePath, 'utf8');
  const segments: SpeechSegment[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | id | startMs | endMs | text | what it tests |
    if (cells.length < 7 || !/^[A-Z]\d+$/.test(cells[1]) || !/^\d+$/.test(cells[2]) || !/^\d+$/.test(cells[3])) continue;
    segments.push({ id: cells[1], startMs: Number(cells[2]), endMs: Number(cells[3]), endsTurn: /turn ends here/i.test(cells[5]) });
  }
  if (segments.length === 0 || !segments.some((s) => s.endsTurn)) {
    throw new TandemError('INPUT_NOT_FOUND', 'No user speech segments (or no turn end) found in the demo README table', readmePath, 'Restore resources/demo/README.md (scripts/make-demo-scenario.sh writes it).');
  }
  return segments;
}

interface PerfTruth extends Record<string, unknown> {
  clock: 'virtual' | 'realtime';
  durationMs: number;
  loopMs: number;
  segments: SpeechSegment[];
}

interface PerfRunSummary extends Record<string, unknown> {
  clock: 'virtual' | 'realtime';
  model: string;
  ticks: number;
  virtualMs: number;
  wallMs: number;
  cpuMs: number;
  tickLatenessMs: ReturnType<typeof describeLateness> | null;
  modelStepMs: LatencySummary;
  engineOverheadMs: LatencySummary;
  overruns: number;
  modelErrors: number;
  utterances: number;
  cuts: number;
  rssStartMb: number;
  /** After the warm-up minute (null when the session is shorter). */
  rssWarmMb: number | null;
  rssEndMb: number;
  /** Wall and CPU time of the forced GCs inside the run, already taken out of wallMs and cpuMs. */
  gcExcludedMs: { wall: number; cpu: number };
  heapStartMb: number;
  heapEndMb: number;
  /** True when the session ran every tick it was given. */
  complete: boolean;
  note: string;
}

const TASKS = ['virtual', 'realtime'] as const;
/** Memory is compared from here on: the first minute holds the one-off growth (JIT, first allocations). */
const WARMUP_MS = 60_000;
type PerfTask = (typeof TASKS)[number];

const def = (task: PerfTask, key: string, label: string, unit: string, definition: string): MetricDefinition => ({ key: `${task}.${key}`, label, unit, definition, lowerIsBetter: true });

const clockName = (task: PerfTask) => (task === 'virtual' ? 'the virtual-clock session' : 'the real-time session');

function metricsOf(task: PerfTask): MetricDefinition[] {
  const on = clockName(task);
  return [
    def(task, 'tick_lateness_p50', 'tick lateness p50', 'ms', `Median of (time tick k fired − t0 − k·200 ms) over every tick of ${on}; nearest rank, 10 µs buckets.`),
    def(task, 'tick_lateness_p99', 'tick lateness p99', 'ms', `99th percentile (nearest rank) of tick lateness over every tick of ${on}.`),
    def(task, 'step_p50', 'interaction-model step p50', 'ms', `Median wall time of model.step() per micro-turn over ${on}.`),
    def(task, 'step_p99', 'interaction-model step p99', 'ms', `99th percentile (nearest rank) of model.step() wall time per micro-turn over ${on}.`),
    def(task, 'engine_overhead_p99', 'engine overhead p99', 'ms', `99th percentile of tick work excluding the model step (input, dMel, dispatch, timeline) over ${on}.`),
    def(
      task,
      'eos_to_first_audio_p50',
      'end of user turn → first assistant audio, p50',
      'ms',
      `For every end of a turn-ending user segment E (ground truth: resources/demo/README.md rows marked "the turn ends here", repeated every loop of user.wav) in ${on}: the start of the first assistant audio (assistant_speech_started, any kind, backchannels included; its time is when the audio starts playing) in [E, start of the next user segment); median over the turn ends that got one. Turn ends with no audio before the user speaks again, or with the assistant already speaking at E, are counted in the notes and excluded; so are turn ends whose window runs past the end of the session.`,
    ),
    def(task, 'eos_to_first_audio_p90', 'end of user turn → first assistant audio, p90', 'ms', `As eos_to_first_audio_p50, 90th percentile (nearest rank).`),
    def(task, 'eos_to_first_reply_p50', 'end of user turn → first reply, p50', 'ms', `As eos_to_first_audio_p50, counting only utterances that are not backchannels.`),
    def(task, 'cpu_share', 'CPU share', '% of one core', `Process CPU time (process.cpuUsage, user + system) divided by wall time, over the run of ${on} (model loading excluded). ${task === 'virtual' ? 'The virtual clock runs as fast as it can, so this is close to one busy core; see cpu_per_realtime for the cost of real time.' : ''}`.trim()),
    ...(task === 'virtual'
      ? [
          def(task, 'cpu_per_realtime', 'CPU needed for real time', '% of one core', 'Process CPU time of the virtual-clock session divided by its media (virtual) time: the share of one core the same session needs when it runs in real time.'),
          def(task, 'rss_start', 'RSS at start', 'MB', 'Resident set size after the model is loaded and a full GC, just before the first tick of the virtual-clock session.'),
          def(task, 'rss_warm', 'RSS after warm-up', 'MB', `Resident set size after the first ${WARMUP_MS / 60_000} virtual minute of the virtual-clock session and a full GC (JIT, buffers and caches have settled by then).`),
          def(task, 'rss_end', 'RSS at end', 'MB', 'Resident set size after the last tick of the virtual-clock session and a full GC.'),
          def(task, 'rss_growth', 'RSS growth after warm-up', 'MB', 'rss_end − rss_warm: what the session kept growing by after its first virtual minute (a leak shows as growth that scales with the session length; warm-up is excluded because it does not).'),
        ]
      : [def(task, 'overruns', 'overruns', 'ticks', 'Ticks whose work was still running when the next tick fell due, over the real-time session.')]),
  ];
}

/** Nearest-rank quantile of a list, or null when it is empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export interface ResponseLatencies {
  firstAudioMs: number[];
  firstReplyMs: number[];
  turnEnds: number;
  unanswered: number;
  alreadySpeaking: number;
}

/**
 * End of each turn-ending user segment (looped every `loopMs`) → first assistant audio after it, before the
 * user speaks again. Works from the timeline only, so it is the same on either clock.
 */
export function responseLatencies(events: readonly TimelineEvent[], truth: Pick<PerfTruth, 'segments' | 'loopMs' | 'durationMs'>): ResponseLatencies {
  const starts = events.filter((e) => e.kind === 'assistant_speech_started');
  const intervals = new Map<string, { startMs: number; endMs: number }>();
  for (const e of events) {
    const id = String(e.payload.utteranceId ?? '');
    if (e.kind === 'assistant_speech_started') intervals.set(id, { startMs: e.atMs, endMs: Number.POSITIVE_INFINITY });
    if ((e.kind === 'assistant_speech_ended' || e.kind === 'assistant_speech_cut') && intervals.has(id)) intervals.get(id)!.endMs = e.atMs;
  }
  const userStarts: number[] = [];
  // One loop past the end, so the last turn end of the session knows when the user would speak next.
  for (let loop = 0; loop * truth.loopMs < truth.durationMs + truth.loopMs; loop++) for (const s of truth.segments) userStarts.push(loop * truth.loopMs + s.startMs);
  userStarts.sort((a, b) => a - b);
  const result: ResponseLatencies = { firstAudioMs: [], firstReplyMs: [], turnEnds: 0, unanswered: 0, alreadySpeaking: 0 };
  for (let loop = 0; loop * truth.loopMs < truth.durationMs; loop++) {
    for (const segment of truth.segments.filter((s) => s.endsTurn)) {
      const endMs = loop * truth.loopMs + segment.endMs;
      const nextUserMs = userStarts.find((t) => t > endMs) ?? Number.POSITIVE_INFINITY;
      // A turn end whose answer window is cut by the end of the session cannot be judged: not counted.
      if (nextUserMs > truth.durationMs) continue;
      result.turnEnds++;
      if ([...intervals.values()].some((i) => i.startMs < endMs && i.endMs > endMs)) {
        result.alreadySpeaking++;
        continue;
      }
      const inWindow = starts.filter((e) => e.atMs >= endMs && e.atMs < nextUserMs);
      if (inWindow.length === 0) {
        result.unanswered++;
        continue;
      }
      result.firstAudioMs.push(inWindow[0].atMs - endMs);
      const reply = inWindow.find((e) => e.payload.utteranceKind !== 'backchannel');
      if (reply) result.firstReplyMs.push(reply.atMs - endMs);
    }
  }
  return result;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function runPerfSample(sample: BenchSample, model: BenchModelChoice, outDir: string, context: SampleRunContext): Promise<SampleRun> {
  const truth = sample.truth as PerfTruth;
  const turns = Math.round(truth.durationMs / MICRO_TURN_MS);
  const clock = truth.clock === 'virtual' ? new VirtualMicroTurnClock() : new RealtimeMicroTurnClock();
  const timelinePath = join(outDir, 'timeline.jsonl');
  // The assistant's audio is rendered as in any session but not kept: an hour of it is 115 MB.
  const outputWavPath = join(tmpdir(), `tandem-perf-${process.pid}-${Date.now()}.wav`);
  context.log(`[perf] ${model.label}: ${truth.clock} clock, ${turns} ticks (${truth.durationMs / 1000} s of looped demo speech)…`);
  let rssStart = 0;
  let heapStart = 0;
  let rssWarm: number | null = null;
  const gcCost = { wall: 0, cpu: 0 };
  const warmupTurn = truth.clock === 'virtual' && truth.durationMs > WARMUP_MS ? WARMUP_MS / MICRO_TURN_MS - 1 : -1;
  let result: Awaited<ReturnType<typeof runLoopedSession>>;
  const stopOnAbort = { stop: () => {} };
  const onAbort = () => stopOnAbort.stop();
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    result = await runLoopedSession({
      clock,
      turns,
      audio: demoAudio(),
      model: model.model,
      imConfigPath: model.imConfigPath,
      timelinePath,
      outputWavPath,
      header: { bench: 'perf', tandemVersion: TANDEM_VERSION, model: model.model, label: model.label, clock: clock.mode, input: DEMO_USER_WAV.join('/'), looped: true, durationMs: truth.durationMs },
      beforeRun: () => {
        stopOnAbort.stop = () => clock.stop();
        if (context.signal?.aborted) clock.stop();
        gcNow();
        const m = process.memoryUsage();
        rssStart = m.rss;
        heapStart = m.heapUsed;
      },
      onTick: (measure) => {
        if (measure.turn !== warmupTurn) return;
        // The GC is part of measuring, not of the session: its time is taken out of the CPU and wall totals.
        const cpuBefore = process.cpuUsage();
        const wallBefore = performance.now();
        gcNow();
        rssWarm = process.memoryUsage().rss;
        const cpu = process.cpuUsage(cpuBefore);
        gcCost.wall += performance.now() - wallBefore;
        gcCost.cpu += (cpu.user + cpu.system) / 1000;
      },
    });
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
    rmSync(outputWavPath, { force: true });
  }
  gcNow();
  const end = process.memoryUsage();
  const summary: PerfRunSummary = {
    clock: result.stats.clock,
    model: model.model,
    ticks: result.stats.turns,
    virtualMs: result.stats.turns * MICRO_TURN_MS,
    wallMs: Math.round(result.wallMs - gcCost.wall),
    cpuMs: Math.round(result.cpuMs - gcCost.cpu),
    tickLatenessMs: result.stats.clock === 'realtime' ? describeLateness(result.lateness) : null,
    modelStepMs: result.stats.modelStep,
    engineOverheadMs: result.stats.engineOverhead,
    overruns: result.stats.overruns,
    modelErrors: result.stats.modelErrors,
    utterances: result.stats.utterances,
    cuts: result.stats.cuts,
    rssStartMb: mb(rssStart),
    rssWarmMb: rssWarm === null ? null : mb(rssWarm),
    gcExcludedMs: { wall: Math.round(gcCost.wall), cpu: Math.round(gcCost.cpu) },
    rssEndMb: mb(end.rss),
    heapStartMb: mb(heapStart),
    heapEndMb: mb(end.heapUsed),
    complete: result.stats.turns === turns,
    note: `Input: resources/${DEMO_USER_WAV.join('/')} looped; ${SAMPLE_RATE_HZ} Hz. output.wav is not kept (rendered and discarded).`,
  };
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (!summary.complete) throw new Error(`the ${truth.clock} session stopped after ${summary.ticks} of ${turns} ticks`);
  return { sample, model: model.label, outDir, events: readTimeline(timelinePath).events, summary };
}

function scorePerf(runs: SampleRun[]): SuiteResult {
  const metrics: Record<string, MetricValue> = {};
  const distributions: Record<string, number[]> = {};
  const notes: string[] = [];
  const value = (v: number | null | undefined, n: number, reason: string): MetricValue => (v === null || v === undefined ? { value: null, n: 0, missingReason: reason } : { value: v, n });
  for (const task of TASKS) {
    const run = runs.find((r) => r.sample.task === task);
    const noRun = `no ${task} run`;
    if (!run) {
      for (const d of metricsOf(task)) metrics[d.key] = { value: null, n: 0, missingReason: noRun };
      continue;
    }
    const s = run.summary as PerfRunSummary;
    const truth = run.sample.truth as PerfTruth;
    const k = (name: string) => `${task}.${name}`;
    if (s.tickLatenessMs) {
      metrics[k('tick_lateness_p50')] = value(s.tickLatenessMs.p50Ms, s.tickLatenessMs.ticks, 'no tick was measured');
      metrics[k('tick_lateness_p99')] = value(s.tickLatenessMs.p99Ms, s.tickLatenessMs.ticks, 'no tick was measured');
    } else {
      const reason = 'virtual clock: ticks are never late; see realtime';
      metrics[k('tick_lateness_p50')] = { value: null, n: 0, missingReason: reason };
      metrics[k('tick_lateness_p99')] = { value: null, n: 0, missingReason: reason };
    }
    metrics[k('step_p50')] = value(s.modelStepMs.p50Ms, s.modelStepMs.count, 'no model step was measured');
    metrics[k('step_p99')] = value(s.modelStepMs.p99Ms, s.modelStepMs.count, 'no model step was measured');
    metrics[k('engine_overhead_p99')] = value(s.engineOverheadMs.p99Ms, s.engineOverheadMs.count, 'no tick was measured');
    const latencies = responseLatencies(run.events, truth);
    const noAnswer = latencies.turnEnds === 0 ? 'the session has no end of a user turn' : `no turn end was followed by assistant audio before the user spoke again (${latencies.turnEnds} turn ends)`;
    metrics[k('eos_to_first_audio_p50')] = value(quantile(latencies.firstAudioMs, 0.5), latencies.firstAudioMs.length, noAnswer);
    metrics[k('eos_to_first_audio_p90')] = value(quantile(latencies.firstAudioMs, 0.9), latencies.firstAudioMs.length, noAnswer);
    metrics[k('eos_to_first_reply_p50')] = value(quantile(latencies.firstReplyMs, 0.5), latencies.firstReplyMs.length, latencies.turnEnds === 0 ? noAnswer : `no turn end was followed by a reply (not a backchannel) before the user spoke again (${latencies.turnEnds} turn ends)`);
    distributions[k('eos_to_first_audio')] = latencies.firstAudioMs;
    if (latencies.unanswered + latencies.alreadySpeaking > 0) {
      notes.push(`${task}: of ${latencies.turnEnds} turn ends, ${latencies.unanswered} got no assistant audio before the user spoke again and ${latencies.alreadySpeaking} found the assistant already speaking (both excluded from eos_to_first_*).`);
    }
    const share = s.wallMs > 0 ? Math.round((s.cpuMs / s.wallMs) * 1000) / 10 : null;
    metrics[k('cpu_share')] = value(share, 1, 'the run took no measurable wall time');
    if (task === 'virtual') {
      metrics[k('cpu_per_realtime')] = value(s.virtualMs > 0 ? Math.round((s.cpuMs / s.virtualMs) * 1000) / 10 : null, 1, 'the session had no ticks');
      metrics[k('rss_start')] = { value: s.rssStartMb, n: 1 };
      const tooShort = `the session is not longer than the ${WARMUP_MS / 60_000}-minute warm-up`;
      metrics[k('rss_warm')] = value(s.rssWarmMb, 1, tooShort);
      metrics[k('rss_end')] = { value: s.rssEndMb, n: 1 };
      metrics[k('rss_growth')] = value(s.rssWarmMb === null ? null : Math.round((s.rssEndMb - s.rssWarmMb) * 10) / 10, 1, tooShort);
      notes.push(`virtual: ${s.ticks} ticks (${s.virtualMs / 60_000} virtual minutes) in ${(s.wallMs / 1000).toFixed(1)} s of wall time; heap ${s.heapStartMb} → ${s.heapEndMb} MB.`);
    } else {
      metrics[k('overruns')] = { value: s.overruns, n: s.ticks };
    }
  }
  notes.push('Every model runs in the same process one after the other; RSS is the whole process\'s, measured after a forced full GC.');
  return { metrics, distributions, notes };
}

function prepare(options: { size: BenchSize; dataDir?: string; workDir: string }): Promise<{ samples: BenchSample[]; seeds: number[]; notes: string[] }> {
  if (options.dataDir) {
    throw new TandemError('USAGE', 'The perf suite has no external data', '--data', 'It loops the bundled demo recording; drop --data (or run --data with a suite that reads it, such as fdbench).');
  }
  const segments = readDemoSegments();
  const loopMs = Math.round((demoAudio().length / SAMPLE_RATE_HZ) * 1000);
  // One loop of the input as a scenario: what a timeline plot shows and what `tandem run` would replay.
  const scenarioPath = join(options.workDir, 'looped-demo.scenario.json');
  writeFileSync(
    scenarioPath,
    JSON.stringify({ version: 1, name: 'perf-loop', description: `One loop of the input the perf suite repeats for its sessions: resources/${DEMO_USER_WAV.join('/')}.`, mic: [{ file: resourcePath(...DEMO_USER_WAV), atMs: 0 }] }, null, 2) + '\n',
  );
  const size = PERF_SIZES[options.size];
  const sample = (task: PerfTask, durationMs: number): BenchSample => ({
    id: task === 'virtual' ? `looped-${durationMs / 60_000}min` : `looped-${durationMs / 1000}s`,
    task,
    input: scenarioPath,
    truth: { clock: task, durationMs, loopMs, segments } satisfies PerfTruth,
    seed: null,
  });
  return Promise.resolve({
    samples: [sample('virtual', size.virtualMs), sample('realtime', size.realtimeMs)],
    seeds: [],
    notes: [
      `Input: resources/${DEMO_USER_WAV.join('/')} (${loopMs} ms) looped as a live mic would deliver it; ${size.virtualMs / 60_000} virtual minutes, then ${size.realtimeMs / 1000} s on the real-time clock.`,
      `Ground-truth turn ends: ${segments.filter((s) => s.endsTurn).map((s) => `${s.id} at ${s.endMs} ms`).join(', ')} of each loop (resources/demo/README.md).`,
      'No randomness: the input is the same recording every time.',
    ],
  });
}

export const perfSuite: SelfRunningSuite = {
  name: 'perf',
  description: 'Engine and model cost over a long session of looped demo speech: model step and tick lateness, end of user turn → first assistant audio, CPU share, and memory over the session.',
  metrics: TASKS.flatMap(metricsOf),
  prepare,
  score: scorePerf,
  runSample: runPerfSample,
};
