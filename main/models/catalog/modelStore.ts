// The local model store: which catalog models are installed, pulling them (resumable, verified, disk-checked), verifying, removing, and resolving verified paths for loaders.

import { userDataDir } from '../resources';
import { join, resolve as resolvePath, dirname } from 'node:path';
import { mkdir, open, readFile, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Catalog, CatalogFile, CatalogModel, ModelRole } from './catalogSchema';
import { downloadFile, hashFile, partPathOf, type FileDownloadProgress } from './fileDownload';
import { ModelStoreError, isModelStoreError } from './modelStoreErrors';

/** The store's own record of a model's verified files, kept in `<model>/.tandem-model.json`. */
const MANIFEST_NAME = '.tandem-model.json';
const LOCK_NAME = '.tandem-pull.lock';

const manifestSchema = z.strictObject({
  version: z.literal(1),
  name: z.string(),
  files: z.record(
    z.string(),
    z.strictObject({
      sha256: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      /** True when the catalog had no checksum and this one was recorded on first download (trust on first use). */
      pinnedOnFirstDownload: z.boolean(),
      /** The file's mtime when it was last hashed: resolve() re-hashes only a file that changed since. */
      mtimeMs: z.number(),
      url: z.string(),
    }),
  ),
});
type Manifest = z.infer<typeof manifestSchema>;

export type InstallState = 'installed' | 'partial' | 'absent';

export interface ModelListEntry {
  name: string;
  role: ModelRole;
  description: string;
  licence: string;
  default: boolean;
  /** Sum of the files' sizes (exact where known, else the size the source displays). */
  totalBytes: number;
  /** False when some file's size is not known before downloading (totalBytes is then a lower bound). */
  totalBytesKnown: boolean;
  /** Bytes of this model on disk now (complete files and partial downloads). */
  installedBytes: number;
  /** installed: every file present and recorded as verified; partial: some bytes on disk; absent: nothing. */
  state: InstallState;
  dir: string;
  /** Files whose checksum the catalog does not publish (pinned on first download). */
  unpublishedChecksums: number;
}

export type PullPhase = 'checking' | 'downloading' | 'verifying' | 'done';

export interface PullProgress {
  model: string;
  phase: PullPhase;
  /** The file being worked on (relative to the model's folder), null between files. */
  file: string | null;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the whole model on disk so far, and its total (exact or displayed sizes). */
  bytesDone: number;
  bytesTotal: number;
  /** Network rate of this pull, bytes per second, averaged since the current file's transfer began. */
  rateBytesPerS: number;
}

export interface PullOptions {
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
}

export interface PullResult {
  name: string;
  /** Files fetched now (the rest were already present and verified). */
  downloaded: string[];
  /** Files whose checksum was recorded now because the catalog publishes none. */
  pinned: string[];
}

export interface VerifyFileResult {
  path: string;
  status: 'ok' | 'missing' | 'mismatch';
  expectedSha256: string | null;
  actualSha256: string | null;
}

export interface VerifyResult {
  name: string;
  ok: boolean;
  files: VerifyFileResult[];
}

export interface ResolvedModel {
  name: string;
  role: ModelRole;
  dir: string;
  /** Absolute path of each catalog file, keyed by its catalog path. */
  files: Record<string, string>;
}

export interface FreeSpace {
  /** Bytes available to this user on the file system that holds the path. */
  freeBytes: number;
}

export interface ModelStoreOptions {
  catalog: Catalog;
  /** Where models live; default defaultModelsDir() (TANDEM_MODELS_DIR wins over the platform folder). */
  modelsDir?: string;
  /** Free space on the file system of a path; tests inject a small number. Default: fs.statfs. */
  freeSpace?: (path: string) => Promise<FreeSpace>;
  /** No byte for this long → the attempt counts as stalled. Default 30 s. */
  stallTimeoutMs?: number;
  /** Attempts per file when the connection drops or stalls (each resumes with Range). Default 3. */
  attemptsPerFile?: number;
  /** Wait before a retry. Default 1 s. */
  retryDelayMs?: number;
  fetchImpl?: typeof fetch;
}

/** The user data folder models go to (userDataDir()/models), unless TANDEM_MODELS_DIR says otherwise. */
export function defaultModelsDir(): string {
  if (process.env.TANDEM_MODELS_DIR) return resolvePath(process.env.TANDEM_MODELS_DIR);
  return join(userDataDir(), 'models');
}

async function statfsFreeSpace(path: string): Promise<FreeSpace> {
  const info = await statfs(path);
  return { freeBytes: Number(info.bavail) * Number(info.bsize) };
}

/** The nearest existing folder at or above `path` (statfs needs one that exists). */
async function existingAncestor(path: string): Promise<string> {
  let current = resolvePath(path);
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** The size to plan with: exact, else displayed, else 0 (then the disk check waits for Content-Length). */
const fileBytes = (file: CatalogFile): number => file.sizeBytes ?? file.approxBytes ?? 0;

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ModelStore {
  readonly modelsDir: string;
  private readonly catalog: Catalog;
  private readonly freeSpace: (path: string) => Promise<FreeSpace>;
  private readonly stallTimeoutMs: number;
  private readonly attemptsPerFile: number;
  private readonly retryDelayMs: number;
  private readonly fetchImpl: typeof fetch | undefined;
  /** Pulls and removals in this process, per model: the next one waits for the running one. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(options: ModelStoreOptions) {
    this.catalog = options.catalog;
    this.modelsDir = resolvePath(options.modelsDir ?? defaultModelsDir());
    this.freeSpace = options.freeSpace ?? statfsFreeSpace;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.attemptsPerFile = options.attemptsPerFile ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.fetchImpl = options.fetchImpl;
  }

  /** The catalog entry of a model; an unknown name lists the known ones. */
  model(name: string): CatalogModel {
    const model = this.catalog.models.find((entry) => entry.name === name);
    if (!model) {
      throw new ModelStoreError('UNKNOWN_MODEL', `Unknown model "${name}"`, 'model catalog', `Known models: ${this.catalog.models.map((m) => m.name).join(', ')}.`);
    }
    return model;
  }

  /** The default model of a role, if the catalog names one. */
  defaultFor(role: ModelRole): CatalogModel | undefined {
    return this.catalog.models.find((model) => model.role === role && model.default);
  }

  modelDir(name: string): string {
    return join(this.modelsDir, this.model(name).name);
  }

  /** Every catalog model with what is on disk (no hashing: verify() does that). */
  async list(): Promise<ModelListEntry[]> {
    const entries: ModelListEntry[] = [];
    for (const model of this.catalog.models) {
      const dir = join(this.modelsDir, model.name);
      const manifest = await this.readManifest(model.name);
      let installedBytes = 0;
      let complete = true;
      for (const file of model.files) {
        const finalSize = await fileSize(join(dir, file.path));
        const partSize = await fileSize(partPathOf(join(dir, file.path)));
        installedBytes += (finalSize ?? 0) + (partSize ?? 0);
        const recorded = manifest?.files[file.path];
        if (finalSize === null || !recorded || recorded.sizeBytes !== finalSize) complete = false;
      }
      entries.push({
        name: model.name,
        role: model.role,
        description: model.description,
        licence: model.licence,
        default: model.default,
        totalBytes: model.files.reduce((sum, file) => sum + fileBytes(file), 0),
        totalBytesKnown: model.files.every((file) => file.sizeBytes !== null || file.approxBytes !== null),
        installedBytes,
        state: complete ? 'installed' : installedBytes > 0 ? 'partial' : 'absent',
        dir,
        unpublishedChecksums: model.files.filter((file) => file.sha256 === null).length,
      });
    }
    return entries;
  }

  /**
   * Downloads whatever of the model is missing, resuming partial files, and records each verified
   * file. Nothing is fetched for a file that is present and unchanged since it was verified.
   */
  pull(name: string, options: PullOptions = {}): Promise<PullResult> {
    const model = this.model(name);
    return this.exclusive(model.name, () => this.pullLocked(model, options));
  }

  /** Re-hashes every file of the model and compares with the catalog (or the hash pinned on first download). */
  async verify(name: string): Promise<VerifyResult> {
    const model = this.model(name);
    const dir = join(this.modelsDir, model.name);
    const manifest = await this.readManifest(model.name);
    const files: VerifyFileResult[] = [];
    for (const file of model.files) {
      const path = join(dir, file.path);
      const expected = file.sha256 ?? manifest?.files[file.path]?.sha256 ?? null;
      if ((await fileSize(path)) === null) {
        files.push({ path: file.path, status: 'missing', expectedSha256: expected, actualSha256: null });
        continue;
      }
      const actual = await hashFile(path);
      const ok = expected !== null && actual.sha256 === expected && (file.sizeBytes === null || actual.sizeBytes === file.sizeBytes);
      files.push({ path: file.path, status: ok ? 'ok' : 'mismatch', expectedSha256: expected, actualSha256: actual.sha256 });
      if (ok && manifest?.files[file.path]) manifest.files[file.path].mtimeMs = (await stat(path)).mtimeMs;
    }
    if (manifest) await this.writeManifest(model.name, manifest);
    return { name: model.name, ok: files.every((file) => file.status === 'ok'), files };
  }

  /** Deletes the model's folder (complete and partial files). Returns whether there was anything to delete. */
  remove(name: string): Promise<{ name: string; removed: boolean; freedBytes: number }> {
    const model = this.model(name);
    return this.exclusive(model.name, async () => {
      const dir = join(this.modelsDir, model.name);
      if ((await fileSize(dir)) === null) return { name: model.name, removed: false, freedBytes: 0 };
      // The same lock as a pull: a pull in another process is never pulled out from under.
      return this.withLockFile(model.name, async () => {
        const freedBytes = await folderBytes(dir);
        await rm(dir, { recursive: true, force: true });
        return { name: model.name, removed: true, freedBytes };
      });
    });
  }

  /**
   * Where a model's files are, once they are verified: what the ASR, TTS and LLM loaders ask. A file
   * that changed since it was verified (size or mtime) is hashed again before its path is handed out.
   */
  async resolve(name: string): Promise<ResolvedModel> {
    const model = this.model(name);
    const dir = join(this.modelsDir, model.name);
    const manifest = await this.readManifest(model.name);
    const files: Record<string, string> = {};
    let manifestChanged = false;
    for (const file of model.files) {
      const path = join(dir, file.path);
      const recorded = manifest?.files[file.path];
      const info = await stat(path).catch(() => null);
      if (!info || !recorded) {
        throw new ModelStoreError('NOT_INSTALLED', `Model "${model.name}" is not installed (${file.path} is missing)`, dir, `Run \`npx tandem models pull ${model.name}\`.`);
      }
      if ((file.sha256 !== null && recorded.sha256 !== file.sha256) || recorded.url !== file.url) {
        throw new ModelStoreError('NOT_INSTALLED', `Model "${model.name}" has a newer version in the catalog (${file.path} changed)`, dir, `Run \`npx tandem models pull ${model.name}\`.`);
      }
      if (info.size !== recorded.sizeBytes || info.mtimeMs !== recorded.mtimeMs) {
        const actual = await hashFile(path);
        if (actual.sha256 !== recorded.sha256) {
          throw new ModelStoreError(
            'CORRUPT',
            `${file.path} of model "${model.name}" changed on disk (sha256 ${actual.sha256}, expected ${recorded.sha256})`,
            path,
            `Run \`npx tandem models remove ${model.name}\` and \`npx tandem models pull ${model.name}\`.`,
          );
        }
        recorded.mtimeMs = info.mtimeMs;
        manifestChanged = true;
      }
      files[file.path] = path;
    }
    if (manifestChanged && manifest) await this.writeManifest(model.name, manifest);
    return { name: model.name, role: model.role, dir, files };
  }

  // ---- internals ----

  private async pullLocked(model: CatalogModel, options: PullOptions): Promise<PullResult> {
    const dir = join(this.modelsDir, model.name);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new ModelStoreError('STORE_UNWRITABLE', `Cannot create the model folder: ${(error as Error).message}`, dir, 'Set TANDEM_MODELS_DIR to a folder you can write to.');
    }
    return this.withLockFile(model.name, async () => {
      const manifest = (await this.readManifest(model.name)) ?? { version: 1 as const, name: model.name, files: {} };
      // Planned from the catalog, corrected as the server tells (Content-Length) and as files complete.
      let bytesTotal = model.files.reduce((sum, file) => sum + fileBytes(file), 0);
      const emit = (progress: Omit<PullProgress, 'model' | 'fileCount' | 'bytesTotal'>, fileTotalCorrection = 0) =>
        options.onProgress?.({ model: model.name, fileCount: model.files.length, bytesTotal: bytesTotal + fileTotalCorrection, ...progress });

      // Which files are already there and verified; only the rest count against the disk space.
      emit({ phase: 'checking', file: null, fileIndex: 0, bytesDone: 0, rateBytesPerS: 0 });
      const todo: CatalogFile[] = [];
      let bytesPresent = 0;
      for (const file of model.files) {
        if (await this.isPresentAndVerified(dir, file, manifest)) bytesPresent += fileBytes(file);
        else todo.push(file);
      }
      if (todo.length === 0) {
        emit({ phase: 'done', file: null, fileIndex: model.files.length, bytesDone: bytesTotal, rateBytesPerS: 0 });
        return { name: model.name, downloaded: [], pinned: [] };
      }
      let bytesNeeded = 0;
      for (const file of todo) bytesNeeded += Math.max(0, fileBytes(file) - ((await fileSize(partPathOf(join(dir, file.path)))) ?? 0));
      await this.checkSpace(dir, bytesNeeded, model.name);

      const downloaded: string[] = [];
      const pinned: string[] = [];
      let bytesDoneBefore = bytesPresent;
      for (const file of todo) {
        const fileIndex = model.files.indexOf(file);
        const finalPath = join(dir, file.path);
        await mkdir(dirname(finalPath), { recursive: true });
        await rm(finalPath, { force: true }); // a present file that failed its check is replaced
        const result = await this.downloadWithRetries(model.name, file, finalPath, options, (progress, rateBytesPerS) =>
          emit(
            { phase: 'downloading', file: file.path, fileIndex, bytesDone: bytesDoneBefore + progress.fileBytesDone, rateBytesPerS },
            progress.fileBytesTotal === null ? 0 : progress.fileBytesTotal - fileBytes(file),
          ),
        );
        bytesTotal += result.sizeBytes - fileBytes(file);
        emit({ phase: 'verifying', file: file.path, fileIndex, bytesDone: bytesDoneBefore + result.sizeBytes, rateBytesPerS: 0 });
        if (file.sha256 === null) {
          // No published checksum: this download becomes the reference from now on (trust on first use).
          const earlier = manifest.files[file.path];
          if (earlier && earlier.url === file.url && earlier.sha256 !== result.sha256) {
            await rm(finalPath, { force: true });
            throw new ModelStoreError(
              'CHECKSUM_MISMATCH',
              `Checksum mismatch: expected sha256 ${earlier.sha256} (pinned on first download), got ${result.sha256}`,
              file.url,
              `The file was deleted. If the source really changed, run \`npx tandem models remove ${model.name}\` and pull again.`,
            );
          }
          if (!earlier) pinned.push(file.path);
        }
        manifest.files[file.path] = {
          sha256: result.sha256,
          sizeBytes: result.sizeBytes,
          pinnedOnFirstDownload: file.sha256 === null,
          mtimeMs: (await stat(finalPath)).mtimeMs,
          url: file.url,
        };
        await this.writeManifest(model.name, manifest);
        downloaded.push(file.path);
        bytesDoneBefore += result.sizeBytes;
      }
      emit({ phase: 'done', file: null, fileIndex: model.files.length, bytesDone: bytesDoneBefore, rateBytesPerS: 0 });
      return { name: model.name, downloaded, pinned };
    });
  }

  private async downloadWithRetries(
    name: string,
    file: CatalogFile,
    finalPath: string,
    options: PullOptions,
    onProgress: (progress: FileDownloadProgress, rateBytesPerS: number) => void,
  ): Promise<{ sha256: string; sizeBytes: number }> {
    for (let attempt = 1; ; attempt++) {
      const startedMs = performance.now();
      try {
        return await downloadFile({
          url: file.url,
          finalPath,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          signal: options.signal,
          stallTimeoutMs: this.stallTimeoutMs,
          fetchImpl: this.fetchImpl,
          onProgress: (progress) => {
            const elapsedS = (performance.now() - startedMs) / 1000;
            onProgress(progress, elapsedS > 0 ? progress.receivedBytes / elapsedS : 0);
          },
          // Only now is the real size known for a file the catalog gives no exact size for.
          beforeWrite: async (bytesToWrite) => {
            if (bytesToWrite !== null && file.sizeBytes === null) await this.checkSpace(dirname(finalPath), bytesToWrite, name);
          },
        });
      } catch (error) {
        const retryable = isModelStoreError(error) && error.retryable;
        if (!retryable || attempt >= this.attemptsPerFile || options.signal?.aborted) throw error;
        await new Promise((resolvePromise) => setTimeout(resolvePromise, this.retryDelayMs));
      }
    }
  }

  private async isPresentAndVerified(dir: string, file: CatalogFile, manifest: Manifest): Promise<boolean> {
    const path = join(dir, file.path);
    const info = await stat(path).catch(() => null);
    const recorded = manifest.files[file.path];
    if (!info) return false;
    if (!recorded) {
      // A file put there by hand (copied from another machine for offline use) counts once it hashes right.
      if (file.sha256 === null) return false;
      const actual = await hashFile(path);
      if (actual.sha256 !== file.sha256) return false;
      manifest.files[file.path] = { sha256: actual.sha256, sizeBytes: actual.sizeBytes, pinnedOnFirstDownload: false, mtimeMs: info.mtimeMs, url: file.url };
      await this.writeManifest(manifest.name, manifest);
      return true;
    }
    if (file.sha256 !== null && recorded.sha256 !== file.sha256) return false; // the catalog moved to another revision
    if (recorded.url !== file.url) return false;
    if (info.size === recorded.sizeBytes && info.mtimeMs === recorded.mtimeMs) return true;
    const actual = await hashFile(path);
    if (actual.sha256 !== recorded.sha256) return false;
    recorded.mtimeMs = info.mtimeMs;
    return true;
  }

  private async checkSpace(dir: string, bytesNeeded: number, name: string): Promise<void> {
    if (bytesNeeded <= 0) return;
    const { freeBytes } = await this.freeSpace(await existingAncestor(dir));
    if (bytesNeeded > freeBytes) {
      throw new ModelStoreError(
        'NO_DISK_SPACE',
        `Not enough disk space for model "${name}": needs ${formatMB(bytesNeeded)}, ${formatMB(freeBytes)} free`,
        dir,
        'Free some space, or set TANDEM_MODELS_DIR to a folder on a larger disk, and pull again.',
      );
    }
  }

  /** Runs `work` after any pull or removal of the same model in this process has finished. */
  private exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.running.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    this.running.set(name, settled);
    void settled.then(() => {
      if (this.running.get(name) === settled) this.running.delete(name);
    });
    return next;
  }

  /**
   * A lock file against another process pulling the same model into the same folder (two CLIs, or the
   * app and a CLI). A lock left by a process that no longer exists is taken over.
   */
  private async withLockFile<T>(name: string, work: () => Promise<T>): Promise<T> {
    const lockPath = join(this.modelsDir, name, LOCK_NAME);
    await mkdir(dirname(lockPath), { recursive: true }).catch(() => undefined);
    for (let tries = 0; ; tries++) {
      try {
        const handle = await open(lockPath, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new ModelStoreError('STORE_UNWRITABLE', `Cannot create the lock file: ${(error as Error).message}`, lockPath, 'Set TANDEM_MODELS_DIR to a folder you can write to.');
        }
        const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
        if (tries < 3 && (!Number.isInteger(owner) || owner <= 0 || (owner !== process.pid && !isPidAlive(owner)))) {
          await rm(lockPath, { force: true });
          continue;
        }
        throw new ModelStoreError('BUSY', `Model "${name}" is being changed by another process (pid ${owner})`, lockPath, 'Wait for that pull to finish, or stop it, then try again.');
      }
    }
    try {
      return await work();
    } finally {
      await rm(lockPath, { force: true });
    }
  }

  private async readManifest(name: string): Promise<Manifest | null> {
    const path = join(this.modelsDir, name, MANIFEST_NAME);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return null;
    }
    try {
      return manifestSchema.parse(JSON.parse(text));
    } catch {
      // A damaged record only costs re-hashing: every file is checked again as if new.
      return null;
    }
  }

  private async writeManifest(name: string, manifest: Manifest): Promise<void> {
    const path = join(this.modelsDir, name, MANIFEST_NAME);
    await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : ((await fileSize(path)) ?? 0);
  }
  return total;
}
