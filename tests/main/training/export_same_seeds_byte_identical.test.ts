// The same seeds give a byte-identical dataset: the oracle's delays are seeded and the engine runs on the virtual clock.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTrainingData } from '../../../main/training/exportData';

const root = mkdtempSync(join(tmpdir(), 'export-same-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const sample of readdirSync(join(dir, 'samples')).sort()) {
    for (const file of readdirSync(join(dir, 'samples', sample)).sort()) out.set(`${sample}/${file}`, readFileSync(join(dir, 'samples', sample, file)));
  }
  out.set('manifest.json', readFileSync(join(dir, 'manifest.json')));
  return out;
}

describe('training data export', () => {
  it('writes byte-identical samples and manifest for the same seeds, and different ones for other seeds', async () => {
    const tasks = ['user_interruption', 'backchannel'] as const;
    await exportTrainingData({ outDir: join(root, 'a'), samplesPerTask: 2, tasks: [...tasks], log: () => {} });
    await exportTrainingData({ outDir: join(root, 'b'), samplesPerTask: 2, tasks: [...tasks], log: () => {} });
    await exportTrainingData({ outDir: join(root, 'c'), samplesPerTask: 2, tasks: [...tasks], seedBase: 100_500_000, log: () => {} });
    const a = files(join(root, 'a'));
    const b = files(join(root, 'b'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.size).toBe(4 * 10 + 1);
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    const c = files(join(root, 'c'));
    expect(c.get('manifest.json')!.equals(a.get('manifest.json')!)).toBe(false);
  }, 120_000);
});
