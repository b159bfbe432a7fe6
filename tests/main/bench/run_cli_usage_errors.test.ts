// `tandem bench` refuses unknown suites, models, sizes and misplaced options with exit 2 and a line that lists what it knows.

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runTandem } from '../cli/cli.fixture';

describe('tandem bench usage errors', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('lists the known suites for an unknown one', async () => {
    const run = await runTandem(['bench', 'nope', '--out', 'unused']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tandem: Unknown benchmark suite "nope" \(tandem bench\)\. Suites: engine, .*perf.*, all\.\n$/);
  });

  it('lists the known interaction models for an unknown one', async () => {
    const run = await runTandem(['bench', 'perf', '--im', 'harness,nope', '--out', 'unused']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('tandem: Unknown interaction model "nope" (--im). Use one of: harness, native.\n');
  });

  it('reads MODEL@CONFIG=LABEL and refuses an empty config path', async () => {
    const run = await runTandem(['bench', 'perf', '--im', 'native@=x', '--out', 'unused']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot read "native@=x" \(--im\)\. Give MODEL, MODEL=LABEL or MODEL@CONFIG=LABEL/);
  });

  it('refuses a size other than small or full, a missing --out, and options that belong to another benchmark', async () => {
    const size = await runTandem(['bench', 'perf', '--size', 'medium', '--out', 'unused']);
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/Unknown size "medium"/);
    const out = await runTandem(['bench', 'perf']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Missing --out DIR/);
    const engine = await runTandem(['bench', 'engine', '--im', 'harness']);
    expect(engine.code).toBe(2);
    expect(engine.stderr).toMatch(/--im does not apply to the engine benchmark/);
    const twice = await runTandem(['bench', 'perf', '--im', 'harness,harness', '--out', 'unused']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/Model label "harness" is given twice/);
  });
});
