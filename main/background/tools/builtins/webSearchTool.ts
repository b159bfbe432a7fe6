// web_search: queries the search endpoint the user configured (SearXNG, Brave or Tavily style); with none configured it says so.

import { z } from 'zod';
import type { ToolOptions } from '../../../../common/ipc';
import { ToolFailure, type ToolDefinition } from '../toolTypes';

export interface WebSearchResult {
  title: string;
  url: string;
  snippet: string;
}

const args = z.strictObject({
  query: z.string().trim().min(1).max(400).describe('What to search the web for.'),
  maxResults: z.number().int().min(1).max(10).optional().describe('How many results to return (default 5).'),
});

/** The answer when no provider is set: plain words the assistant can pass on. */
export const NO_SEARCH_PROVIDER =
  'Web search is not set up: no search provider is configured. Tell the user they can choose one (a SearXNG instance, Brave or Tavily) in Settings → Tools.';

export function webSearchTool(options: () => ToolOptions['webSearch'], fetchImpl: typeof fetch = fetch): ToolDefinition {
  const tool: ToolDefinition<typeof args> = {
    name: 'web_search',
    description: 'Search the web and return the top results (title, URL, snippet).',
    parameters: args,
    sideEffect: true, // the query leaves the machine
    desktop: false,
    timeoutMs: 15_000,
    run: async ({ query, maxResults }, { signal }) => {
      const config = options();
      if (config.provider === 'none' || !config.endpoint) return NO_SEARCH_PROVIDER;
      const limit = maxResults ?? 5;
      const results = await search(config, query, signal, fetchImpl);
      return { provider: config.provider, query, results: results.slice(0, limit) };
    },
  };
  return tool as ToolDefinition;
}

async function search(config: ToolOptions['webSearch'], query: string, signal: AbortSignal, fetchImpl: typeof fetch): Promise<WebSearchResult[]> {
  let endpoint: URL;
  try {
    endpoint = new URL(config.endpoint!);
  } catch {
    throw new ToolFailure(`the configured search endpoint "${config.endpoint}" is not a URL; fix it in Settings → Tools`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new ToolFailure(`the search endpoint must be http or https, not ${endpoint.protocol}`);
  let response: Response;
  const headers: Record<string, string> = { Accept: 'application/json' };
  try {
    if (config.provider === 'tavily') {
      response = await fetchImpl(endpoint, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json', ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}) }, body: JSON.stringify({ query, ...(config.apiKey ? { api_key: config.apiKey } : {}) }), signal });
    } else {
      endpoint.searchParams.set('q', query);
      if (config.provider === 'searxng') endpoint.searchParams.set('format', 'json');
      if (config.provider === 'brave' && config.apiKey) headers['X-Subscription-Token'] = config.apiKey;
      response = await fetchImpl(endpoint, { headers, signal });
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ToolFailure(`cannot reach the ${config.provider} search endpoint ${endpoint.origin} (${(error as Error).message})`);
  }
  if (!response.ok) throw new ToolFailure(`the ${config.provider} search endpoint answered HTTP ${response.status}${response.status === 401 || response.status === 403 ? ' (check the API key in Settings → Tools)' : ''}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ToolFailure(`the ${config.provider} search endpoint did not answer JSON`);
  }
  const parsed = (config.provider === 'brave' ? BraveSchema : ResultsSchema).safeParse(body);
  if (!parsed.success) throw new ToolFailure(`the ${config.provider} search endpoint answered JSON of an unexpected shape (${z.prettifyError(parsed.error).slice(0, 300)})`);
  const raw = config.provider === 'brave' ? (parsed.data as z.infer<typeof BraveSchema>).web.results : (parsed.data as z.infer<typeof ResultsSchema>).results;
  return raw.map((item) => ({ title: item.title ?? '', url: item.url, snippet: ('content' in item ? item.content : 'description' in item ? item.description : undefined) ?? '' }));
}

// SearXNG (format=json) and Tavily both answer { results: [{ title, url, content }] }; Brave answers { web: { results: [{ title, url, description }] } }.
const ResultsSchema = z.object({ results: z.array(z.object({ title: z.string().optional(), url: z.string(), content: z.string().optional() })) });
const BraveSchema = z.object({ web: z.object({ results: z.array(z.object({ title: z.string().optional(), url: z.string(), description: z.string().optional() })) }) });
