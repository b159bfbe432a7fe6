// The voice benchmark's latency paths end to end on the real-time clock: a generated spoken question gets the harness's reply, a typed one the stub model's answer, both measured from the ground-truth end of user input.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEWATCH_SEED_RANGE } from '../../../main/bench/suites/codewatch';
import { CUESPEAK_SEED_RANGE } from '../../../main/bench/suites/cuespeak';
import { REPCOUNT_SEED_RANGE } from '../../../main/bench/suites/repcount';
import { TIMESPEAK_SEED_RANGE } from '../../../main/bench/suites/timespeak';
import { FD_BENCH_SEED_RANGE } from '../../../main/bench/fdbench/generate';
import { VOICE_LATENCY_QUESTIONS, VOICE_LATENCY_SEED_RANGE, planSpokenPath, planTypedPath, runLatencyPath } from '../../../main/bench/voiceLatency';
import { STUB_ANSWER, startStubLanguageModel, type StubLanguageModelServer } from '../../../main/bench/stubLanguageModelServer';
import { ensureBuilt } from '../cli/cli.fixture';

let stub: StubLanguageModelServer;
beforeAll(async () => {
  // The background provider runs in its worker thread, as in the benchmark: that needs the built worker.
  await ensureBuilt();
  stub = await startStubLanguageModel();
}, 120_000);
afterAll(async () => {
  await stub.close();
});

describe('voice latency paths', () => {
  it('plans from seeds 6 000 000 + k (spoken) and 6 500 000 + k (typed), the same every time', () => {
    const spoken = planSpokenPath(2);
    expect(spoken.questions.map((q) => q.seed)).toEqual([6_000_000, 6_000_001]);
    expect(planSpokenPath(2).questions).toEqual(spoken.questions);
    for (const q of spoken.questions) {
      expect(VOICE_LATENCY_QUESTIONS).toContain(q.text);
      expect(q.voice).toMatch(/^espeak-ng /);
      // The mic holds the question between its start and its end, and silence just before it.
      expect(Math.abs(spoken.mic[Math.round(q.endMs * 16) - 1])).toBeGreaterThan(0);
      expect(spoken.mic[Math.round(q.startMs * 16) - 1]).toBe(0);
    }
    // The block is the voice benchmark's own: no generated suite (nor the fdbench generator) draws from it.
    for (const range of [TIMESPEAK_SEED_RANGE, CUESPEAK_SEED_RANGE, REPCOUNT_SEED_RANGE, CODEWATCH_SEED_RANGE, { first: FD_BENCH_SEED_RANGE.from, last: FD_BENCH_SEED_RANGE.to - 1 }]) {
      expect(range.last < VOICE_LATENCY_SEED_RANGE.first || range.first > VOICE_LATENCY_SEED_RANGE.last).toBe(true);
    }
    const typed = planTypedPath(3);
    expect(typed.questions.map((q) => q.seed)).toEqual([6_500_000, 6_500_001, 6_500_002]);
    expect(typed.questions.every((q, k) => q.startMs === q.endMs && q.startMs >= k * 3000 + 400 && q.startMs < k * 3000 + 600)).toBe(true);
  });

  it('a typed question is answered with the stub answer, after the end of input', async () => {
    const run = await runLatencyPath(planTypedPath(1), stub.baseURL, STUB_ANSWER);
    expect(run.ticks).toBe(15);
    expect(run.questions).toHaveLength(1);
    expect(run.questions[0].answeredWith).toBe(STUB_ANSWER);
    expect(run.questions[0].latencyMs).toBeGreaterThan(0);
  }, 30_000);

  it('a spoken question without ASR words gets the harness reply, after the end of speech', async () => {
    const run = await runLatencyPath(planSpokenPath(1), stub.baseURL);
    expect(run.questions[0].answeredWith).toBe('I hear you. Tell me more about that.');
    expect(run.questions[0].latencyMs).toBeGreaterThan(0);
  }, 30_000);
});
