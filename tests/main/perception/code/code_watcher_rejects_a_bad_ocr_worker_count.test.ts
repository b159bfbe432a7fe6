// A code watcher asked for a number of OCR workers it cannot run fails to start with a CONFIG_INVALID error naming the
// option, before any thread is started (the script given does not exist: starting it would be a different error).

import { describe, expect, it } from 'vitest';
import { CodeWatcher } from '../../../../main/perception/code';

describe('CodeWatcher.start with a bad ocrWorkers', () => {
  it.each([0, -1, 1.5, 5, Number.NaN])('ocrWorkers %s → CONFIG_INVALID', async (ocrWorkers) => {
    const started = CodeWatcher.start({ ocrWorkers, workerScript: '/nonexistent/codeWatchWorker.js' });
    await expect(started).rejects.toMatchObject({
      name: 'TandemError',
      code: 'CONFIG_INVALID',
      where: 'CodeWatcherOptions.ocrWorkers',
      message: expect.stringContaining(`ocrWorkers must be a whole number from 1 to 4, got ${String(ocrWorkers)}`),
    });
  });
});
