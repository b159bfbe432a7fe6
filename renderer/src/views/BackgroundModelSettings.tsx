// The settings' background model section: the configured providers, which one is active, where the conversation goes, and adding or removing one.

import { useState } from 'react';
import { isLoopbackUrl } from '../../../common/background';
import type { BackgroundProviderSettings, Settings, SettingsPatch } from '../../../common/ipc';

/** Where a provider sends the conversation, in words the user can act on. */
export function providerReach(provider: BackgroundProviderSettings): { local: boolean; text: string } {
  if (provider.kind === 'gguf') return { local: true, text: `local file ${provider.modelPath}: nothing leaves this machine` };
  if (isLoopbackUrl(provider.baseURL)) return { local: true, text: `${provider.baseURL} on this machine: nothing leaves it` };
  let host = provider.baseURL;
  try {
    host = new URL(provider.baseURL).host;
  } catch {
    // the contract only lets valid URLs through; keep the raw text otherwise
  }
  return { local: false, text: `remote: the conversation is sent to ${host}` };
}

type Draft = { kind: 'openai' | 'gguf'; id: string; baseURL: string; model: string; apiKey: string; modelPath: string };
const EMPTY_DRAFT: Draft = { kind: 'openai', id: '', baseURL: 'http://127.0.0.1:11434/v1', model: '', apiKey: '', modelPath: '' };

export function BackgroundModelSettings({ settings, change }: { settings: Settings; change: (patch: SettingsPatch) => void }) {
  const background = settings.background;
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const set = (next: Partial<Draft>) => setDraft((current) => ({ ...current, ...next }));

  const save = (providers: BackgroundProviderSettings[], active: string | null) => change({ background: { ...background, providers, active } });
  const add = () => {
    const provider =
      draft.kind === 'openai'
        ? { id: draft.id.trim(), kind: 'openai' as const, baseURL: draft.baseURL.trim(), model: draft.model.trim(), ...(draft.apiKey ? { apiKey: draft.apiKey } : {}), timeoutMs: 60_000, idleTimeoutMs: 20_000 }
        : { id: draft.id.trim(), kind: 'gguf' as const, modelPath: draft.modelPath.trim(), contextSize: 4096, maxTokens: 512, gpu: 'auto' as const, threads: 0, timeoutMs: 120_000 };
    // The first provider becomes the active one: adding a model means wanting to use it.
    save([...background.providers, provider], background.active ?? provider.id);
    setDraft(EMPTY_DRAFT);
  };

  return (
    <div data-testid="background-settings">
      {background.providers.length === 0 ? (
        <p className="muted" data-testid="background-none">
          No language model is set up: the assistant says so when you ask it something. Add a local model (a GGUF file, or a server on this machine such as Ollama or
          LM Studio) or a remote OpenAI-compatible endpoint.
        </p>
      ) : (
        <ul className="background-providers">
          {background.providers.map((provider) => {
            const reach = providerReach(provider);
            return (
              <li key={provider.id} data-testid={`background-provider-${provider.id}`}>
                <label className="toggle">
                  <input type="radio" name="background-active" aria-label={`Use ${provider.id}`} checked={background.active === provider.id} onChange={() => save(background.providers, provider.id)} />
                  <span>
                    <strong>{provider.id}</strong> {provider.kind === 'openai' ? `${provider.model} (OpenAI-compatible)` : 'GGUF (node-llama-cpp)'}
                    <small className={reach.local ? 'reach-local' : 'reach-remote'}>{reach.text}</small>
                  </span>
                </label>
                <button
                  type="button"
                  aria-label={`Remove ${provider.id}`}
                  onClick={() => save(background.providers.filter((p) => p.id !== provider.id), background.active === provider.id ? null : background.active)}
                >
                  Remove
                </button>
              </li>
            );
          })}
          <li>
            <label className="toggle">
              <input type="radio" name="background-active" aria-label="Use none" checked={background.active === null} onChange={() => save(background.providers, null)} />
              <span>
                <strong>None</strong>
                <small>The assistant answers that it has no language model.</small>
              </span>
            </label>
          </li>
        </ul>
      )}
      <fieldset className="background-add">
        <legend>Add a provider</legend>
        <label className="field">
          Kind
          <select aria-label="Provider kind" value={draft.kind} onChange={(event) => set({ kind: event.target.value as Draft['kind'] })}>
            <option value="openai">OpenAI-compatible endpoint (Ollama, LM Studio, vLLM, OpenAI)</option>
            <option value="gguf">Local GGUF file</option>
          </select>
        </label>
        <label className="field">
          Name
          <input aria-label="Provider name" value={draft.id} placeholder="ollama" onChange={(event) => set({ id: event.target.value })} />
        </label>
        {draft.kind === 'openai' ? (
          <>
            <label className="field">
              Base URL
              <input aria-label="Base URL" value={draft.baseURL} onChange={(event) => set({ baseURL: event.target.value })} />
            </label>
            <label className="field">
              Model
              <input aria-label="Model name" value={draft.model} placeholder="llama3.2" onChange={(event) => set({ model: event.target.value })} />
            </label>
            <label className="field">
              API key (remote endpoints)
              <input aria-label="API key" type="password" value={draft.apiKey} onChange={(event) => set({ apiKey: event.target.value })} />
            </label>
          </>
        ) : (
          <label className="field">
            Model file
            <input aria-label="Model file" value={draft.modelPath} placeholder="/path/to/model.gguf" onChange={(event) => set({ modelPath: event.target.value })} />
          </label>
        )}
        <button type="button" onClick={add}>
          Add
        </button>
      </fieldset>
      <p className="muted">Used by the next session you start.</p>
    </div>
  );
}
