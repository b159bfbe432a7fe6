// Runs the built `tandem` executable as a user would (node bin/tandem.js …), building it first when the build is stale.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const TANDEM_BIN = join(REPO_ROOT, 'bin/tandem.js');
export const BUILT_CLI = join(REPO_ROOT, 'out/main/cli.js');
export const DEMO_SCENARIO = join(REPO_ROOT, 'resources/demo/demo.scenario.json');
export const DEMO_DIR = join(REPO_ROOT, 'resources/demo');

/** What the CLI build is made from: a change to any of these makes out/main/cli.js stale. */
const BUILD_INPUTS = ['main', 'common', 'preload', 'renderer', 'bin', 'package.json', 'electron.vite.config.ts', 'tsconfig.json'];

export interface TandemResult {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  wallMs: number;
}

export interface TandemOptions {
  /** Working directory of the process (relative paths in args resolve against it). Default: the repo root. */
  cwd?: string;
  /** The process is killed (SIGKILL) and the promise rejects after this long. Default 30 s. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunningTandem {
  child: ChildProcess;
  /** Output so far (grows while the process runs). */
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<TandemResult>;
}

/** Starts `node bin/tandem.js ...args` and returns at once, for tests that signal the process while it runs. */
export function startTandem(args: readonly string[], options: TandemOptions = {}): RunningTandem {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = performance.now();
  const child = spawn(process.execPath, [TANDEM_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<TandemResult>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tandem ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, wallMs: performance.now() - started });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

/** Runs `node bin/tandem.js ...args` to completion. */
export function runTandem(args: readonly string[], options: TandemOptions = {}): Promise<TandemResult> {
  return startTandem(args, options).done;
}

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

function buildIsStale(): boolean {
  if (!existsSync(BUILT_CLI)) return true;
  const builtAt = statSync(BUILT_CLI).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(join(REPO_ROOT, input)) > builtAt);
}

// Test files run in parallel worker processes; the lock keeps them from building into out/ at the same time.
const BUILD_LOCK = join(tmpdir(), `tandem-cli-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 10)}.lock`);
const STALE_LOCK_MS = 180_000;

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A worker that died while building leaves its lock behind.
      const lock = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

function build(): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`npx electron-vite build failed (exit ${code}); the CLI tests need out/main/cli.js:\n${output}`));
    });
  });
}

/** Builds out/main/cli.js when it is missing or older than its sources; at most one build at a time across test files. */
export async function ensureBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  await withBuildLock(async () => {
    if (buildIsStale()) await build(); // another test file may have built it while this one waited
  });
}

/** Temp folders for one test file, removed together at the end. */
export class TempDirs {
  private readonly made: string[] = [];

  make(stem: string): string {
    const dir = mkdtempSync(join(tmpdir(), `tandem-cli-${stem}-`));
    this.made.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until `condition` holds, checking every `everyMs`; throws after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000, everyMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
