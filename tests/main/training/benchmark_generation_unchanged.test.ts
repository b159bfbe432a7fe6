// The training options added to the generator change nothing for the benchmark: its seeds still give byte-identical generation.json (which hashes every file of the sample).

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FD_MANIFEST_FILE, generateFdSuite } from '../../../main/bench/fdbench/generate';

// Made by the generator before the training options existed (commit 2f03071), with the tools it records.
const fixture = JSON.parse(readFileSync(join(__dirname, 'benchmark_generation.fixture.json'), 'utf8')) as { tools: Record<string, string>; generationJsonSha256: Record<string, string> };

const root = mkdtempSync(join(tmpdir(), 'bench-unchanged-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('benchmark generation', () => {
  it('the small suite of benchmark seeds is byte-identical to what the generator made before the training options', async (context) => {
    const suite = await generateFdSuite({ outDir: root, size: 'small' });
    const tools = JSON.parse(readFileSync(join(suite.samples[0].input, FD_MANIFEST_FILE), 'utf8')).tools;
    // The bytes depend on the espeak-ng, flite and sox versions: the fixture is only comparable with the same tools.
    if (JSON.stringify(tools) !== JSON.stringify(fixture.tools)) context.skip(`tools differ from the fixture's (${JSON.stringify(tools)}); regenerate the fixture from commit 2f03071 on this machine to compare`);
    const digests = Object.fromEntries(suite.samples.map((s) => [`${s.task}/${s.seed}`, createHash('sha256').update(readFileSync(join(s.input, FD_MANIFEST_FILE))).digest('hex')]));
    expect(digests).toEqual(fixture.generationJsonSha256);
  }, 240_000);
});
