// readFdSampleAnnotations: reads FD-bench's annotation files as the evaluation scripts use them, and names the file and field of a bad one.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalFdTask, readFdSampleAnnotations, readIccGtDistribution } from '../../../../main/bench/fdbench/annotations';
import { TandemError } from '../../../../common/errors';

let root: string;
function sample(name: string, files: Record<string, unknown>): string {
  root ??= mkdtempSync(join(tmpdir(), 'fd-annotations-'));
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}
function thrown(run: () => unknown): TandemError {
  try {
    run();
  } catch (error) {
    return error as TandemError;
  }
  throw new Error('expected a throw');
}
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined as unknown as string;
});

describe('readFdSampleAnnotations', () => {
  it('reads the v1 files in FD-bench layout (real Candor sample values)', () => {
    const dir = sample('1', {
      'turn_taking.json': [{ text: '[TURN-TAKING]', timestamp: [5.629999999999882, 5.899999999999864] }],
      'pause.json': [{ text: '[PAUSE]', timestamp: [1.0, 1.6] }, { text: '[PAUSE]', timestamp: [3.2, 3.9] }],
      'interrupt.json': [{ context: 'tell me a long story', interrupt: 'wait stop', timestamp: [4.4, 5.7] }],
      'input.wav': 'RIFF',
    });
    const a = readFdSampleAnnotations(dir);
    expect(a.turnTaking?.[0].timestamp).toEqual([5.629999999999882, 5.899999999999864]);
    expect(a.pause).toHaveLength(2);
    expect(a.interrupt?.[0].interrupt).toBe('wait stop');
    expect(a.files).toEqual(['pause.json', 'turn_taking.json', 'interrupt.json']);
    expect(a.metadata).toBeUndefined();
    expect(a.cleanInputWav).toBeUndefined();
  });

  it('reads v1.5 metadata.json with extra keys and notes clean_input.wav', () => {
    const dir = sample('user_interrupt_001', {
      'metadata.json': { context_text: 'find me a hotel', current_turn_text: 'with a pool please', timestamps: [7.864, 12.16], tts_profiles: { any: 1 } },
      'clean_input.wav': 'RIFF',
    });
    const a = readFdSampleAnnotations(dir);
    expect(a.metadata?.timestamps).toEqual([7.864, 12.16]);
    expect(a.metadata?.current_turn_text).toBe('with a pool please');
    expect(a.cleanInputWav).toBe(join(dir, 'clean_input.wav'));
  });

  it('takes the backchannel distribution from backchannel_gt.json, else from icc_gt_distribution.json by folder name', () => {
    const own = sample('7', { 'backchannel_gt.json': { window_s: 0.2, distribution: [0.5, 0.5] } });
    expect(readFdSampleAnnotations(own, { iccGtDistribution: { '7': [1, 0] } }).backchannelGt).toEqual({ distribution: [0.5, 0.5], source: 'backchannel_gt.json' });
    const icc = sample('3', {});
    expect(readFdSampleAnnotations(icc, { iccGtDistribution: { '3': [0.25, 0.75] } }).backchannelGt).toEqual({ distribution: [0.25, 0.75], source: 'icc_gt_distribution.json' });
    expect(readFdSampleAnnotations(icc, { iccGtDistribution: { '4': [1] } }).backchannelGt).toBeUndefined();
  });

  it('names the file and the field of a bad timestamp', () => {
    const dir = sample('bad', { 'interrupt.json': [{ context: 'a', interrupt: 'b', timestamp: [3, -1] }] });
    const error = thrown(() => readFdSampleAnnotations(dir));
    expect(error).toBeInstanceOf(TandemError);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.where).toBe(join(dir, 'interrupt.json'));
    expect(error.message).toContain('[0].timestamp[1]: expected a time in seconds ≥ 0, got -1');
  });

  it('rejects a span that ends before it starts, a missing field, and broken JSON', () => {
    const reversed = sample('rev', { 'turn_taking.json': [{ text: '[TURN-TAKING]', timestamp: [5, 4] }] });
    expect(thrown(() => readFdSampleAnnotations(reversed)).message).toContain('[0].timestamp: expected [start, end] with end ≥ start');
    const missing = sample('miss', { 'metadata.json': { context_text: 'x' } });
    expect(thrown(() => readFdSampleAnnotations(missing)).message).toContain('timestamps: expected [start, end] in seconds');
    const broken = sample('broken', { 'pause.json': '[{"text": ' });
    const error = thrown(() => readFdSampleAnnotations(broken));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain('not valid JSON');
  });

  it('rejects a backchannel_gt.json with another bin width and a user_speech.json out of order', () => {
    const width = sample('w', { 'backchannel_gt.json': { window_s: 0.1, distribution: [1] } });
    expect(thrown(() => readFdSampleAnnotations(width)).message).toContain('window_s: expected 0.2');
    const order = sample('o', { 'user_speech.json': [{ text: '[SPEECH]', timestamp: [1, 2] }, { text: '[SPEECH]', timestamp: [1.5, 3] }] });
    expect(thrown(() => readFdSampleAnnotations(order)).message).toContain('[1].timestamp[0]: expected segments in time order');
  });

  it('reads icc_gt_distribution.json and rejects an all-zero distribution', () => {
    const dir = sample('data', { 'icc_gt_distribution.json': { '0': [0.1, 0.9], '1': [0, 0] } });
    const error = thrown(() => readIccGtDistribution(join(dir, 'icc_gt_distribution.json')));
    expect(error.message).toContain('1: expected at least one bin > 0');
  });
});

describe('task names', () => {
  it('accepts its own names and FD-bench v1.5 folder names, and nothing else', () => {
    expect(canonicalFdTask('smooth_turn_taking')).toBe('smooth_turn_taking');
    expect(canonicalFdTask('talking_to_other')).toBe('overlap_talking_to_other');
    expect(canonicalFdTask('background_speech')).toBe('overlap_background_speech');
    expect(canonicalFdTask('background_noise')).toBe('overlap_background_noise');
    expect(canonicalFdTask('user_backchannel')).toBe('overlap_user_backchannel');
    expect(canonicalFdTask('toString')).toBeNull();
    expect(canonicalFdTask('pause')).toBeNull();
  });
});
