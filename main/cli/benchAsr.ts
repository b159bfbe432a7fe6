// `tandem bench asr`: the speech recognizer's real-time factor on the CPU, written to DIR/asr.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAsr, type AsrBenchOptions, type AsrBenchResult } from '../models/asr/asr.bench';
import { prepareOutDir, TANDEM_VERSION } from './runInput';

export async function runAsrBench(options: { outDir: string } & AsrBenchOptions): Promise<{ path: string; result: AsrBenchResult }> {
  const outDir = prepareOutDir(options.outDir);
  const result = await benchAsr(options);
  const path = join(outDir, 'asr.json');
  writeFileSync(path, JSON.stringify({ tandemVersion: TANDEM_VERSION, generatedAt: new Date().toISOString(), command: 'tandem bench asr', ...result }, null, 2) + '\n');
  return { path, result };
}

/** The lines `tandem bench asr` prints. */
export function describeAsrBench(result: AsrBenchResult): string[] {
  return [
    `ASR real-time factor (${result.model.kind}; ${result.runtime}; ${result.machine.cpu}):`,
    ...result.segments.map((s) => `  ${s.audioMs / 1000} s segment: ${s.tokens} tokens, p50 ${s.p50Ms} ms (RTF ${s.realTimeFactor}, ${s.msPerToken} ms/token)`),
    `  streamed ${result.streaming.audioMs / 1000} s, re-decoded every ${result.streaming.partialEveryTurns} micro-turns: ${result.streaming.decodes} decodes, ${result.streaming.totalDecodeMs} ms (RTF ${result.streaming.realTimeFactor}), longest ${result.streaming.longestDecodeMs} ms`,
  ];
}
