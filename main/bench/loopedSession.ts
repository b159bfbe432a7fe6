// Long benchmark sessions fed by a looped recording, and the measurements around them; shared by `tandem bench engine` and the perf suite.

import { cpus, freemem, totalmem, type as osType, release } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SAMPLES_PER_TURN } from '../../common/microturn';
import { WavStreamWriter } from '../engine/media/wavWriter';
import { readWavMono16k } from '../engine/media/wav';
import { LatencyHistogram } from '../engine/latencyHistogram';
import type { MicroTurnClock } from '../engine/microTurnClock';
import { Session, type InputProvider, type SessionStats, type TickMeasure } from '../engine/session';
import { Timeline, TimelineLog } from '../engine/timeline';
import { loadInteractionModel } from '../models/registry';
import { createPerception } from '../perception';
import { EspeakVoice } from '../models/speech/espeakVoice';
import { resourcePath } from '../models/resources';

/** Loops a recording as the mic, as a live capture would deliver it; benchmark input only. */
export class LoopingMic implements InputProvider {
  constructor(private readonly audio: Float32Array) {}
  beforeClose(session: Session, turn: number): void {
    const start = (turn * SAMPLES_PER_TURN) % this.audio.length;
    const end = start + SAMPLES_PER_TURN;
    if (end <= this.audio.length) session.pushMic(this.audio.subarray(start, end));
    else {
      session.pushMic(this.audio.subarray(start));
      session.pushMic(this.audio.subarray(0, end - this.audio.length));
    }
  }
}

export const DEMO_USER_WAV = ['demo', 'user.wav'] as const;

/** The demo's user.wav (21.8 s of speech with known segment times, resources/demo/README.md) at 16 kHz. */
export function demoAudio(): Float32Array {
  return readWavMono16k(resourcePath(...DEMO_USER_WAV)).samples;
}

export interface LoopedSessionOptions {
  clock: MicroTurnClock;
  turns: number;
  audio: Float32Array;
  /** Interaction model name (main/models/registry.ts). */
  model: string;
  imConfigPath?: string;
  timelinePath: string;
  /** Where the assistant's audio goes; benchmarks that do not keep it still write it, so the work is the same. */
  outputWavPath: string;
  header: Record<string, unknown>;
  onTick?: (measure: TickMeasure) => void;
  /** Called after the model is loaded, just before the first tick (a baseline for memory and CPU). */
  beforeRun?: () => void;
}

export interface LoopedSessionResult {
  stats: SessionStats;
  /** Lateness of every tick (real-time clock only; empty on the virtual clock, where no tick is late). */
  lateness: number[];
  /** Wall time and process CPU time (user + system) spent inside session.run(). */
  wallMs: number;
  cpuMs: number;
}

export async function runLoopedSession(options: LoopedSessionOptions): Promise<LoopedSessionResult> {
  const model = await loadInteractionModel(options.model, { configPath: options.imConfigPath });
  // The engine benchmarks measure the loop as users run it: with the embedded voice synthesizing on its thread.
  const voice = await EspeakVoice.create();
  const output = new WavStreamWriter(options.outputWavPath);
  const lateness: number[] = [];
  const { clock } = options;
  const session = new Session({
    model,
    voice,
    perception: createPerception(),
    timeline: new Timeline(new TimelineLog(options.timelinePath)),
    clock,
    maxTurns: options.turns,
    header: { ...options.header, voice: voice.name },
    inputProvider: new LoopingMic(options.audio),
    onOutputChunk: (_turn, samples) => output.write(samples),
    onTickMeasured: (m) => {
      if (clock.mode === 'realtime') lateness.push(m.latenessMs);
      options.onTick?.(m);
    },
  });
  options.beforeRun?.();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let stats: SessionStats;
  try {
    stats = await session.run();
  } finally {
    output.close();
  }
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  await model.dispose();
  await voice.dispose();
  return { stats, lateness, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** Lateness percentiles (nearest rank, 10 µs buckets) and the last tick's lateness, which shows drift. */
export function describeLateness(values: number[]) {
  const histogram = new LatencyHistogram();
  for (const v of values) histogram.record(v);
  const s = histogram.summary();
  return { ticks: values.length, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, lastTickLatenessMs: round3(values[values.length - 1] ?? null) };
}

/** A full garbage collection now, so RSS and heap readings are not at the mercy of GC timing. */
export function gcNow(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

export interface MachineDescription {
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  node: string;
}

export function describeMachine(): MachineDescription {
  return { os: `${osType()} ${release()}`, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), freeMemoryGb: Math.round(freemem() / 2 ** 30), node: process.version };
}
