// A real http server on 127.0.0.1 that serves model files with Range support and scripted faults, and a catalog pointing at it.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog, CatalogFile } from '../../../../main/models/catalog/catalogSchema';

export interface ServedRequest {
  path: string;
  range: string | null;
  status: number;
}

export interface ServerBehaviour {
  /** Answer every request with 200 and the whole file, as a server without Range support does. */
  ignoreRange?: boolean;
  /** For the first N requests of a path: send this many bytes of the body, then destroy the connection. */
  dropAfterBytes?: { bytes: number; times: number };
  /** Send this many bytes of the body, then stop sending (connection stays open) — a stalled transfer. */
  stallAfterBytes?: number;
  /** Send the body in chunks of this size with a pause between them (for Ctrl-C tests). */
  slowChunk?: { bytes: number; everyMs: number };
  /** Paths answered with a redirect to this URL instead. */
  redirects?: Record<string, string>;
}

export class ModelFileServer {
  readonly requests: ServedRequest[] = [];
  behaviour: ServerBehaviour = {};
  private readonly files = new Map<string, Buffer>();
  private readonly dropsDone = new Map<string, number>();
  private readonly openResponses = new Set<ServerResponse>();
  private server: Server | undefined;
  private port = 0;

  /** Serves `content` at `/path`. */
  serve(path: string, content: Buffer): void {
    this.files.set(path, content);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolvePromise) => this.server!.listen(0, '127.0.0.1', resolvePromise));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.openResponses) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolvePromise) => (this.server ? this.server.close(() => resolvePromise()) : resolvePromise()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const range = req.headers.range ?? null;
    const redirect = this.behaviour.redirects?.[path];
    if (redirect) {
      this.requests.push({ path, range, status: 302 });
      res.writeHead(302, { location: redirect }).end();
      return;
    }
    const content = this.files.get(path);
    if (!content) {
      this.requests.push({ path, range, status: 404 });
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    let status = 200;
    const match = range && !this.behaviour.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= content.length) {
        this.requests.push({ path, range, status: 416 });
        res.writeHead(416, { 'content-range': `bytes */${content.length}` }).end();
        return;
      }
      status = 206;
    }
    this.requests.push({ path, range, status });
    const body = content.subarray(start);
    const headers: Record<string, string | number> = { 'content-length': body.length, 'accept-ranges': this.behaviour.ignoreRange ? 'none' : 'bytes' };
    if (status === 206) headers['content-range'] = `bytes ${start}-${content.length - 1}/${content.length}`;
    res.writeHead(status, headers);
    this.openResponses.add(res);
    res.on('close', () => this.openResponses.delete(res));

    const drop = this.behaviour.dropAfterBytes;
    if (drop && (this.dropsDone.get(path) ?? 0) < drop.times) {
      this.dropsDone.set(path, (this.dropsDone.get(path) ?? 0) + 1);
      res.write(body.subarray(0, drop.bytes), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (this.behaviour.stallAfterBytes !== undefined) {
      res.write(body.subarray(0, this.behaviour.stallAfterBytes)); // and then nothing more
      return;
    }
    const slow = this.behaviour.slowChunk;
    if (slow) {
      let offset = 0;
      const sendNext = () => {
        if (res.destroyed) return;
        const chunk = body.subarray(offset, offset + slow.bytes);
        offset += chunk.length;
        if (offset >= body.length) res.end(chunk);
        else res.write(chunk, () => setTimeout(sendNext, slow.everyMs));
      };
      sendNext();
      return;
    }
    res.end(body);
  }
}

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/** Deterministic-looking random content of a given size. */
export const randomContent = (bytes: number): Buffer => randomBytes(bytes);

/** A catalog file entry for a served path; `sha256: undefined` means the real checksum, `null` means unpublished. */
export function catalogFileFor(server: ModelFileServer, path: string, content: Buffer, overrides: Partial<CatalogFile> = {}): CatalogFile {
  return {
    path: path.replace(/^\/[^/]+\//, ''),
    url: server.url(path),
    sha256: sha256Of(content),
    sizeBytes: content.length,
    approxBytes: content.length,
    revision: 'test-revision',
    ...overrides,
  };
}

/** A one-role catalog with the given models' files. */
export function testCatalog(models: Array<{ name: string; files: CatalogFile[] }>): Catalog {
  return {
    version: 1,
    models: models.map((model, index) => ({
      name: model.name,
      role: 'asr' as const,
      description: `test model ${model.name}`,
      licence: 'MIT',
      homepage: 'https://example.org/model',
      default: index === 0,
      hardware: { minRamMiB: 64, gpuUseful: false, cpuRealTimeFactor: null, note: 'test' },
      files: model.files,
    })),
  };
}

/** A temp folder for the store, and the catalog written to a file (for the CLI's TANDEM_CATALOG). */
export function tempStoreDir(stem: string): { dir: string; writeCatalog: (catalog: Catalog) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `tandem-models-${stem}-`));
  return {
    dir,
    writeCatalog: (catalog) => {
      const path = join(dir, 'catalog.json');
      writeFileSync(path, JSON.stringify(catalog, null, 2));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
