// SettingsStore: settings survive a restart, a set is a validated partial update written by rename, a broken file is kept aside once and never crashes.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsError, SettingsStore, defaultSettings, defaultSettingsPath } from '../../../main/live/settingsStore';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('lives next to the sessions folder', () => {
    expect(defaultSettingsPath('/data/tandem/sessions')).toBe('/data/tandem/settings.json');
  });

  it('starts from the defaults without a file, and a set survives a new store on the same file', () => {
    const path = join(tempDir(), 'nested', 'settings.json');
    const first = new SettingsStore({ path, log: () => {} });
    expect(first.get()).toEqual({
      interactionModel: 'harness',
      executionProvider: 'auto',
      permissions: { microphone: true, camera: true, screen: true },
      showHud: true,
      background: { active: null, providers: [], contextChars: 12_000 },
      tools: {},
      toolOptions: { webSearch: { provider: 'none', endpoint: null, apiKey: null }, filesFolder: null },
      voice: { name: 'espeak', rate: 175, pitch: 50 },
    });
    first.set({ executionProvider: 'cpu', permissions: { camera: false }, tools: { open_url: 'deny' } });
    // Tool classes merge tool by tool, like permissions.
    first.set({ tools: { clipboard_read: 'auto' } });
    const second = new SettingsStore({ path, log: () => {} });
    expect(second.get()).toEqual({
      interactionModel: 'harness',
      executionProvider: 'cpu',
      permissions: { microphone: true, camera: false, screen: true },
      showHud: true,
      background: { active: null, providers: [], contextChars: 12_000 },
      tools: { open_url: 'deny', clipboard_read: 'auto' },
      toolOptions: { webSearch: { provider: 'none', endpoint: null, apiKey: null }, filesFolder: null },
      voice: { name: 'espeak', rate: 175, pitch: 50 },
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(second.get());
  });

  it('merges permissions key by key; listeners hear each change', () => {
    const store = new SettingsStore({ path: join(tempDir(), 'settings.json'), log: () => {} });
    const heard: unknown[] = [];
    store.onChange((settings) => heard.push(settings.permissions));
    store.set({ permissions: { microphone: false } });
    store.set({ permissions: { screen: false } });
    expect(store.get().permissions).toEqual({ microphone: false, camera: true, screen: false });
    expect(heard).toEqual([
      { microphone: false, camera: true, screen: true },
      { microphone: false, camera: true, screen: false },
    ]);
  });

  it.each([
    [{ executionProvider: 'tpu' }, /executionProvider/],
    [{ permissions: { microphone: 'yes' } }, /permissions\.microphone/],
    [{ showHud: true, extra: 1 }, /extra/],
    [{ interactionModel: '../x' }, /interactionModel/],
    ['not an object', /expected object/],
  ])('refuses the invalid patch %j and keeps the file as it was', (patch, message) => {
    const path = join(tempDir(), 'settings.json');
    const store = new SettingsStore({ path, log: () => {} });
    store.set({ showHud: false });
    const before = readFileSync(path, 'utf8');
    let heard = 0;
    store.onChange(() => heard++);
    expect(() => store.set(patch)).toThrow(SettingsError);
    expect(() => store.set(patch)).toThrow(message);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(store.get().showHud).toBe(false);
    expect(heard).toBe(0);
  });

  it('writes through a temp file and a rename: no temp file is left, and a failed write changes nothing', () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    const store = new SettingsStore({ path, log: () => {} });
    store.set({ showHud: false });
    store.set({ executionProvider: 'cuda' });
    expect(readdirSync(dir)).toEqual(['settings.json']);

    // A folder where the file should be: the rename fails, the temp file is removed, memory keeps the old value.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'settings.json'), { recursive: true });
    const failing = new SettingsStore({ path: join(blocked, 'settings.json'), log: () => {} });
    expect(() => failing.set({ showHud: false })).toThrow(/Settings not saved: cannot write .*blocked.*settings\.json/);
    expect(failing.get().showHud).toBe(true);
    expect(readdirSync(blocked)).toEqual(['settings.json']);
  });

  it.each([
    ['not JSON', '{"showHud": tru'],
    ['JSON outside the schema', JSON.stringify({ executionProvider: 'tpu' })],
    ['an unknown key', JSON.stringify({ showHud: false, colour: 'red' })],
  ])('keeps a file with %s aside as settings.json.bad-<time>, reports it once with its path, and uses the defaults', (_what, content) => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    writeFileSync(path, content);
    const log: string[] = [];
    const store = new SettingsStore({ path, log: (line) => log.push(line), now: () => new Date('2026-11-25T06:30:00.123Z') });
    const aside = join(dir, 'settings.json.bad-2026-11-25T06-30-00-123Z');
    expect(store.get()).toEqual(defaultSettings());
    expect(store.setAside).toBe(aside);
    expect(readFileSync(aside, 'utf8')).toBe(content);
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(aside);
    // The next change is saved fresh next to the kept file.
    store.set({ showHud: false });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.bad-2026-11-25T06-30-00-123Z']);
    expect(new SettingsStore({ path, log: () => {} }).get().showHud).toBe(false);
  });
});
