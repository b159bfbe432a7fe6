// The model catalog for the app's settings page: list, downloads in the background with throttled progress events, cancel, remove.

import type { ModelEntry, ModelProgress, ModelsList } from '../../common/ipc';
import { defaultCatalogPath, loadCatalog } from '../models/catalog/catalogSchema';
import { ModelStore, type PullProgress } from '../models/catalog/modelStore';

/** A model request the downloads cannot serve as asked (unknown name, removing one that is downloading). Shown to the user as is. */
export class ModelDownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelDownloadError';
  }
}

export interface ModelDownloadsOptions {
  /** The store to use; default: the shipped catalog (TANDEM_CATALOG wins) in the user data folder (TANDEM_MODELS_DIR wins). */
  store?: ModelStore;
  /** Every progress event; `done`, `failed` and `cancelled` always come through, `downloading` at most once per `progressEveryMs`. */
  onProgress: (progress: ModelProgress) => void;
  /** Default 250 ms: four updates a second move a progress bar smoothly without flooding the bridge. */
  progressEveryMs?: number;
  now?: () => number;
}

/**
 * One download at a time per model (the store's lock keeps other processes out too); several models may
 * download side by side. A pull is fire and forget for the caller: the page follows it through progress events.
 */
export class ModelDownloads {
  private storeValue: ModelStore | undefined;
  private readonly running = new Map<string, { controller: AbortController; finished: Promise<void> }>();
  private readonly now: () => number;

  constructor(private readonly options: ModelDownloadsOptions) {
    this.storeValue = options.store;
    this.now = options.now ?? (() => performance.now());
  }

  /** The store, made on first use so a broken catalog file is reported where it is asked for, not at startup. */
  private get store(): ModelStore {
    this.storeValue ??= new ModelStore({ catalog: loadCatalog(defaultCatalogPath()) });
    return this.storeValue;
  }

  async list(): Promise<ModelsList> {
    const entries = await this.store.list();
    const models: ModelEntry[] = entries.map((entry) => ({
      name: entry.name,
      role: entry.role,
      description: entry.description,
      licence: entry.licence,
      isDefault: entry.default,
      totalBytes: entry.totalBytes,
      totalBytesKnown: entry.totalBytesKnown,
      installedBytes: entry.installedBytes,
      state: entry.state,
      pulling: this.running.has(entry.name),
    }));
    return { models, modelsDir: this.store.modelsDir };
  }

  /** Starts downloading `name` (or does nothing when it is already downloading). */
  pull(name: string): { accepted: true } {
    this.known(name);
    if (this.running.has(name)) return { accepted: true };
    const controller = new AbortController();
    let lastSentAtMs = Number.NEGATIVE_INFINITY;
    let last: PullProgress | undefined;
    const send = (progress: ModelProgress) => {
      try {
        this.options.onProgress(progress);
      } catch {
        // A broken listener (a closed page) must not end the download.
      }
    };
    const finished = this.store
      .pull(name, {
        signal: controller.signal,
        onProgress: (progress) => {
          last = progress;
          const now = this.now();
          if (progress.phase === 'downloading' && now - lastSentAtMs < (this.options.progressEveryMs ?? 250)) return;
          lastSentAtMs = now;
          // The store's own `done` is sent below, once the pull has really returned.
          if (progress.phase !== 'done') send(toEvent(name, progress));
        },
      })
      .then(
        () => send({ ...toEvent(name, last), phase: 'done', file: null, bytesDone: last?.bytesTotal ?? 0, bytesTotal: last?.bytesTotal ?? 0 }),
        (error: unknown) =>
          send(
            controller.signal.aborted
              ? { ...toEvent(name, last), phase: 'cancelled' }
              : { ...toEvent(name, last), phase: 'failed', error: (error as Error)?.message ?? String(error) },
          ),
      )
      .finally(() => this.running.delete(name));
    this.running.set(name, { controller, finished });
    return { accepted: true };
  }

  /** Stops a running download; its partial file stays and the next pull resumes it. */
  cancel(name: string): { accepted: true } {
    this.known(name);
    this.running.get(name)?.controller.abort();
    return { accepted: true };
  }

  async remove(name: string): Promise<{ accepted: true }> {
    this.known(name);
    if (this.running.has(name)) throw new ModelDownloadError(`"${name}" is downloading; cancel the download before removing it.`);
    await this.store.remove(name);
    return { accepted: true };
  }

  /** Cancels every download and waits for them to settle (partial files stay resumable). */
  async dispose(): Promise<void> {
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.all([...this.running.values()].map(({ finished }) => finished));
  }

  private known(name: string): void {
    try {
      this.store.model(name);
    } catch (error) {
      throw new ModelDownloadError((error as Error).message, { cause: error });
    }
  }
}

function toEvent(name: string, progress: PullProgress | undefined): ModelProgress {
  return {
    name,
    phase: progress?.phase ?? 'checking',
    file: progress?.file ?? null,
    bytesDone: Math.max(0, Math.round(progress?.bytesDone ?? 0)),
    bytesTotal: Math.max(0, Math.round(progress?.bytesTotal ?? 0)),
    rateBytesPerS: Math.max(0, progress?.rateBytesPerS ?? 0),
  };
}
