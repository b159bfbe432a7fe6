// Backchannel: eval_backchannel.py's segment walk (TOR, kept backchannels, frequency) and the Jensen–Shannon distance of their timing to the human distribution.

import { describe, expect, it } from 'vitest';
import { backchannelSample, backchannelTimingJsd, jensenShannonDistance, resampleLinear } from '../../../../main/bench/fdbench/metrics';
import { speechOf, wordsText } from './speech.fixture';

describe('Jensen–Shannon distance (scipy jensenshannon, natural log)', () => {
  it('is 0 for identical distributions', () => {
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    // Normalised first, like scipy: [2, 3, 5] is the same distribution.
    expect(jensenShannonDistance([2, 3, 5], [0.2, 0.3, 0.5])).toBeCloseTo(0, 12);
  });

  it('is √(ln 2) ≈ 0.8326 for disjoint distributions: scipy returns the distance (√ of the divergence) in nats', () => {
    // p = (1, 0), q = (0, 1), m = (½, ½): KL(p‖m) = KL(q‖m) = ln 2 → √((ln 2 + ln 2) / 2) = √(ln 2).
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 12);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(0.832555, 6);
  });

  it('matches a hand computation for p = (1, 0), q = (½, ½)', () => {
    // m = (¾, ¼); KL(p‖m) = ln(4/3) = 0.287682; KL(q‖m) = ½ln(2/3) + ½ln 2 = 0.143841;
    // √((0.287682 + 0.143841) / 2) = √0.215762 = 0.464501.
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.464501, 6);
  });
});

describe('resampling the human distribution (interp1d over linspace(0, 1))', () => {
  it('interpolates linearly to more bins and picks the ends for fewer', () => {
    expect(resampleLinear([0, 1], 3)).toEqual([0, 0.5, 1]);
    expect(resampleLinear([0, 1, 0], 5)).toEqual([0, 0.5, 1, 0.5, 0]);
    expect(resampleLinear([0, 1, 0], 2)).toEqual([0, 0]);
  });
});

describe('backchannel sample', () => {
  it('counts a short 1-word stretch as a backchannel and scores its timing by hand', () => {
    // Sample 1000 ms → ⌊1000/200⌋ + 1 = 6 bins. "mm" 250–450 ms → bins ⌊250/200⌋ = 1 … ⌊450/200⌋ = 2:
    // [0, 1, 1, 0, 0, 0] (+1e-10, normalised) against a uniform human distribution (1/6 each).
    // m = (1/12, 1/3, 1/3, 1/12, 1/12, 1/12); KL(p‖m) = ln 1.5 = 0.405465; KL(q‖m) = ⅓ln ½ + ⅔ln 2 = ⅓ln 2 = 0.231049;
    // √((0.405465 + 0.231049) / 2) = √0.318257 = 0.564143. Frequency 1 backchannel / 1 s = 1.
    const speech = speechOf([{ atMs: 250, text: 'mm', wordMs: 200, kind: 'backchannel' }], 1000);
    const result = backchannelSample([1, 1, 1, 1, 1, 1], speech, 1000);
    expect(result).toMatchObject({ tor: 0, torAnySegment: 0, backchannels: [[250, 450]], frequencyPerS: 1, strictBackchannels: [[250, 450]], strictFrequencyPerS: 1 });
    expect(result.jsd).toBeCloseTo(0.564143, 5);
    expect(result.strictJsd).toBe(result.jsd);
  });

  it('puts a backchannel ending exactly on a bin edge into the next bin (exact ms, ⌊600/200⌋ = 3)', () => {
    // 200–600 covers bins 1, 2 and 3 → p = (0, ⅓, ⅓, ⅓, 0, 0); against a human distribution on the same three bins → 0.
    expect(backchannelTimingJsd([[200, 600]], 1000, [0, 1, 1, 1, 0, 0])).toBeCloseTo(0, 4);
  });

  it('scores a model that never speaks: TOR 0, frequency 0, JSD 1 (FD-bench\'s value for "no backchannel")', () => {
    expect(backchannelSample([1, 1], speechOf([], 10_000), 10_000)).toEqual({
      tor: 0, torAnySegment: 0, backchannels: [], frequencyPerS: 0, jsd: 1, strictBackchannels: [], strictFrequencyPerS: 0, strictJsd: 1,
    });
  });

  it('scores a model that speaks over everything: a stretch over 3 s is a turn (TOR 1), nothing counted, JSD 1', () => {
    // 30 words × 300 ms from 200 ms: one 9000 ms stretch > 3000 ms.
    expect(backchannelSample([1, 1], speechOf([{ atMs: 200, text: wordsText(30) }], 10_000), 10_000)).toEqual({
      tor: 1, torAnySegment: 1, backchannels: [], frequencyPerS: 0, jsd: 1, strictBackchannels: [], strictFrequencyPerS: 0, strictJsd: 1,
    });
  });

  it('applies the word limits: under 1 s, 2 words is a backchannel, 3 words a turn; 1 s or longer is a turn', () => {
    const d = 10_000;
    expect(backchannelSample([1], speechOf([{ atMs: 1000, text: 'uh huh', wordMs: 200 }], d), d).tor).toBe(0);
    expect(backchannelSample([1], speechOf([{ atMs: 1000, text: 'uh huh yeah', wordMs: 200 }], d), d).tor).toBe(1);
    // One word lasting exactly 1000 ms: not < 1 s → turn.
    expect(backchannelSample([1], speechOf([{ atMs: 1000, text: 'mmmmm', wordMs: 1000 }], d), d).tor).toBe(1);
    // 999 ms with one word: a backchannel.
    expect(backchannelSample([1], speechOf([{ atMs: 1000, text: 'mmmm', wordMs: 999 }], d), d).tor).toBe(0);
  });

  it('reproduces FD-bench\'s walk: the last stretch decides TOR, and every stretch ≤ 3 s is counted as a backchannel', () => {
    const d = 10_000;
    // Reply of 6 words 1000–2800 (1800 ms ≤ 3 s, > 3 words → TOR 1, still counted), then "mm-hmm" 5000–5300 (TOR 0).
    // FD-bench: TOR 0 (last stretch), 2 backchannels / 10 s = 0.2. Strict: only "mm-hmm" → 0.1, and a turn happened.
    const turnThenBackchannel = backchannelSample([1], speechOf([
      { atMs: 1000, text: wordsText(6) },
      { atMs: 5000, text: 'mm-hmm', kind: 'backchannel' },
    ], d), d);
    expect(turnThenBackchannel).toMatchObject({
      tor: 0, torAnySegment: 1, backchannels: [[1000, 2800], [5000, 5300]], frequencyPerS: 0.2, strictBackchannels: [[5000, 5300]], strictFrequencyPerS: 0.1,
    });
    // The other order: TOR 1 (last stretch is the reply), still 2 counted.
    const backchannelThenTurn = backchannelSample([1], speechOf([
      { atMs: 1000, text: 'mm-hmm', kind: 'backchannel' },
      { atMs: 5000, text: wordsText(6) },
    ], d), d);
    expect(backchannelThenTurn).toMatchObject({ tor: 1, torAnySegment: 1, frequencyPerS: 0.2, strictBackchannels: [[1000, 1300]] });
  });

  it('stops at a stretch over 3 s: later backchannels are not counted by FD-bench, but are by the strict list', () => {
    // "mm" 500–800; 14 words 2000–6200 (4200 ms > 3 s) → TOR 1, walk stops; "mm" 8000–8300 after it.
    const result = backchannelSample([1], speechOf([
      { atMs: 500, text: 'mm', kind: 'backchannel' },
      { atMs: 2000, text: wordsText(14) },
      { atMs: 8000, text: 'mm', kind: 'backchannel' },
    ], 10_000), 10_000);
    expect(result).toMatchObject({ tor: 1, torAnySegment: 1, backchannels: [[500, 800]], frequencyPerS: 0.1, strictBackchannels: [[500, 800], [8000, 8300]], strictFrequencyPerS: 0.2 });
  });

  it('treats touching utterances as one continuous stretch of audio', () => {
    // "mm" 1000–1300 then a reply 1300–1900 right after: one 900 ms stretch with 3 words → a turn.
    const result = backchannelSample([1], speechOf([
      { atMs: 1000, text: 'mm', kind: 'backchannel' },
      { atMs: 1300, text: 'so what', kind: 'reply' },
    ], 10_000), 10_000);
    expect(result).toMatchObject({ tor: 1, backchannels: [[1000, 1900]], strictBackchannels: [] });
  });

  it('has no JSD (null with the reason) when backchannels were counted but no human distribution exists', () => {
    const result = backchannelSample(undefined, speechOf([{ atMs: 1000, text: 'mm', kind: 'backchannel' }], 10_000), 10_000);
    expect(result.jsd).toBeNull();
    expect(result.strictJsd).toBeNull();
    expect(result.missingReason).toContain('backchannel_gt.json');
  });
});
