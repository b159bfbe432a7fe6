// Starts a CodeWatcher on the built worker (out/main/codeWatchWorker.js, built first when stale) for the tests of a file.

import { afterAll, beforeAll } from 'vitest';
import { CodeWatcher } from '../../../../main/perception/code';
import { ensureBuilt } from '../../cli/cli.fixture';

export function useCodeWatcher(): () => CodeWatcher {
  let watcher: CodeWatcher | null = null;
  beforeAll(async () => {
    await ensureBuilt();
    watcher = await CodeWatcher.start();
  }, 120_000);
  afterAll(async () => {
    await watcher?.dispose();
  });
  return () => {
    if (!watcher) throw new Error('the code watcher is not started yet');
    return watcher;
  };
}
