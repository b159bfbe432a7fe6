// Downloads one catalog file to `<file>.part` with HTTP Range resume, a streamed SHA-256, and a rename only once the checksum matches.

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { ModelStoreError, isModelStoreError } from './modelStoreErrors';

/** Hosts a plain-http URL may point at: loopback only (the tests' local server). Everything else must be https. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_REDIRECTS = 10;

export interface FileDownloadProgress {
  /** Bytes of this file on disk so far (resumed bytes included). */
  fileBytesDone: number;
  /** The file's size when known (catalog, or Content-Length/Content-Range), else null. */
  fileBytesTotal: number | null;
  /** Bytes received over the network by this attempt (resumed bytes excluded), for the rate. */
  receivedBytes: number;
}

export interface FileDownloadOptions {
  url: string;
  /** Final location; the download goes to `${finalPath}.part` first. */
  finalPath: string;
  /** Expected SHA-256; null when unknown (then the caller pins the returned digest). */
  sha256: string | null;
  /** Expected exact size; null when unknown. */
  sizeBytes: number | null;
  signal?: AbortSignal;
  /** No byte for this long (before the headers or between chunks) → the attempt fails as stalled. */
  stallTimeoutMs: number;
  onProgress?: (progress: FileDownloadProgress) => void;
  /** Called once the response headers say how many bytes this attempt will write, before the first byte is written. */
  beforeWrite?: (bytesToWrite: number | null) => Promise<void>;
  fetchImpl?: typeof fetch;
}

export interface FileDownloadResult {
  sha256: string;
  sizeBytes: number;
}

export function partPathOf(finalPath: string): string {
  return `${finalPath}.part`;
}

/** Refuses anything but https, or http on loopback (for tests); a CDN redirect must stay on https too. */
export function checkDownloadUrl(url: string, where: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModelStoreError('REDIRECT_REFUSED', `"${url}" is not a URL`, where, 'Fix the URL in the catalog.');
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed;
  throw new ModelStoreError(
    'REDIRECT_REFUSED',
    `Refusing to download from ${parsed.protocol}//${parsed.host}: only https (or http on loopback) is allowed`,
    where,
    'Use an https URL in the catalog; a server that redirects to plain http cannot be used.',
  );
}

/** SHA-256 of the first `length` bytes already on disk, so a resumed download hashes the whole file. */
async function hashExisting(path: string, length: number, hash: Hash): Promise<void> {
  if (length === 0) return;
  await new Promise<void>((resolvePromise, reject) => {
    const stream = createReadStream(path, { start: 0, end: length - 1 });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolvePromise());
  });
}

/** SHA-256 and size of a whole file. */
export async function hashFile(path: string): Promise<FileDownloadResult> {
  const hash = createHash('sha256');
  const { size } = await stat(path);
  await hashExisting(path, size, hash);
  return { sha256: hash.digest('hex'), sizeBytes: size };
}

async function sizeOrZero(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** `bytes START-END/TOTAL` → its numbers; TOTAL may be `*`. */
function parseContentRange(header: string | null): { start: number; end: number; total: number | null } | null {
  const match = header ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? null : Number(match[3]) };
}

/**
 * Fetches with redirects followed by hand, so that every hop is checked against the https rule
 * (fetch's own redirect handling would follow an https → http hop without asking).
 */
async function fetchChecked(url: string, headers: Record<string, string>, signal: AbortSignal, fetchImpl: typeof fetch): Promise<{ response: Response; finalUrl: string }> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkDownloadUrl(current, hop === 0 ? 'catalog URL' : `redirect from ${url}`);
    const response = await fetchImpl(current, { headers, signal, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel().catch(() => undefined);
      current = new URL(response.headers.get('location')!, current).href;
      continue;
    }
    return { response, finalUrl: current };
  }
  throw new ModelStoreError('DOWNLOAD_FAILED', `More than ${MAX_REDIRECTS} redirects`, url, 'The server redirects in a loop; try again later or check the URL.');
}

/**
 * One attempt: resumes from whatever `.part` holds. Throws on network failure with the `.part` kept
 * (the caller retries or the next pull resumes); on a checksum mismatch the `.part` is deleted.
 */
export async function downloadFile(options: FileDownloadOptions): Promise<FileDownloadResult> {
  const { url, finalPath, sha256: expected, sizeBytes: expectedSize, stallTimeoutMs } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const partPath = partPathOf(finalPath);
  let offset = await sizeOrZero(partPath);
  if (expectedSize !== null && offset > expectedSize) {
    // Longer than the file can be: not a prefix of it, so it cannot be resumed.
    await rm(partPath, { force: true });
    offset = 0;
  }

  // One controller for the whole attempt: the caller's signal and the stall timer both end it.
  const attempt = new AbortController();
  let stalled = false;
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      attempt.abort();
    }, stallTimeoutMs);
  };
  const onCallerAbort = () => attempt.abort();
  if (options.signal?.aborted) throw cancelled(url);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let file: FileHandle | undefined;
  try {
    armStallTimer();
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    let response: Response;
    try {
      ({ response } = await fetchChecked(url, headers, attempt.signal, fetchImpl));
    } catch (error) {
      throw networkError(error, url, stalled, options.signal);
    }

    let total: number | null = expectedSize;
    if (offset > 0 && response.status === 416) {
      // Nothing left to send: the .part may already be the whole file (interrupted just before the rename).
      await response.body?.cancel().catch(() => undefined);
      const range = parseContentRange(response.headers.get('content-range')?.replace('bytes */', 'bytes 0-0/') ?? null);
      if (range?.total === offset || expectedSize === offset) return await finish(partPath, finalPath, offset, expected, url);
      await rm(partPath, { force: true });
      throw new ModelStoreError('DOWNLOAD_FAILED', `The server refused to resume at byte ${offset}`, url, 'The partial file was removed; run the pull again to start over.');
    }
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== offset) {
        await response.body?.cancel().catch(() => undefined);
        await rm(partPath, { force: true });
        throw new ModelStoreError(
          'DOWNLOAD_FAILED',
          `The server answered the resume request at byte ${offset} with Content-Range "${response.headers.get('content-range')}"`,
          url,
          'The partial file was removed; run the pull again to start over.',
        );
      }
      if (range.total !== null) total = range.total;
    } else if (response.status === 200) {
      // A server that ignores Range sends the whole file again: start over rather than append a second copy.
      offset = 0;
      const length = Number(response.headers.get('content-length'));
      if (response.headers.get('content-length') !== null && Number.isFinite(length)) total = length;
    } else {
      await response.body?.cancel().catch(() => undefined);
      // 5xx, 408 and 429 are the server's passing trouble; any other status will not change by asking again.
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new ModelStoreError('DOWNLOAD_FAILED', `HTTP ${response.status} ${response.statusText}`.trim(), url, 'Check your connection and run the pull again; the catalog URL may have moved.', { retryable });
    }
    if (expectedSize !== null && total !== null && total !== expectedSize) {
      await response.body?.cancel().catch(() => undefined);
      throw new ModelStoreError('SIZE_MISMATCH', `The server offers ${total} bytes, the catalog expects ${expectedSize}`, url, 'The file at this URL is not the one the catalog describes; report it (the catalog entry needs fixing).');
    }
    if (!response.body) throw new ModelStoreError('DOWNLOAD_FAILED', 'The response has no body', url, 'Run the pull again.');

    // Local work (the space check, hashing a large resumed prefix) must not count as a network stall.
    clearTimeout(stallTimer);
    await options.beforeWrite?.(total === null ? null : total - offset);
    const hash = createHash('sha256');
    if (offset > 0) await hashExisting(partPath, offset, hash);
    armStallTimer();
    file = await open(partPath, offset > 0 ? 'r+' : 'w');
    let position = offset;
    let received = 0;
    options.onProgress?.({ fileBytesDone: position, fileBytesTotal: total, receivedBytes: 0 });
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armStallTimer();
        hash.update(value);
        await file.write(value, 0, value.length, position);
        position += value.length;
        received += value.length;
        options.onProgress?.({ fileBytesDone: position, fileBytesTotal: total, receivedBytes: received });
      }
    } catch (error) {
      throw networkError(error, url, stalled, options.signal);
    }
    clearTimeout(stallTimer);
    await file.truncate(position);
    await file.close();
    file = undefined;
    if (total !== null && position < total) {
      throw new ModelStoreError('DOWNLOAD_FAILED', `The connection ended after ${position} of ${total} bytes`, url, 'Run the pull again; it resumes from the partial file.', { retryable: true });
    }
    return await finish(partPath, finalPath, position, expected, url, hash);
  } finally {
    clearTimeout(stallTimer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    await file?.close().catch(() => undefined);
  }
}

/** Checks the completed `.part` and renames it into place; a wrong checksum deletes it. */
async function finish(partPath: string, finalPath: string, size: number, expected: string | null, url: string, hash?: Hash): Promise<FileDownloadResult> {
  const actual = hash ? hash.digest('hex') : (await hashFile(partPath)).sha256;
  if (expected !== null && actual !== expected) {
    await rm(partPath, { force: true });
    throw new ModelStoreError(
      'CHECKSUM_MISMATCH',
      `Checksum mismatch: expected sha256 ${expected}, got ${actual}`,
      url,
      'The downloaded file was deleted. Run the pull again; if it happens again the file at this URL changed and the catalog needs fixing.',
    );
  }
  await rename(partPath, finalPath);
  return { sha256: actual, sizeBytes: size };
}

function cancelled(url: string): ModelStoreError {
  return new ModelStoreError('CANCELLED', 'Download cancelled', url, 'The partial file is kept; run the pull again to resume.');
}

function networkError(error: unknown, url: string, stalled: boolean, signal: AbortSignal | undefined): Error {
  if (isModelStoreError(error)) return error;
  if (signal?.aborted) return cancelled(url);
  if (stalled) {
    return new ModelStoreError('DOWNLOAD_STALLED', 'The connection stalled (no data arrived for too long)', url, 'Check your connection and run the pull again; it resumes from the partial file.', { cause: error, retryable: true });
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new ModelStoreError('DOWNLOAD_FAILED', `Network error: ${detail}`, url, 'Check your connection and run the pull again; it resumes from the partial file.', { cause: error, retryable: true });
}
