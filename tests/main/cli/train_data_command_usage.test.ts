// `tandem train-data` refuses bad command lines with a usage error that says what to do, before any data is made.

import { describe, expect, it } from 'vitest';
import { trainDataCommand } from '../../../main/cli/trainData';

describe('tandem train-data usage', () => {
  it.each([
    [[], /Missing --out DIR/],
    [['--out', '/tmp/x', '--seed-base', '1000000'], /fdbench benchmark's seeds/],
    [['--out', '/tmp/x', '--seed-base', '12abc'], /--seed-base must be a whole number/],
    [['--out', '/tmp/x', '--size', '0'], /--size must be at least 1/],
    [['--out', '/tmp/x', '--tasks', 'pause_handling,dancing'], /Unknown task "dancing"/],
    [['--out', '/tmp/x', '--fd-data', '/tmp/y', '--size', '3'], /apply to generated data, not to --fd-data/],
    [['--out', '/tmp/x', '--timed', '--tasks', 'backchannel'], /--timed takes neither/],
    [['--out', '/tmp/x', '--timed', '--seed-base', '2000000'], /timespeak benchmark's seeds/],
    [['--out', '/tmp/x', '--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (args, message) => {
    await expect(trainDataCommand(args as string[])).rejects.toMatchObject({ name: 'TandemError', code: 'USAGE', message: expect.stringMatching(message) });
  });
});
