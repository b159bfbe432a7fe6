// The ASR benchmark decodes segments of the lengths asked with a Moonshine-Tiny-shaped model and writes asr.json with its real-time factors.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAsrBench } from '../../../../main/cli/benchAsr';

const dir = mkdtempSync(join(tmpdir(), 'tandem-asr-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ASR benchmark', () => {
  it('times each segment length and a streamed segment, and writes them to asr.json', async () => {
    const { path, result } = await runAsrBench({ outDir: dir, segmentSeconds: [1, 2], repetitions: 2, streamSeconds: 1.2, partialEveryTurns: 3 });
    expect(path).toBe(join(dir, 'asr.json'));
    // One token per 200 ms of audio: the decoder really ran to the end of each segment's text.
    expect(result.segments.map((s) => [s.audioMs, s.tokens, s.repetitions])).toEqual([
      [1000, 5, 2],
      [2000, 10, 2],
    ]);
    for (const segment of result.segments) expect(segment.realTimeFactor).toBeCloseTo(segment.p50Ms / segment.audioMs, 3);
    // 6 micro-turns re-decoded at turns 3 and 6 (the last one is the final).
    expect(result.streaming).toMatchObject({ audioMs: 1200, partialEveryTurns: 3, decodes: 2 });
    expect(result.model).toMatchObject({ layers: 6, hidden: 288, vocab: 32_768 });
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.command).toBe('tandem bench asr');
    expect(written.segments).toEqual(result.segments);
  });
});
