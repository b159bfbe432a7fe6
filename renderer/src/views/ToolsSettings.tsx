// The Tools section of Settings: every tool with its permission class and a selector to change it, the web search provider, the find_files folder.

import { useEffect, useState } from 'react';
import { TOOL_PERMISSION_CLASSES, WEB_SEARCH_PROVIDERS, type Settings, type SettingsPatch, type TandemBridge, type ToolInfo, type ToolOptions } from '../../../common/ipc';

const CLASS_LABELS = { auto: 'Auto', ask: 'Ask', deny: 'Never' } as const;
const PROVIDER_LABELS: Record<(typeof WEB_SEARCH_PROVIDERS)[number], string> = {
  none: 'None (web search is off)',
  searxng: 'SearXNG (JSON API)',
  brave: 'Brave Search API',
  tavily: 'Tavily API',
};

export function ToolsSettings({ bridge, settings, change }: { bridge: Pick<TandemBridge, 'listTools'>; settings: Settings; change: (patch: SettingsPatch) => void }) {
  const [tools, setTools] = useState<ToolInfo[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    bridge.listTools().then((list) => setTools(list.tools), (failure: unknown) => setError(`Could not list the tools: ${String(failure)}`));
  }, [bridge]);
  const options = settings.toolOptions;
  const setOptions = (next: ToolOptions) => change({ toolOptions: next });

  return (
    <div data-testid="tools-settings">
      {error ? <p className="errors" role="alert">{error}</p> : null}
      {!tools && !error ? <p>Loading…</p> : null}
      <table className="tools-table">
        <tbody>
          {tools?.map((tool) => {
            const current = settings.tools[tool.name] ?? tool.defaultClass;
            return (
              <tr key={tool.name} data-testid={`tool-row-${tool.name}`}>
                <td title={`Default ${tool.defaultClass}: ${tool.why}.${tool.sideEffect ? ' Asks anyway when the request came from the screen or camera.' : ''}`}>
                  <code>{tool.name}</code>
                  {tool.sideEffect ? <span className="side-effect" aria-label="acts outside the conversation"> ⚡</span> : null}
                  <small>{tool.description}</small>
                </td>
                <td>
                  <select aria-label={`Permission for ${tool.name}`} value={current} onChange={(event) => change({ tools: { [tool.name]: event.target.value as (typeof TOOL_PERMISSION_CLASSES)[number] } })}>
                    {TOOL_PERMISSION_CLASSES.map((choice) => <option key={choice} value={choice}>{CLASS_LABELS[choice]}</option>)}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">Auto runs without asking, Ask shows a prompt each time, Never refuses. ⚡ tools act outside the conversation: when a request comes from what is on the screen or camera they ask, whatever is chosen here. Hover a tool for why its default is what it is.</p>
      <label className="field">
        Web search provider
        <select aria-label="Web search provider" value={options.webSearch.provider} onChange={(event) => setOptions({ ...options, webSearch: { ...options.webSearch, provider: event.target.value as ToolOptions['webSearch']['provider'] } })}>
          {WEB_SEARCH_PROVIDERS.map((provider) => <option key={provider} value={provider}>{PROVIDER_LABELS[provider]}</option>)}
        </select>
      </label>
      <CommittedInput label="Search endpoint URL" value={options.webSearch.endpoint ?? ''} placeholder="https://searx.example/search" onCommit={(value) => setOptions({ ...options, webSearch: { ...options.webSearch, endpoint: value || null } })} />
      <CommittedInput label="Search API key" type="password" value={options.webSearch.apiKey ?? ''} placeholder="(Brave and Tavily)" onCommit={(value) => setOptions({ ...options, webSearch: { ...options.webSearch, apiKey: value || null } })} />
      <CommittedInput label="Folder for find_files" value={options.filesFolder ?? ''} placeholder="/home/you/Documents" onCommit={(value) => setOptions({ ...options, filesFolder: value || null })} />
      <p className="muted">find_files searches file names inside this folder only. The API key is kept in settings.json in Tandem's data folder.</p>
    </div>
  );
}

/** A text field saved when it loses focus or on Enter, not on every keystroke. */
function CommittedInput({ label, value, placeholder, type, onCommit }: { label: string; value: string; placeholder?: string; type?: string; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <label className="field">
      {label}
      <input aria-label={label} type={type ?? 'text'} value={draft} placeholder={placeholder} onChange={(event) => setDraft(event.target.value)} onBlur={commit} onKeyDown={(event) => event.key === 'Enter' && commit()} />
    </label>
  );
}
