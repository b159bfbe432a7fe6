// Test helpers for the generated suites: temp work folders, file hashes of a sample folder, RMS of mic audio spans.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';

export function makeWorkDir(label: string): string {
  return fs.mkdtempSync(nodePath.join(os.tmpdir(), `tandem-suite-${label}-`));
}

export function removeWorkDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** SHA-256 of every file under `dir`, keyed by its path relative to `dir`. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const path = nodePath.join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[nodePath.relative(dir, path)] = createHash('sha256').update(fs.readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Largest RMS (dBFS) of 20 ms frames of 16 kHz audio within [fromMs, toMs). */
export function maxFrameDbfs(samples: Float32Array, fromMs: number, toMs: number): number {
  const frame = 320;
  let best = 0;
  for (let start = Math.max(0, Math.round(fromMs * 16)); start + frame <= Math.min(samples.length, Math.round(toMs * 16)); start += frame) {
    let energy = 0;
    for (let i = start; i < start + frame; i++) energy += samples[i] * samples[i];
    best = Math.max(best, Math.sqrt(energy / frame));
  }
  return best === 0 ? -Infinity : 20 * Math.log10(best);
}

/** RMS (dBFS) of 16 kHz audio within [fromMs, toMs). */
export function spanDbfs(samples: Float32Array, fromMs: number, toMs: number): number {
  const from = Math.max(0, Math.round(fromMs * 16));
  const to = Math.min(samples.length, Math.round(toMs * 16));
  let energy = 0;
  for (let i = from; i < to; i++) energy += samples[i] * samples[i];
  return 10 * Math.log10(energy / Math.max(1, to - from) + 1e-20);
}
