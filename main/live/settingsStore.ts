// SettingsStore: the user's settings as one JSON file in the data folder, written atomically, never a reason to crash.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../../common/ipc';
import { defaultSessionsDir } from './liveSession';

/** A settings:set the contract refuses (reported to the user as is). */
export class SettingsError extends Error {
  constructor(
    readonly code: 'INVALID_PATCH' | 'WRITE_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SettingsError';
  }
}

/** settings.json next to the sessions folder: the same per-user data folder for the app, serve mode and the engine. */
export function defaultSettingsPath(sessionsDir: string = defaultSessionsDir()): string {
  return join(dirname(sessionsDir), 'settings.json');
}

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/** Applies a validated patch: top-level fields replace, permissions and tools merge key by key. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const permissions = { ...current.permissions };
  for (const key of ['microphone', 'camera', 'screen'] as const) {
    const value = patch.permissions?.[key];
    if (value !== undefined) permissions[key] = value;
  }
  return SettingsSchema.parse({
    interactionModel: patch.interactionModel ?? current.interactionModel,
    executionProvider: patch.executionProvider ?? current.executionProvider,
    permissions,
    showHud: patch.showHud ?? current.showHud,
    background: patch.background ?? current.background,
    tools: { ...current.tools, ...patch.tools },
    toolOptions: patch.toolOptions ?? current.toolOptions,
    voice: patch.voice ?? current.voice,
  });
}

export interface SettingsStoreOptions {
  /** The JSON file; default defaultSettingsPath(). */
  path?: string;
  /** Where a file that had to be set aside is reported (once); default stderr. */
  log?: (line: string) => void;
  /** Time used to name a set-aside file; tests pin it. */
  now?: () => Date;
}

/**
 * Reads the file once at construction; later reads come from memory, so the permission handlers can ask
 * synchronously. A file that is not JSON or not valid settings is renamed to settings.json.bad-<time>
 * (kept for the user to inspect), reported once with its path, and the defaults are used.
 */
export class SettingsStore {
  readonly path: string;
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();
  private readonly log: (line: string) => void;
  /** The path a broken file was moved to, if one was (for the UI and tests). */
  readonly setAside: string | null = null;

  constructor(options: SettingsStoreOptions = {}) {
    this.path = options.path ?? defaultSettingsPath();
    this.log = options.log ?? ((line) => process.stderr.write(`[tandem settings] ${line}\n`));
    const loaded = this.load(options.now ?? (() => new Date()));
    this.current = loaded.settings;
    this.setAside = loaded.setAside;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Validates `patch` against the contract, merges it, writes the file, then tells every listener. */
  set(patch: unknown): Settings {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      throw new SettingsError('INVALID_PATCH', `Settings not changed: ${z.prettifyError(parsed.error)}`);
    }
    const next = applySettingsPatch(this.current, parsed.data);
    this.write(next);
    this.current = next;
    for (const listener of this.listeners) {
      try {
        listener(this.get());
      } catch (error) {
        this.log(`a settings listener failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
    return this.get();
  }

  /** Called after every successful set with the new settings; returns its unsubscribe. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(now: () => Date): { settings: Settings; setAside: string | null } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`cannot read ${this.path} (${(error as Error).message}); using the defaults`);
      return { settings: defaultSettings(), setAside: null };
    }
    let problem: string;
    try {
      const result = SettingsSchema.safeParse(JSON.parse(text));
      if (result.success) return { settings: result.data, setAside: null };
      problem = z.prettifyError(result.error);
    } catch (error) {
      problem = `not JSON (${(error as Error).message})`;
    }
    const aside = `${this.path}.bad-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(this.path, aside);
      this.log(`${this.path} is not valid settings (${problem.replace(/\n/g, ' ')}); it was kept as ${aside} and the defaults are used. Fix or delete that file; settings you change now are saved fresh.`);
      return { settings: defaultSettings(), setAside: aside };
    } catch (error) {
      this.log(`${this.path} is not valid settings (${problem}) and could not be moved aside (${(error as Error).message}); using the defaults`);
      return { settings: defaultSettings(), setAside: null };
    }
  }

  /** Temp file in the same folder, then rename: a crash mid-write leaves the old file or the new one, never half of one. */
  private write(settings: Settings): void {
    const temp = `${this.path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new SettingsError('WRITE_FAILED', `Settings not saved: cannot write ${this.path} (${(error as Error).message}). Check that the folder is writable.`, { cause: error });
    }
  }
}

/**
 * The settings as the file holds them now, read-only (defaults when it is missing or broken; SettingsStore is the
 * one that sets a broken file aside). Electron's engine process reads the tools' settings this way: main owns the file.
 */
export function readSettingsSnapshot(path: string = defaultSettingsPath()): Settings {
  try {
    const result = SettingsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return result.success ? result.data : defaultSettings();
  } catch {
    return defaultSettings();
  }
}
