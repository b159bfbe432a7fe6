// Serve mode's http side: the renderer's files with their content types and a strict CSP; nothing outside the folder.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeMode } from '../../../main/serve/serveMode';
import { APP_JS, INDEX_HTML, startTestServe, type ServeFixture } from './serveBridge.fixture';

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: node:http sends the path as given (fetch would normalize `..` away before sending). */
function get(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Fetched> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve mode static files', () => {
  let fixture: ServeFixture;
  beforeAll(async () => {
    fixture = await startTestServe();
  });
  afterAll(async () => {
    await fixture.dispose();
  });

  it('serves index.html at / with a strict CSP that allows only this server and its bridge socket', async () => {
    const { port } = fixture.serve;
    const page = await get(port, '/?token=abc');
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port};`);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves scripts, worklets and styles with their content types', async () => {
    const { port } = fixture.serve;
    const script = await get(port, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe(APP_JS);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(port, '/assets/playback.worklet.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(port, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await get(port, '/assets/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers 404 for missing files and folders, 405 for other methods', async () => {
    const { port } = fixture.serve;
    expect((await get(port, '/nope.js')).status).toBe(404);
    expect((await get(port, '/assets')).status).toBe(404);
    expect((await get(port, '/assets/')).status).toBe(404);
    expect((await get(port, '/', { method: 'POST' })).status).toBe(405);
  });

  it.each([
    '/../secret.txt',
    '/../package.json',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/secret.txt%00.js',
    '/%zz',
  ])('refuses %s without revealing anything outside the renderer folder', async (path) => {
    const response = await get(fixture.serve.port, path);
    expect([400, 403, 404]).toContain(response.status);
    expect(response.body).not.toContain('not for the browser');
    expect(response.body).not.toContain('"name"');
  });

  it('refuses to start without a built renderer, saying to run npm run build', async () => {
    await expect(startServeMode({ rendererDir: `${fixture.rendererDir}/missing`, log: () => {} })).rejects.toThrow(/built renderer is missing.*npm run build/);
  });

  it('refuses a request whose Host is not this server (DNS rebinding)', async () => {
    const response = await get(fixture.serve.port, '/', { host: `evil.example:${fixture.serve.port}` });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('root');
  });
});
