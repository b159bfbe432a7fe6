// `tandem models` as a user runs it (out/main/cli.js) against a test catalog served from loopback: list, pull, verify, remove, and its exit codes.

import { existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runTandem } from './cli.fixture';
import { ModelFileServer, catalogFileFor, randomContent, tempStoreDir, testCatalog } from '../models/catalog/modelServer.fixture';

let server: ModelFileServer;
let temp: ReturnType<typeof tempStoreDir>;
let env: NodeJS.ProcessEnv;
const encoder = randomContent(700_000);
const tokenizer = Buffer.from('{"vocab": ["a", "b"]}');

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);
beforeEach(async () => {
  server = new ModelFileServer();
  await server.start();
  server.serve('/tiny/onnx/encoder.onnx', encoder);
  server.serve('/tiny/tokenizer.json', tokenizer);
  temp = tempStoreDir('cli');
  const catalogPath = temp.writeCatalog(
    testCatalog([
      { name: 'tiny', files: [catalogFileFor(server, '/tiny/onnx/encoder.onnx', encoder), catalogFileFor(server, '/tiny/tokenizer.json', tokenizer, { sha256: null })] },
      { name: 'other', files: [{ path: 'w.bin', url: server.url('/other/w.bin'), sha256: null, sizeBytes: null, approxBytes: 5_000_000, revision: 'r' }] },
    ]),
  );
  env = { TANDEM_CATALOG: catalogPath, TANDEM_MODELS_DIR: join(temp.dir, 'models') };
});
afterEach(async () => {
  await server.stop();
  temp.remove();
});

describe('tandem models', () => {
  it('lists, pulls with progress lines, verifies, detects corruption, and removes', async () => {
    const listed = await runTandem(['models', 'list'], { env });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ROLE\s+SIZE\s+STATE\s+LICENCE$/);
    expect(lines[1]).toMatch(/^tiny\s+asr \(default\)\s+0\.7 MB\s+absent\s+MIT$/);
    expect(lines[2]).toMatch(/^other\s+asr\s+5\.0 MB\s+absent\s+MIT$/);
    expect(lines[3]).toBe(`models folder: ${join(temp.dir, 'models')}`);

    const pulled = await runTandem(['models', 'pull', 'tiny'], { env });
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    // Not a terminal: plain progress lines, no carriage returns.
    expect(pulled.stdout).not.toContain('\r');
    expect(pulled.stdout).toMatch(/^tiny: file 1\/2 onnx\/encoder\.onnx {2}0\.\d MB \/ 0\.7 MB \(\d+ %\)/m);
    expect(pulled.stdout).toContain(`pulled tiny: 2 file(s) downloaded and verified into ${join(temp.dir, 'models', 'tiny')}`);
    expect(pulled.stdout).toContain('no published checksum for tokenizer.json: recorded their sha256 now');

    const again = await runTandem(['models', 'pull', 'tiny'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('tiny is already installed and verified; nothing downloaded');
    expect(server.requests).toHaveLength(2);

    expect((await runTandem(['models', 'list'], { env })).stdout).toMatch(/^tiny\s+asr \(default\)\s+0\.7 MB\s+installed\s+MIT$/m);
    const verified = await runTandem(['models', 'verify'], { env });
    expect([verified.code, verified.stdout]).toEqual([0, 'tiny: ok\n']);

    const path = join(temp.dir, 'models/tiny/onnx/encoder.onnx');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([encoder[10] ^ 0xff]), 0, 1, 10);
    closeSync(fd);
    const corrupted = await runTandem(['models', 'verify', 'tiny'], { env });
    expect(corrupted.code).toBe(1);
    expect(corrupted.stdout).toMatch(/^tiny: FAILED\n {2}onnx\/encoder\.onnx: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\n$/);
    expect(corrupted.stderr).toBe('tandem: Verification failed (tandem models verify). Run `tandem models remove tiny` and `tandem models pull tiny` to download it again.\n');

    const removed = await runTandem(['models', 'remove', 'tiny'], { env });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^removed tiny \(0\.7 MB freed\)\n$/);
    expect(existsSync(join(temp.dir, 'models/tiny'))).toBe(false);
  }, 60_000);

  it('fails with one actionable line: unknown model (exit 1), usage (exit 2)', async () => {
    const unknown = await runTandem(['models', 'pull', 'nope'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('tandem: Unknown model "nope" (model catalog). Known models: tiny, other.\n');

    const missing = await runTandem(['models', 'pull'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tandem: pull needs exactly one model NAME \(tandem models\)\. Usage: tandem models list \| pull NAME/);
    const badSub = await runTandem(['models', 'fetch', 'tiny'], { env });
    expect(badSub.code).toBe(2);
    expect(badSub.stderr).toMatch(/Unknown models command "fetch"/);

    const help = await runTandem(['--help']);
    expect(help.stdout).toContain('tandem models pull NAME');

    const badCatalog = await runTandem(['models', 'list'], { env: { ...env, TANDEM_CATALOG: join(temp.dir, 'missing.json') } });
    expect(badCatalog.code).toBe(1);
    expect(badCatalog.stderr).toMatch(/^tandem: Cannot read the model catalog: .*missing\.json/);
  }, 60_000);
});
