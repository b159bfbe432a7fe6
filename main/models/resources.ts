// Finds the bundled resources/ folder the same way from source (tests), from the built CLI and from a packaged app.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TandemError } from '../../common/errors';

let cached: string | undefined;

function isTandemRoot(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg) || !existsSync(join(dir, 'resources'))) return false;
  try {
    return JSON.parse(readFileSync(pkg, 'utf8')).name === 'tandem';
  } catch {
    return false;
  }
}

/**
 * The resources/ folder. TANDEM_RESOURCES_DIR wins (a packaged app sets it to its unpacked resources);
 * otherwise the nearest folder above this module that is Tandem's package root — the bundle's depth
 * differs from the source tree's, so no fixed relative path would be right for both.
 */
export function resourcesDir(): string {
  if (process.env.TANDEM_RESOURCES_DIR) return resolve(process.env.TANDEM_RESOURCES_DIR);
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    if (isTandemRoot(dir)) return (cached = join(dir, 'resources'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new TandemError(
    'INPUT_NOT_FOUND',
    "Cannot find Tandem's resources folder above the running code",
    fileURLToPath(import.meta.url),
    'Run Tandem from its package folder, or set TANDEM_RESOURCES_DIR to the folder that holds resources/.',
  );
}

export function resourcePath(...parts: string[]): string {
  return join(resourcesDir(), ...parts);
}

/** Tandem's per-user data folder on this platform (sessions, settings and models live under it). */
export function userDataDir(): string {
  const home = homedir();
  const base =
    process.platform === 'win32' ? (process.env.APPDATA ?? join(home, 'AppData', 'Roaming'))
    : process.platform === 'darwin' ? join(home, 'Library', 'Application Support')
    : (process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'tandem');
}
