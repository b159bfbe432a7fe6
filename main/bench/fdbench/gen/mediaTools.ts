// Runs the media tools the generator needs (espeak-ng, flite, sox) as child processes, at most two at a time.

import { execFile } from 'node:child_process';
import { TandemError } from '../../../../common/errors';

/** The command-line tools the generated suite is made with, and the Debian package that provides each. */
export const MEDIA_TOOLS = {
  'espeak-ng': { aptPackage: 'espeak-ng', versionArgs: ['--version'] },
  // flite prints its version and then exits with status 1; the probe accepts that.
  flite: { aptPackage: 'flite', versionArgs: ['--version'] },
  sox: { aptPackage: 'sox', versionArgs: ['--version'] },
} as const;

export type MediaToolName = keyof typeof MEDIA_TOOLS;

/** The machine has 2 cores; more concurrent synthesizers only make each one slower. */
export const MAX_CONCURRENT_TOOLS = 2;

/** A counting semaphore: `run` waits for a free slot before starting its job. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export interface ToolRunner {
  /** Runs `tool args…` and resolves with its stdout; rejects with a TandemError naming the tool on failure. */
  run(tool: MediaToolName, args: string[]): Promise<string>;
}

/** Executables to run instead of the names on PATH (tests point one at a missing file). */
export type MediaToolPaths = Partial<Record<MediaToolName, string>>;

export function createToolRunner(paths: MediaToolPaths = {}, limit = MAX_CONCURRENT_TOOLS): ToolRunner {
  const slots = new ConcurrencyLimit(limit);
  return {
    run: (tool, args) => slots.run(() => execTool(tool, paths[tool] ?? tool, args)),
  };
}

function execTool(tool: MediaToolName, executable: string, args: string[], options: { anyExitStatus?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(missingTool(tool, executable, error));
        return;
      }
      if (options.anyExitStatus && typeof (error as { code?: unknown }).code === 'number') {
        resolve(`${stdout}\n${stderr}`);
        return;
      }
      reject(
        new TandemError(
          'MEDIA_INVALID',
          `${tool} failed (${String(stderr || error.message).trim().split('\n').slice(-2).join(' ')})`,
          `${tool} ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`,
          'This is a generator bug or a broken installation of the tool; rerun the command above by hand to see its full output.',
          { cause: error },
        ),
      );
    });
  });
}

function missingTool(tool: MediaToolName, executable: string, cause?: unknown): TandemError {
  const pkg = MEDIA_TOOLS[tool].aptPackage;
  return new TandemError(
    'MEDIA_TOOL_MISSING',
    `The generated Full-Duplex-Bench suite is made with ${tool}, but "${executable}" was not found${executable === tool ? ' on PATH' : ''}`,
    executable,
    `Install it: \`apt-get install -y ${pkg}\` (the suite needs all of: apt-get install -y espeak-ng flite sox).`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Checks every tool once before generation starts, so a missing one is reported up front (with the
 * package to install) rather than halfway through. Returns each tool's version line for the manifest.
 */
export async function checkMediaTools(paths: MediaToolPaths = {}): Promise<Record<MediaToolName, string>> {
  const versions = {} as Record<MediaToolName, string>;
  for (const tool of Object.keys(MEDIA_TOOLS) as MediaToolName[]) {
    const out = await execTool(tool, paths[tool] ?? tool, [...MEDIA_TOOLS[tool].versionArgs], { anyExitStatus: true });
    versions[tool] = versionLine(out);
  }
  return versions;
}

function versionLine(text: string): string {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const line = lines.find((candidate) => /version/i.test(candidate)) ?? lines[0] ?? 'unknown';
  return line.replace(/\s+Data at:.*$/, '').trim();
}
