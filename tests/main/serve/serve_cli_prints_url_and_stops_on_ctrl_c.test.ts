// `tandem serve` as a user runs it: prints the URL with the token, serves the built renderer, and Ctrl-C stops the session cleanly with exit code 0.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import type { ServeMode } from '../../../main/serve/serveMode';
import { TempDirs, ensureBuilt, runTandem, startTandem, waitFor } from '../cli/cli.fixture';
import { BridgeClient, waitUntil } from './serveBridge.fixture';

describe('tandem serve', () => {
  const temp = new TempDirs();
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);
  afterAll(() => temp.removeAll());

  it('prints http://127.0.0.1:PORT/?token=…, runs a session for the browser, and stops it cleanly on SIGINT', async () => {
    const data = temp.make('serve');
    const tandem = startTandem(['serve', '--port', '0', '--data', data], { timeoutMs: 30_000 });
    await waitFor('the URL', () => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.test(tandem.stdout));
    const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(tandem.stdout)![0]);
    const token = url.searchParams.get('token')!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${url.port}`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toMatch(/<html/i);

    const serve = { port: Number(url.port), token, origin: url.origin } as ServeMode;
    const client = await BridgeClient.connect(serve);
    expect(await client.invoke('session:start', {})).toMatchObject({ ok: true, value: { state: 'running' } });
    await waitUntil('a few micro-turns', () => client.events('tick:measure').length >= 3, 5000);

    const stopAt = performance.now();
    tandem.child.kill('SIGINT');
    const result = await tandem.done;
    expect(result.code).toBe(0);
    expect(performance.now() - stopAt).toBeLessThan(5000);
    expect(result.stdout).toMatch(/stopped; the last session is in /);
    // The browser sees the end too: session_stopped went out before the server closed the socket.
    expect(client.timelineKinds()).toContain('session_stopped');
    await client.close();

    const [folder] = readdirSync(data);
    const events = readFileSync(join(data, folder, 'timeline.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TimelineEvent);
    expect(events[0].kind).toBe('session_started');
    expect(events.at(-1)!.kind).toBe('session_stopped');
  });

  it('rejects bad options with a usage error (exit 2)', async () => {
    const badPort = await runTandem(['serve', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
    const badIm = await runTandem(['serve', '--im', 'nope']);
    expect(badIm.code).toBe(2);
    expect(badIm.stderr).toMatch(/Unknown interaction model "nope"/);
  });
});
