// The oracle's labels on generated samples of every task are exactly what the ideal-model rules give, computed here from the generator's segments.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voice } from '../../../common/interaction';
import { ACTIONS } from '../../../common/microturn';
import type { SharedPerceptionSignals } from '../../../main/engine/session';
import { FD_GENERATED_TASKS, generateFdSuite } from '../../../main/bench/fdbench/generate';
import { loadVocab } from '../../../main/models/native/features';
import { createVoice, DEFAULT_VOICE_CHOICE } from '../../../main/models/speech/voiceChoice';
import { createPerceptionSignals } from '../../../main/perception/signals';
import { defaultVocabPath, exportSample } from '../../../main/training/exportData';
import { readSampleFiles } from '../../../main/training/recorder';
import { truthFromGenerated } from '../../../main/training/sampleTruth';

interface Segment { role: string; layer: string; start_s: number; end_s: number }
interface Recorded { task: string; seed: number; segments: Segment[]; actions: string[]; heads: Uint8Array; speaking: boolean[]; kindReply: boolean[]; kindBackchannel: boolean[] }

let root: string;
let voice: Voice;
let signals: SharedPerceptionSignals;
const recorded: Recorded[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'oracle-labels-'));
  const generated = await generateFdSuite({ outDir: join(root, 'audio'), size: 'full', count: 3, seedBase: 100_000_000, excludeHeldOutVoices: true });
  voice = await createVoice(DEFAULT_VOICE_CHOICE);
  signals = createPerceptionSignals();
  const vocab = loadVocab(defaultVocabPath());
  const scratch = join(root, 'scratch');
  for (const sample of generated.samples) {
    const dir = join(root, 'samples', String(sample.seed));
    const { steps } = await exportSample({ id: String(sample.seed), task: sample.task, seed: sample.seed!, input: sample.input }, truthFromGenerated(sample.input), dir, vocab, voice, signals, scratch);
    const files = readSampleFiles(dir, steps);
    const playback = files.playback as Float32Array;
    const actions = [...(files.action as Int8Array)].map((i) => ACTIONS[i]);
    const generation = JSON.parse(readFileSync(join(sample.input, 'generation.json'), 'utf8'));
    recorded.push({
      task: sample.task,
      seed: sample.seed!,
      segments: generation.info.segments,
      actions,
      heads: files.heads as Uint8Array,
      speaking: Array.from({ length: steps }, (_, k) => playback[k * 8] === 1),
      kindReply: Array.from({ length: steps }, (_, k) => playback[k * 8 + 1] === 1),
      kindBackchannel: Array.from({ length: steps }, (_, k) => playback[k * 8 + 2] === 1),
    });
  }
}, 240_000);

afterAll(async () => {
  await voice?.dispose();
  await signals?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const ms = (s: number) => Math.round(s * 1000);
const tOf = (k: number) => 200 * k + 200;
/** The first micro-turn whose decision time is at or after `atMs`. */
const firstStepAtOrAfter = (atMs: number) => Math.max(0, Math.ceil(atMs / 200) - 1);

function addressed(r: Recorded): Array<[number, number]> {
  return r.segments.filter((s) => s.role === 'user' && (s.layer === 'primary' || r.task === 'user_interruption')).map((s) => [ms(s.start_s), ms(s.end_s)] as [number, number]);
}

function turns(r: Recorded): Array<[number, number]> {
  const u = addressed(r);
  return r.task === 'pause_handling' || r.task === 'backchannel' ? [[u[0][0], u[u.length - 1][1]]] : u;
}

/** Maximal runs of steps labelled `action`: [first step, length]. */
function runs(actions: string[], action: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  actions.forEach((a, k) => {
    if (a !== action) return;
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === k) last[1]++;
    else out.push([k, 1]);
  });
  return out;
}

describe('oracle labels', () => {
  it('covers every generated task', () => {
    expect(new Set(recorded.map((r) => r.task))).toEqual(new Set(FD_GENERATED_TASKS));
  });

  it('user_speaking is addressed speech in the last 100 ms of the chunk; floor_free is 0 from a turn\'s onset to 80 ms after its end', () => {
    for (const r of recorded) {
      const u = addressed(r);
      const t = turns(r);
      r.actions.forEach((_, k) => {
        const at = tOf(k);
        expect(r.heads[2 * k], `${r.task}/${r.seed} step ${k} user_speaking`).toBe(u.some(([s, e]) => s < at && e > at - 100) ? 1 : 0);
        expect(r.heads[2 * k + 1], `${r.task}/${r.seed} step ${k} floor_free`).toBe(t.some(([s, e]) => s < at && at < e + 80) ? 0 : 1);
      });
    }
  });

  it('speak is labelled from the first decision 80 ms after each turn end until the reply starts (at most 6 steps late, or never), never elsewhere', () => {
    for (const r of recorded) {
      const expectedStarts = turns(r).map(([, e]) => firstStepAtOrAfter(e + 80));
      const speakRuns = runs(r.actions, 'speak');
      expect(speakRuns.map(([k]) => k), `${r.task}/${r.seed}`).toEqual(expectedStarts);
      for (const [k, length] of speakRuns) {
        const end = k + length;
        const replied = r.speaking[end] && r.kindReply[end];
        // The reply plays from the step after the last speak label (at most 6 steps late)…
        if (replied) expect(length, `${r.task}/${r.seed} step ${k}`).toBeLessThanOrEqual(7);
        // …or, in the turns the oracle leaves unanswered, the label lasts until the user speaks again or the sample ends.
        else expect(end === r.actions.length || r.heads[2 * end] === 1, `${r.task}/${r.seed} unanswered turn at step ${k}`).toBe(true);
      }
    }
  });

  it('pauses inside a turn are never a turn end: nothing but listen before the end of a pause_handling turn', () => {
    for (const r of recorded.filter((x) => x.task === 'pause_handling')) {
      const [[, end]] = turns(r);
      expect(addressed(r).length).toBeGreaterThan(1);
      r.actions.forEach((a, k) => {
        if (tOf(k) < end + 80) expect(a).toBe('listen');
      });
    }
  });

  it('backchannel is labelled from 80 ms after each phrase end followed by a pause of at least 350 ms, within 300 ms of it', () => {
    const samples = recorded.filter((x) => x.task === 'backchannel');
    let opportunities = 0;
    for (const r of samples) {
      const u = addressed(r);
      const openings = u.slice(0, -1).filter(([, e], i) => u[i + 1][0] - e >= 350).map(([, e]) => e).filter((b) => tOf(firstStepAtOrAfter(b + 80)) <= b + 300);
      opportunities += openings.length;
      const bcRuns = runs(r.actions, 'backchannel');
      expect(bcRuns.map(([k]) => k), `${r.task}/${r.seed}`).toEqual(openings.map((b) => firstStepAtOrAfter(b + 80)));
      for (const [k, length] of bcRuns) expect(tOf(k + length - 1)).toBeLessThanOrEqual(openings.find((b) => firstStepAtOrAfter(b + 80) === k)! + 300);
      // While its own backchannel plays, the ideal model lets it finish (the engine cuts an utterance on listen).
      r.actions.forEach((a, k) => {
        if (r.speaking[k] && r.kindBackchannel[k] && !r.actions.slice(k).includes('speak')) expect(a).toBe('keep_speaking');
      });
    }
    expect(opportunities).toBeGreaterThan(0);
  });

  it('yield is labelled 60 ms after the user cuts into the reply, and only then', () => {
    let yields = 0;
    for (const r of recorded.filter((x) => x.task === 'user_interruption')) {
      const cutIn = r.segments.find((s) => s.layer === 'overlap')!;
      const k = firstStepAtOrAfter(ms(cutIn.start_s) + 60);
      const overReply = r.speaking[k] && r.kindReply[k];
      expect(runs(r.actions, 'yield').map(([first]) => first), `${r.task}/${r.seed}`).toEqual(overReply ? [k] : []);
      if (overReply) yields++;
    }
    expect(yields).toBeGreaterThan(0);
  });

  it('side talk, background speech and user backchannels never make the reply yield', () => {
    for (const r of recorded.filter((x) => ['talking_to_other', 'background_speech', 'background_noise', 'user_backchannel'].includes(x.task))) {
      expect(r.actions).not.toContain('yield');
      r.actions.forEach((a, k) => {
        if (r.speaking[k] && r.kindReply[k]) expect(a, `${r.task}/${r.seed} step ${k}`).toBe('keep_speaking');
      });
    }
  });
});
