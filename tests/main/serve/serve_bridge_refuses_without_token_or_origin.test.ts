// The bridge WebSocket opens only with the server's token and its own Origin; every refusal happens before the upgrade and is logged.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeUrl, startTestServe, upgradeStatus, type ServeFixture } from './serveBridge.fixture';

describe('serve mode bridge authentication', () => {
  let fixture: ServeFixture;
  beforeAll(async () => {
    fixture = await startTestServe();
  });
  afterAll(async () => {
    await fixture.dispose();
  });

  it('prints a URL with a 256-bit random token', () => {
    const { serve } = fixture;
    expect(serve.url).toBe(`http://127.0.0.1:${serve.port}/?token=${serve.token}`);
    expect(Buffer.from(serve.token, 'base64url')).toHaveLength(32);
  });

  it('refuses no token and a wrong token with 401', async () => {
    const { serve } = fixture;
    expect(await upgradeStatus(bridgeUrl(serve, null), serve.origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(serve, 'x'.repeat(43)), serve.origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(serve, serve.token.slice(0, -1)), serve.origin)).toBe(401);
    expect(await upgradeStatus(bridgeUrl(serve, ''), serve.origin)).toBe(401);
  });

  it('refuses the right token from another Origin, or with no Origin, with 403', async () => {
    const { serve } = fixture;
    expect(await upgradeStatus(bridgeUrl(serve), 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(bridgeUrl(serve), `http://localhost:${serve.port}`)).toBe(403);
    expect(await upgradeStatus(bridgeUrl(serve), `http://127.0.0.1:${serve.port + 1}`)).toBe(403);
    expect(await upgradeStatus(bridgeUrl(serve), undefined)).toBe(403);
  });

  it('refuses another path with 404', async () => {
    const { serve } = fixture;
    expect(await upgradeStatus(`ws://127.0.0.1:${serve.port}/other?token=${serve.token}`, serve.origin)).toBe(404);
  });

  it('accepts the right token from its own Origin', async () => {
    const { serve } = fixture;
    expect(await upgradeStatus(bridgeUrl(serve), serve.origin)).toBe(101);
  });

  it('counted and logged every refusal without the token', () => {
    const { serve, logLines } = fixture;
    expect(serve.counters().refusedUpgrades).toBe(9);
    const refusals = logLines.filter((line) => line.includes('refused a connection'));
    expect(refusals).toHaveLength(9);
    expect(refusals.some((line) => line.includes('wrong token'))).toBe(true);
    expect(refusals.some((line) => line.includes('Origin is not this server'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(serve.token);
  });
});
