// Plots render to SVG headlessly, say which model has no values (and why) instead of drawing zeros, and are skipped with a reason when nothing can be drawn.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TimelineEvent, TimelineKind } from '../../../common/timeline';
import { assistantIntervals, distributionSpec, renderSvg, speechFromEnergy, timelineSpec, writeSuitePlots } from '../../../main/bench/plots';
import type { ModelSuiteReport, SuiteReport } from '../../../main/bench/report';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const isSvg = (text: string) => text.startsWith('<svg') && text.trimEnd().endsWith('</svg>');

describe('plots', () => {
  it('draws a distribution per model and names the model without values with its reason', async () => {
    const svg = await renderSvg(
      distributionSpec('fdbench: smooth turn-taking latency', 'latency (ms)', [
        { label: 'harness', values: [420, 610, 380, 900] },
        { label: 'native', values: [], missingReason: 'the model never took the turn' },
      ]),
    );
    expect(isSvg(svg)).toBe(true);
    expect(svg).toContain('harness: n=4');
    expect(svg).toContain('native: no values (the model never took the turn)');
  });

  it('draws the user lane and one assistant lane per model on a ms axis, with failed runs and unreadable inputs said in words', async () => {
    const svg = await renderSvg(
      timelineSpec('demo', 6000, { unavailable: 'input.wav is missing' }, [
        { label: 'harness', intervals: [{ startMs: 4200, endMs: 4575, kind: 'backchannel', cut: false }, { startMs: 4600, endMs: 7900, kind: 'reply', cut: true }] },
        { label: 'native', intervals: null, failure: 'model step threw' },
      ]),
    );
    expect(isSvg(svg)).toBe(true);
    for (const text of ['user (input energy)', 'harness', 'native', 'run failed: model step threw', 'input not readable: input.wav is missing', 'ms since the start of the sample']) {
      expect(svg).toContain(text);
    }
  });

  it('finds user speech in the input by its energy, bridging short gaps', () => {
    const rate = 16_000;
    const audio = new Float32Array(rate * 3);
    for (let i = 0; i < audio.length; i++) audio[i] = 0.001 * Math.sin(i * 1.7); // about -63 dBFS
    const tone = (fromMs: number, toMs: number) => {
      for (let i = (fromMs * rate) / 1000; i < (toMs * rate) / 1000; i++) audio[i] = 0.5 * Math.sin((2 * Math.PI * 220 * i) / rate);
    };
    tone(1000, 1500);
    tone(1600, 2100); // 100 ms gap: one stretch of speech
    expect(speechFromEnergy(audio, rate)).toEqual([{ startMs: 1000, endMs: 2100 }]);
  });

  it('takes assistant speech from the timeline: ended, cut, and still playing at the end', () => {
    let seq = 0;
    const e = (kind: TimelineKind, atMs: number, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: 0, atMs, source: 'assistant', kind, payload });
    const intervals = assistantIntervals(
      [
        e('assistant_speech_started', 400, { utteranceId: 'a', utteranceKind: 'reply' }),
        e('assistant_speech_cut', 900, { utteranceId: 'a' }),
        e('assistant_speech_started', 1000, { utteranceId: 'b', utteranceKind: 'backchannel' }),
        e('assistant_speech_ended', 1375, { utteranceId: 'b' }),
        e('assistant_speech_started', 2000, { utteranceId: 'c', utteranceKind: 'reply' }),
      ],
      2600,
    );
    expect(intervals).toEqual([
      { startMs: 400, endMs: 900, kind: 'reply', cut: true },
      { startMs: 1000, endMs: 1375, kind: 'backchannel', cut: false },
      { startMs: 2000, endMs: 2600, kind: 'reply', cut: false },
    ]);
  });

  it('skips a distribution no model has values for, with the reason, and writes no file for it', async () => {
    const plotsDir = mkdtempSync(join(tmpdir(), 'tandem-plots-'));
    dirs.push(plotsDir);
    const model = (label: string): ModelSuiteReport => ({
      label,
      model: 'harness',
      imConfigPath: null,
      samples: { total: 1, ran: 1, failed: 0 },
      samplesByTask: { t: { total: 1, ran: 1, failed: 0 } },
      failures: [],
      metrics: { 't.latency': { value: null, n: 0, missingReason: 'never answered', task: 't', samples: { total: 1, ran: 1, failed: 0 } } },
      distributions: { 't.latency': [] },
      notes: [],
      wallSeconds: 0,
    });
    const suite: SuiteReport = {
      name: 'toy',
      description: '',
      tasks: ['t'],
      data: null,
      definitions: [{ key: 't.latency', label: 'latency', definition: 'x', unit: 'ms', lowerIsBetter: true, task: 't' }],
      models: { harness: model('harness'), other: model('other') },
      notes: [],
      plots: [],
      wallSeconds: 0,
    };
    const records = await writeSuitePlots({ suite, samples: [], runsByModel: new Map(), plotsDir, reportDir: plotsDir });
    expect(records).toEqual([
      { title: 'toy: latency', file: null, skippedReason: 'no model has values for t.latency' },
      { title: 'toy: timeline of a t sample', file: null, skippedReason: 'no model ran any t sample' },
    ]);
    expect(readdirSync(plotsDir)).toEqual([]);
  });
});
