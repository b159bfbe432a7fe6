// web_search against real loopback HTTP servers shaped like SearXNG, Brave and Tavily; with no provider configured it says so in words.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolOptions } from '../../../../common/ipc';
import { NO_SEARCH_PROVIDER, webSearchTool } from '../../../../main/background/tools/builtins/webSearchTool';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';

const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const url = new URL(request.url ?? '/', 'http://x');
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (url.pathname === '/searx/search') return json(200, { results: [1, 2, 3].map((i) => ({ title: `Result ${i} for ${url.searchParams.get('q')}`, url: `https://example.org/${i}`, content: `snippet ${i}` })) });
      if (url.pathname === '/brave') return request.headers['x-subscription-token'] === 'key-b' ? json(200, { web: { results: [{ title: 'Brave hit', url: 'https://brave.example/1', description: 'from brave' }] } }) : json(401, { error: 'no key' });
      if (url.pathname === '/tavily') return json(200, { results: [{ title: 'Tavily hit', url: 'https://tavily.example/1', content: 'from tavily' }] });
      if (url.pathname === '/html') {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        return response.end('<html>captcha</html>');
      }
      if (url.pathname === '/slow') return; // never answers
      json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function registryWith(webSearch: ToolOptions['webSearch'], timeoutMs?: number) {
  const tool = webSearchTool(() => webSearch);
  return new ToolRegistry({ tools: [timeoutMs ? { ...tool, timeoutMs } : tool] });
}
const context = { taskId: 't', fromVisualContent: false };

describe('web_search', () => {
  it('with no provider configured answers in words the assistant can pass on, without any request', async () => {
    const before = seen.length;
    expect(await registryWith({ provider: 'none', endpoint: null, apiKey: null }).call('web_search', { query: 'weather' }, context)).toEqual({ ok: true, content: NO_SEARCH_PROVIDER });
    expect(await registryWith({ provider: 'searxng', endpoint: null, apiKey: null }).call('web_search', { query: 'weather' }, context)).toEqual({ ok: true, content: NO_SEARCH_PROVIDER });
    expect(NO_SEARCH_PROVIDER).toMatch(/not set up.*Settings → Tools/);
    expect(seen.length).toBe(before);
  });

  it('queries a SearXNG endpoint (format=json) and returns title, url and snippet, limited to maxResults', async () => {
    const result = await registryWith({ provider: 'searxng', endpoint: `${base}/searx/search`, apiKey: null }).call('web_search', { query: 'tandem assistant', maxResults: 2 }, context);
    expect(result).toEqual({
      ok: true,
      content: {
        provider: 'searxng',
        query: 'tandem assistant',
        results: [
          { title: 'Result 1 for tandem assistant', url: 'https://example.org/1', snippet: 'snippet 1' },
          { title: 'Result 2 for tandem assistant', url: 'https://example.org/2', snippet: 'snippet 2' },
        ],
      },
    });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/searx/search?q=tandem+assistant&format=json' });
  });

  it('sends the Brave key as X-Subscription-Token and Tavily\'s in a POST body; a refused key is explained', async () => {
    expect(await registryWith({ provider: 'brave', endpoint: `${base}/brave`, apiKey: 'key-b' }).call('web_search', { query: 'q' }, context)).toEqual({
      ok: true,
      content: { provider: 'brave', query: 'q', results: [{ title: 'Brave hit', url: 'https://brave.example/1', snippet: 'from brave' }] },
    });
    expect(await registryWith({ provider: 'brave', endpoint: `${base}/brave`, apiKey: 'wrong' }).call('web_search', { query: 'q' }, context)).toEqual({
      ok: false,
      error: 'web_search: the brave search endpoint answered HTTP 401 (check the API key in Settings → Tools)',
    });
    const tavily = await registryWith({ provider: 'tavily', endpoint: `${base}/tavily`, apiKey: 'key-t' }).call('web_search', { query: 'q' }, context);
    expect(tavily).toEqual({ ok: true, content: { provider: 'tavily', query: 'q', results: [{ title: 'Tavily hit', url: 'https://tavily.example/1', snippet: 'from tavily' }] } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/tavily' });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ query: 'q', api_key: 'key-t' });
  });

  it('reports an endpoint that answers HTML, is down, or hangs, without throwing', async () => {
    expect(await registryWith({ provider: 'searxng', endpoint: `${base}/html`, apiKey: null }).call('web_search', { query: 'q' }, context)).toEqual({ ok: false, error: 'web_search: the searxng search endpoint did not answer JSON' });
    const down = await registryWith({ provider: 'searxng', endpoint: 'http://127.0.0.1:1/search', apiKey: null }).call('web_search', { query: 'q' }, context);
    expect(down).toEqual({ ok: false, error: expect.stringMatching(/^web_search: cannot reach the searxng search endpoint http:\/\/127\.0\.0\.1:1 \(/) });
    expect(await registryWith({ provider: 'searxng', endpoint: `${base}/slow`, apiKey: null }, 150).call('web_search', { query: 'q' }, context)).toEqual({ ok: false, error: 'web_search did not finish within 150 ms and was abandoned' });
  });
});
