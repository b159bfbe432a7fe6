// voice.md from a voice benchmark result: both end-of-speech paths with p50/p95 against the 600 ms target, the ASR real-time factors, and per-question rows.

import { describe, expect, it } from 'vitest';
import { renderVoiceMarkdown, type VoiceBenchResult } from '../../../main/bench/voiceBench';

const result: VoiceBenchResult = {
  tandemVersion: '0.0.0',
  date: '2026-11-25T08:00:00.000Z',
  machine: { os: 'Linux', cpu: 'Test CPU', cores: 2, memoryGb: 24, freeMemoryGb: 20, node: 'v20.20.2' },
  voice: 'espeak-ng en-us',
  sentences: 1,
  measurements: 2,
  firstChunkMs: { p50: 4, p95: 15, max: 16, targetMs: 150, meetsTarget: true },
  realTimeFactor: 0.006,
  perSentence: [{ words: 1, audioMs: 400, firstChunkMs: 4, synthMs: 5 }],
  endOfSpeechToFirstAudio: {
    targetMs: 600,
    stub: { model: 'tandem-bench-stub', firstTokenMs: 150, answer: 'It is five past ten.', requests: 2 },
    paths: [
      { path: 'spoken', name: 'spoken question (no ASR words) → harness reply', questions: 2, answered: 2, p50: 812.4, p95: 901, max: 901, meetsTarget: false, overruns: 0, perQuestion: [
        { seed: 6_000_000, text: 'What time is it?', endMs: 1_500.2, answeredWith: 'I hear you. Tell me more about that.', latencyMs: 812.4 },
        { seed: 6_000_001, text: 'Is the build finished yet?', endMs: 7_100, answeredWith: 'I hear you. Tell me more about that.', latencyMs: 901 },
      ] },
      { path: 'typed', name: 'typed question → background answer (stub LM)', questions: 1, answered: 0, p50: null, p95: null, max: null, meetsTarget: null, overruns: 1, perQuestion: [
        { seed: 6_500_000, text: 'What is two plus three?', endMs: 450, answeredWith: null, latencyMs: null },
      ] },
    ],
  },
  asr: {
    model: { kind: 'signature-tiny', layers: 6, hidden: 288, vocab: 32_768, note: '' },
    runtime: 'onnxruntime-node cpu',
    machine: { cpu: 'Test CPU', cores: 2, node: 'v20.20.2' },
    segments: [{ audioMs: 1_000, tokens: 5, repetitions: 5, p50Ms: 20, maxMs: 25, realTimeFactor: 0.02, msPerToken: 4 }],
    streaming: { audioMs: 5_000, partialEveryTurns: 3, decodes: 8, totalDecodeMs: 150, realTimeFactor: 0.03, longestDecodeMs: 30 },
  },
  definitions: { endOfSpeechToFirstAudio: 'defined' },
};

describe('renderVoiceMarkdown', () => {
  it('has one p50 and one p95 row per path, target verdicts, and the ASR rows', () => {
    const lines = renderVoiceMarkdown(result).split('\n');
    expect(lines).toContain('| End of user speech → first assistant audio, spoken question (no ASR words) → harness reply, p50 | 812 ms (2/2 answered) | |');
    expect(lines).toContain('| End of user speech → first assistant audio, spoken question (no ASR words) → harness reply, p95 | 901 ms | ≤ 600 ms (not met) |');
    expect(lines).toContain('| End of user speech → first assistant audio, typed question → background answer (stub LM), p50 | – (0/1 answered) | |');
    expect(lines).toContain('| End of user speech → first assistant audio, typed question → background answer (stub LM), p95 | – | ≤ 600 ms |');
    expect(lines).toContain('| ASR real-time factor, 1 s segment (signature-tiny) | 0.02 | < 1 |');
    expect(lines).toContain('| ASR real-time factor, streamed 5 s re-decoded every 3 micro-turns | 0.03 | < 1 |');
    expect(lines).toContain('Stub language model: tandem-bench-stub on 127.0.0.1, first token after 150 ms, answer "It is five past ten." (2 requests).');
    expect(lines).toContain('| 6000000 | What time is it? | 1500 ms | I hear you. Tell me more about that. | 812 ms |');
    expect(lines).toContain('| 6500000 | What is two plus three? | 450 ms | – | – |');
    expect(lines).not.toContain('not measured');
  });

  it('says what was not measured when the end-to-end part was skipped', () => {
    const text = renderVoiceMarkdown({ ...result, endOfSpeechToFirstAudio: null, asr: null });
    expect(text).toContain('| End of user speech → first assistant audio | not measured in this run | ≤ 600 ms |');
    expect(text).toContain('| ASR real-time factor | not measured in this run | < 1 |');
    expect(text).not.toContain('## End of user speech → first assistant audio');
  });
});
