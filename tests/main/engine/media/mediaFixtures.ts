// Test helpers for media tests: temp folders, real media made with sox/ffmpeg, tone measurements, error assertions.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { expect } from 'vitest';
import { TandemError, type TandemErrorCode } from '../../../../common/errors';

/** A fresh folder under the OS temp folder; remove it with `removeTempDir`. */
export function makeTempDir(label: string): string {
  return fs.mkdtempSync(nodePath.join(os.tmpdir(), `tandem-test-${label}-`));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs a media tool and fails the test with its stderr if it fails. */
export function runTool(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  }
}

export function ffmpeg(...args: string[]): void {
  runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);
}

/** Power of one frequency in a signal (Goertzel), normalised so a sine of amplitude A gives about A. */
export function toneAmplitude(samples: Float32Array, frequencyHz: number, rateHz: number): number {
  const omega = (2 * Math.PI * frequencyHz) / rateHz;
  const coeff = 2 * Math.cos(omega);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(power, 0))) / samples.length;
}

export function zeroCrossings(samples: Float32Array): number {
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i - 1] < 0 && samples[i] >= 0) || (samples[i - 1] >= 0 && samples[i] < 0)) count++;
  }
  return count;
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Calls `run` and checks it throws a TandemError with `code` whose message contains every string in `mentions`. */
export function expectTandemError(run: () => unknown, code: TandemErrorCode, mentions: string[] = []): TandemError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  return checkTandemError(caught, code, mentions);
}

export async function expectTandemErrorAsync(run: () => Promise<unknown>, code: TandemErrorCode, mentions: string[] = []): Promise<TandemError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  return checkTandemError(caught, code, mentions);
}

function checkTandemError(caught: unknown, code: TandemErrorCode, mentions: string[]): TandemError {
  expect(caught, 'expected a TandemError to be thrown').toBeInstanceOf(TandemError);
  const error = caught as TandemError;
  expect(error.code, error.message).toBe(code);
  for (const mention of mentions) expect(error.message).toContain(mention);
  expect(error.hint.length, 'the error says what to do').toBeGreaterThan(10);
  return error;
}
