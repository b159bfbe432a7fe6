// `tandem bench voice --stub-first-token-ms`: a value that is not a whole number of milliseconds is a usage error naming the option, before anything is measured.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runTandem, TempDirs } from './cli.fixture';

const temp = new TempDirs();
beforeAll(async () => {
  await ensureBuilt();
}, 120_000);
afterAll(() => temp.removeAll());

describe('tandem bench voice options', () => {
  it.each(['-5', '1.5', 'fast', '60001'])('refuses --stub-first-token-ms %s', async (value) => {
    const out = temp.make('voice-bad');
    const result = await runTandem(['bench', 'voice', '--out', out, `--stub-first-token-ms=${value}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--stub-first-token-ms must be a whole number of milliseconds from 0 to 60000, got "${value}"`);
  }, 60_000);

  it('refuses the interaction benchmark\'s options', async () => {
    const result = await runTandem(['bench', 'voice', '--out', temp.make('voice-size'), '--size', 'small']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--size does not apply to the voice benchmark');
  }, 60_000);
});
