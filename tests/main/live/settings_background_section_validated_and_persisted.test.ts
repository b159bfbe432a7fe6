// The settings' background section: providers and the active one are validated strictly, replaced as a whole, and survive a restart.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../main/live/settingsStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function store(): { path: string; make: () => SettingsStore } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bg-settings-'));
  dirs.push(dir);
  const path = join(dir, 'settings.json');
  return { path, make: () => new SettingsStore({ path, log: () => {} }) };
}

const ollama = { id: 'ollama', kind: 'openai' as const, baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.2' };
const gguf = { id: 'local', kind: 'gguf' as const, modelPath: '/models/qwen.gguf' };

describe('background settings', () => {
  it('has no provider by default, fills each provider\'s defaults, and keeps the section across a restart', () => {
    const { make } = store();
    expect(make().get().background).toEqual({ active: null, providers: [], contextChars: 12_000 });
    make().set({ background: { active: 'local', providers: [ollama, gguf] } });
    expect(make().get().background).toEqual({
      active: 'local',
      providers: [
        { ...ollama, timeoutMs: 60_000, idleTimeoutMs: 20_000 },
        { ...gguf, contextSize: 4096, maxTokens: 512, gpu: 'auto', threads: 0, timeoutMs: 120_000 },
      ],
      contextChars: 12_000,
    });
  });

  it('refuses an active id that names no provider, duplicate ids, a non-http URL and unknown fields, naming the field', () => {
    const settings = store().make();
    expect(() => settings.set({ background: { active: 'nope', providers: [ollama] } })).toThrow(/names no configured provider \(have: ollama\)[\s\S]*background\.active/);
    expect(() => settings.set({ background: { active: null, providers: [ollama, ollama] } })).toThrow(/duplicate provider id "ollama"/);
    expect(() => settings.set({ background: { active: null, providers: [{ ...ollama, baseURL: 'file:///etc/passwd' }] } })).toThrow(/baseURL/);
    expect(() => settings.set({ background: { active: null, providers: [{ ...ollama, apiKeyy: 'x' }] } })).toThrow(/apiKeyy/);
    expect(settings.get().background.providers).toEqual([]);
  });
});
