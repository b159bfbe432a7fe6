// find_files searches names inside the chosen folder only: ../ and absolute subfolders are refused, symlinks out are not followed, results are bounded.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFilesTool } from '../../../../main/background/tools/builtins/findFilesTool';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';

let outside: string;
let chosen: string;
let registry: ToolRegistry;
const context = { taskId: 't', fromVisualContent: false };

beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'tandem-find-'));
  chosen = join(outside, 'chosen');
  mkdirSync(join(chosen, 'docs', 'deep'), { recursive: true });
  writeFileSync(join(outside, 'secret-report.pdf'), 'outside');
  writeFileSync(join(chosen, 'Report-2026.pdf'), '');
  writeFileSync(join(chosen, 'notes.txt'), '');
  writeFileSync(join(chosen, 'docs', 'report-draft.pdf'), '');
  writeFileSync(join(chosen, 'docs', 'deep', 'old-report.PDF'), '');
  for (let i = 0; i < 130; i++) writeFileSync(join(chosen, 'docs', `many-${String(i).padStart(3, '0')}.log`), '');
  symlinkSync(outside, join(chosen, 'escape-link'));
  registry = new ToolRegistry({ tools: [findFilesTool(() => chosen)] });
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const matches = async (args: unknown) => {
  const result = await registry.call('find_files', args, context);
  if (!result.ok) throw new Error(result.error);
  return result.content as { matches: string[]; truncated: boolean };
};

describe('find_files', () => {
  it('finds by glob or by substring, case-insensitively, shallow first, relative to the chosen folder', async () => {
    expect(await matches({ pattern: '*.pdf' })).toMatchObject({ matches: ['Report-2026.pdf', 'docs/report-draft.pdf', 'docs/deep/old-report.PDF'], truncated: false });
    expect((await matches({ pattern: 'report' })).matches).toEqual(['Report-2026.pdf', 'docs/report-draft.pdf', 'docs/deep/old-report.PDF']);
    expect((await matches({ pattern: '*.pdf', subfolder: 'docs' })).matches).toEqual(['docs/report-draft.pdf', 'docs/deep/old-report.PDF']);
  });

  it('never follows a symlink out of the folder', async () => {
    expect((await matches({ pattern: 'secret' })).matches).toEqual([]);
    expect(await registry.call('find_files', { pattern: 'secret', subfolder: 'escape-link' }, context)).toEqual({ ok: false, error: 'find_files: subfolder "escape-link" leads outside the chosen folder' });
  });

  it.each([['../'], ['docs/../..'], ['/etc'], ['..']])('refuses subfolder %s', async (subfolder) => {
    expect(await registry.call('find_files', { pattern: 'x', subfolder }, context)).toEqual({
      ok: false,
      error: `find_files: subfolder "${subfolder}" must be a relative path inside the chosen folder (no "..", not absolute)`,
    });
  });

  it('returns at most maxResults and says the list was cut', async () => {
    const many = await matches({ pattern: 'many-*', maxResults: 100 });
    expect(many.matches).toHaveLength(100);
    expect(many.truncated).toBe(true);
    expect(await registry.call('find_files', { pattern: 'x', maxResults: 101 }, context)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid arguments for find_files: .*<=100/s) });
  });

  it('explains when no folder is chosen or the folder is gone', async () => {
    const none = new ToolRegistry({ tools: [findFilesTool(() => null)] });
    expect(await none.call('find_files', { pattern: 'x' }, context)).toEqual({ ok: false, error: 'find_files: no folder is chosen for find_files; the user can choose one in Settings → Tools' });
    const gone = new ToolRegistry({ tools: [findFilesTool(() => join(outside, 'missing'))] });
    expect(await gone.call('find_files', { pattern: 'x' }, context)).toMatchObject({ ok: false, error: expect.stringMatching(/^find_files: the chosen folder .*missing cannot be read \(.*ENOENT.*\); choose another in Settings → Tools$/) });
  });
});
