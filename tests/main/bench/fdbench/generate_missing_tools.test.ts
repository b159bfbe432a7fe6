// A missing espeak-ng, flite or sox is reported as MEDIA_TOOL_MISSING naming the package to install; a complete cached suite needs none of them.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TandemError } from '../../../../common/errors';
import { generateFdSuite } from '../../../../main/bench/fdbench/generate';

const root = mkdtempSync(join(tmpdir(), 'fdbench-tools-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function errorOf(promise: Promise<unknown>): Promise<TandemError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TandemError);
    return error as TandemError;
  }
  throw new Error('expected the generation to fail');
}

describe('generateFdSuite without its media tools', () => {
  it.each([
    ['espeak-ng', 'espeak-ng'],
    ['flite', 'flite'],
    ['sox', 'sox'],
  ] as const)('a missing %s is MEDIA_TOOL_MISSING with `apt-get install -y %s`, before anything is written', async (tool, aptPackage) => {
    const outDir = join(root, `missing-${tool}`);
    const missing = join(root, 'no-such-dir', tool);
    const error = await errorOf(generateFdSuite({ outDir, size: 'small', tasks: ['smooth_turn_taking'], toolPaths: { [tool]: missing } }));
    expect(error.code).toBe('MEDIA_TOOL_MISSING');
    expect(error.where).toBe(missing);
    expect(error.message).toContain(tool);
    expect(error.hint).toContain(`apt-get install -y ${aptPackage}`);
    expect(() => readdirSync(outDir)).toThrow();
  });

  it('reuses a complete cached suite without running any tool', async () => {
    const outDir = join(root, 'cached');
    const made = await generateFdSuite({ outDir, size: 'small', tasks: ['smooth_turn_taking'] });
    const nowhere = join(root, 'no-such-dir');
    const reused = await generateFdSuite({
      outDir,
      size: 'small',
      tasks: ['smooth_turn_taking'],
      toolPaths: { 'espeak-ng': join(nowhere, 'espeak-ng'), flite: join(nowhere, 'flite'), sox: join(nowhere, 'sox') },
    });
    expect(reused).toEqual(made);
  });
});
