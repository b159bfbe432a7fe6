// `tandem bench engine`: tick lateness under CPU load, engine overhead, dMel and harness step time, memory over a long session.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { MICRO_TURN_MS } from '../../common/microturn';
import { RealtimeMicroTurnClock, VirtualMicroTurnClock, type MicroTurnClock } from '../engine/microTurnClock';
import type { SessionStats } from '../engine/session';
import { benchDmel } from '../perception/dmel.bench';
import { demoAudio, describeLateness, describeMachine, gcNow, runLoopedSession } from '../bench/loopedSession';
import { prepareOutDir, TANDEM_VERSION } from './runInput';

export interface EngineBenchOptions {
  outDir: string;
  realtimeSeconds: number;
  virtualHours: number;
}

/** Keeps every core busy for `seconds` in separate processes that end by themselves. */
function startCpuLoad(processes: number, seconds: number): ChildProcess[] {
  const code = `const end = Date.now() + ${Math.ceil(seconds * 1000)}; let x = 0; while (Date.now() < end) { x = (x * 1103515245 + 12345) % 2147483648; }`;
  return Array.from({ length: processes }, () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' }));
}

async function runBenchSession(clock: MicroTurnClock, turns: number, audio: Float32Array, scratch: string, onTurn?: (turn: number) => void) {
  const { stats, lateness } = await runLoopedSession({
    clock,
    turns,
    audio,
    model: 'harness',
    timelinePath: join(scratch, `timeline-${clock.mode}-${turns}.jsonl`),
    outputWavPath: join(scratch, `output-${clock.mode}.wav`),
    header: { bench: 'engine' },
    onTick: (m) => onTurn?.(m.turn),
  });
  return { stats, lateness };
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export async function runEngineBench(options: EngineBenchOptions): Promise<void> {
  const outDir = prepareOutDir(options.outDir);
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const audio = demoAudio();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    // 1. Real time, idle machine, then with every core kept busy by other processes.
    const realtimeTurns = Math.round((options.realtimeSeconds * 1000) / MICRO_TURN_MS);
    const idleTurns = Math.min(realtimeTurns, 100);
    log(`real-time clock, idle machine: ${idleTurns} ticks…`);
    const idle = await runBenchSession(new RealtimeMicroTurnClock(), idleTurns, audio, scratch);
    const loadProcesses = cpus().length;
    log(`real-time clock, ${loadProcesses} busy processes: ${realtimeTurns} ticks (${options.realtimeSeconds} s)…`);
    const load = startCpuLoad(loadProcesses, options.realtimeSeconds + 5);
    let loaded: Awaited<ReturnType<typeof runBenchSession>>;
    try {
      loaded = await runBenchSession(new RealtimeMicroTurnClock(), realtimeTurns, audio, scratch);
    } finally {
      for (const child of load) child.kill('SIGKILL');
    }

    // 2. Engine overhead, dMel and harness step on the virtual clock (5 minutes of audio).
    log('virtual clock: 1500 ticks for step and overhead times…');
    const virtual = await runBenchSession(new VirtualMicroTurnClock(), 1500, audio, scratch);
    const dmel = benchDmel(2000);

    // 3. Memory: RSS after 5 virtual minutes and after the long session, in one run.
    const totalTurns = Math.round((options.virtualHours * 3600_000) / MICRO_TURN_MS);
    const fiveMinuteTurn = Math.round(300_000 / MICRO_TURN_MS);
    log(`virtual clock: ${totalTurns} ticks (${options.virtualHours} h) for memory…`);
    let rssAt5MinMb = 0;
    const memorySeries: Array<{ virtualMinutes: number; rssMb: number; heapUsedMb: number; externalMb: number; heapTotalMb: number; newSpaceMb: number }> = [];
    let heapAt5MinMb = 0;
    const memoryStarted = performance.now();
    const longRun = await runBenchSession(new VirtualMicroTurnClock(), totalTurns, audio, scratch, (turn) => {
      if (turn === fiveMinuteTurn - 1) {
        gcNow();
        rssAt5MinMb = process.memoryUsage().rss / 2 ** 20;
        heapAt5MinMb = process.memoryUsage().heapUsed / 2 ** 20;
      }
      if (turn % 3000 === 2999) {
        gcNow();
        const m = process.memoryUsage();
        const minutes = Math.round(((turn + 1) * MICRO_TURN_MS) / 60_000);
        memorySeries.push({ virtualMinutes: minutes, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), heapTotalMb: mb(m.heapTotal), newSpaceMb: mb(getHeapSpaceStatistics().find((x) => x.space_name === 'new_space')?.space_size ?? 0) });
        log(`  ${minutes} virtual minutes: RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, heapTotal ${mb(m.heapTotal)} MB`);
      }
    });
    const memoryWallS = (performance.now() - memoryStarted) / 1000;
    gcNow();
    const rssEndMb = process.memoryUsage().rss / 2 ** 20;
    const heapEndMb = process.memoryUsage().heapUsed / 2 ** 20;

    const pick = (s: SessionStats['modelStep']) => ({ p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs });
    const loadedLateness = describeLateness(loaded.lateness);
    const result = {
      benchmark: 'engine',
      tandemVersion: TANDEM_VERSION,
      date: new Date().toISOString(),
      machine: describeMachine(),
      realtimeIdle: { ...describeLateness(idle.lateness), overruns: idle.stats.overruns },
      realtimeUnderLoad: {
        busyProcesses: loadProcesses,
        ...loadedLateness,
        overruns: loaded.stats.overruns,
        engineOverhead: pick(loaded.stats.engineOverhead),
        harnessStep: pick(loaded.stats.modelStep),
        targets: { p99Ms: 2, lastTickWithinMs: 2 },
        met: (loadedLateness.p99Ms ?? Infinity) <= 2 && Math.abs(loadedLateness.lastTickLatenessMs ?? Infinity) <= 2,
      },
      virtual: {
        ticks: virtual.stats.turns,
        wallSecondsPerVirtualHour: null as number | null,
        engineOverhead: { ...pick(virtual.stats.engineOverhead), targetP99Ms: 3, met: (virtual.stats.engineOverhead.p99Ms ?? Infinity) <= 3 },
        harnessStep: pick(virtual.stats.modelStep),
        dmelInSession: pick(virtual.stats.dmel),
      },
      dmelMicrobench: { iterations: dmel.iterations, p50Ms: round(dmel.p50Ms), p99Ms: round(dmel.p99Ms), maxMs: round(dmel.maxMs), targetMs: 0.5, met: dmel.p99Ms <= 0.5 },
      memory: {
        virtualHours: options.virtualHours,
        ticks: longRun.stats.turns,
        rssAfter5MinMb: Math.round(rssAt5MinMb * 10) / 10,
        rssAfterLongSessionMb: Math.round(rssEndMb * 10) / 10,
        rssGrowthMb: Math.round((rssEndMb - rssAt5MinMb) * 10) / 10,
        heapAfter5MinMb: Math.round(heapAt5MinMb * 10) / 10,
        heapAfterLongSessionMb: Math.round(heapEndMb * 10) / 10,
        targetGrowthMb: 20,
        met: rssEndMb - rssAt5MinMb <= 20,
        wallSeconds: Math.round(memoryWallS),
        /** After a forced GC every 10 virtual minutes: a plateau is a warm-up, a slope is a leak. */
        series: memorySeries,
      },
    };
    result.virtual.wallSecondsPerVirtualHour = Math.round((memoryWallS / options.virtualHours) * 10) / 10;
    const jsonPath = join(outDir, 'engine.json');
    writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(outDir, 'engine.md'), engineMarkdown(result));
    log(engineMarkdown(result));
    log(`wrote ${jsonPath}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function engineMarkdown(r: any): string {
  const yes = (b: boolean) => (b ? 'met' : '**missed**');
  return [
    `### Engine benchmark (${r.date.slice(0, 10)}, ${r.machine.cores} cores, ${r.machine.cpu}, Node ${r.machine.node})`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| tick lateness, real time, idle (p50 / p99 / max) | ${r.realtimeIdle.p50Ms} / ${r.realtimeIdle.p99Ms} / ${r.realtimeIdle.maxMs} ms over ${r.realtimeIdle.ticks} ticks | — |`,
    `| tick lateness, real time, ${r.realtimeUnderLoad.busyProcesses} busy processes (p50 / p99 / max) | ${r.realtimeUnderLoad.p50Ms} / ${r.realtimeUnderLoad.p99Ms} / ${r.realtimeUnderLoad.maxMs} ms over ${r.realtimeUnderLoad.ticks} ticks, ${r.realtimeUnderLoad.overruns} overruns | p99 ≤ 2 ms (${yes(r.realtimeUnderLoad.p99Ms <= 2)}) |`,
    `| drift: lateness of the last tick (#${r.realtimeUnderLoad.ticks}) under load | ${r.realtimeUnderLoad.lastTickLatenessMs} ms | ≤ 2 ms (${yes(Math.abs(r.realtimeUnderLoad.lastTickLatenessMs) <= 2)}) |`,
    `| engine overhead per tick, excluding the model (p50 / p99) | ${r.virtual.engineOverhead.p50Ms} / ${r.virtual.engineOverhead.p99Ms} ms | p99 ≤ 3 ms (${yes(r.virtual.engineOverhead.met)}) |`,
    `| engine overhead under load (p50 / p99) | ${r.realtimeUnderLoad.engineOverhead.p50Ms} / ${r.realtimeUnderLoad.engineOverhead.p99Ms} ms | — |`,
    `| dMel per 200 ms chunk (p50 / p99) | ${r.dmelMicrobench.p50Ms} / ${r.dmelMicrobench.p99Ms} ms | ≤ 0.5 ms (${yes(r.dmelMicrobench.met)}) |`,
    `| harness step (Silero VAD + rules) (p50 / p99) | ${r.virtual.harnessStep.p50Ms} / ${r.virtual.harnessStep.p99Ms} ms | — |`,
    `| RSS after 5 virtual minutes → after ${r.memory.virtualHours} virtual hours | ${r.memory.rssAfter5MinMb} → ${r.memory.rssAfterLongSessionMb} MB (growth ${r.memory.rssGrowthMb} MB) | growth ≤ 20 MB (${yes(r.memory.met)}) |`,
    `| virtual clock speed | ${r.virtual.wallSecondsPerVirtualHour} s of wall time per virtual hour | — |`,
    '',
  ].join('\n');
}
