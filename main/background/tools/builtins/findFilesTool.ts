// find_files: file names matching a pattern inside the one folder the user chose, bounded in depth, count and time, never outside it.

import { opendir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ToolFailure, type ToolDefinition } from '../toolTypes';

/** Bounds so a huge folder answers quickly: entries visited, matches returned, depth. */
export const FIND_FILES_LIMITS = { maxVisited: 20_000, maxResults: 100, maxDepth: 8 } as const;

const args = z.strictObject({
  pattern: z.string().trim().min(1).max(200).describe('Case-insensitive text the file name contains, or a glob with * and ? (e.g. "*.pdf").'),
  subfolder: z.string().max(500).optional().describe('A folder inside the chosen folder to search, relative to it (default: the whole folder).'),
  maxResults: z.number().int().min(1).max(FIND_FILES_LIMITS.maxResults).optional(),
});

export function findFilesTool(folder: () => string | null): ToolDefinition {
  const tool: ToolDefinition<typeof args> = {
    name: 'find_files',
    description: 'Find files by name in the folder the user chose for Tandem (Settings → Tools); paths are relative to that folder.',
    parameters: args,
    sideEffect: false,
    desktop: false,
    timeoutMs: 10_000,
    run: async (input, { signal }) => {
      const chosen = folder();
      if (!chosen) throw new ToolFailure('no folder is chosen for find_files; the user can choose one in Settings → Tools');
      return findFiles(chosen, input, signal);
    },
  };
  return tool as ToolDefinition;
}

export async function findFiles(
  chosenFolder: string,
  input: { pattern: string; subfolder?: string; maxResults?: number },
  signal?: AbortSignal,
): Promise<{ folder: string; matches: string[]; truncated: boolean; visited: number }> {
  let root: string;
  try {
    root = await realpath(chosenFolder);
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw new ToolFailure(`the chosen folder ${chosenFolder} cannot be read (${(error as Error).message}); choose another in Settings → Tools`);
  }
  let start = root;
  if (input.subfolder) {
    if (isAbsolute(input.subfolder) || input.subfolder.split(/[\\/]/).includes('..')) {
      throw new ToolFailure(`subfolder "${input.subfolder}" must be a relative path inside the chosen folder (no "..", not absolute)`);
    }
    try {
      start = await realpath(resolve(root, input.subfolder));
    } catch {
      throw new ToolFailure(`there is no folder "${input.subfolder}" inside the chosen folder`);
    }
    // A symlink inside the folder must not lead out of it either.
    if (start !== root && !start.startsWith(root + sep)) throw new ToolFailure(`subfolder "${input.subfolder}" leads outside the chosen folder`);
  }
  const matcher = nameMatcher(input.pattern);
  const limit = input.maxResults ?? 20;
  const matches: string[] = [];
  let visited = 0;
  let truncated = false;
  const queue: Array<{ path: string; depth: number }> = [{ path: start, depth: 0 }];
  // Breadth first, so shallow matches come before deep ones; symlinks are not followed (they could lead out).
  while (queue.length > 0) {
    if (signal?.aborted) throw signal.reason;
    const { path, depth } = queue.shift()!;
    let dir;
    try {
      dir = await opendir(path);
    } catch {
      continue; // unreadable folders are skipped
    }
    for await (const entry of dir) {
      if (++visited > FIND_FILES_LIMITS.maxVisited) {
        truncated = true;
        break;
      }
      const full = join(path, entry.name);
      if (entry.isDirectory() && depth + 1 < FIND_FILES_LIMITS.maxDepth) queue.push({ path: full, depth: depth + 1 });
      if (entry.isFile() && matcher(entry.name)) {
        if (matches.length >= limit) {
          truncated = true;
          break;
        }
        matches.push(relative(root, full).split(sep).join('/'));
      }
    }
    if (truncated) break;
  }
  return { folder: root, matches, truncated, visited: Math.min(visited, FIND_FILES_LIMITS.maxVisited) };
}

function nameMatcher(pattern: string): (name: string) => boolean {
  if (!/[*?]/.test(pattern)) {
    const needle = pattern.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}
