// `tandem run` on scenario files with a camera or a screen: repetitions counted and said with `reps` in summary.json,
// a bug in code on the screen found on its line and said at a pause, a screen without code flagged as such, and a
// visual watch said when its event happens.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../common/interaction';
import { makeVisualwatchSample, type VisualwatchTruth } from '../../../main/bench/gen/visualWatchSample';
import { codeScreen, TS_ASSIGNMENT_IN_CONDITION } from '../perception/code/codeScreen.fixture';
import { TempDirs, ensureBuilt, runTandem } from './cli.fixture';
import { ofKind, readSessionTimeline, writeScenario } from './cliMedia.fixture';

const temp = new TempDirs();
let media: string;

beforeAll(async () => {
  await ensureBuilt();
  media = temp.make('seeing-media');
}, 180_000);
afterAll(() => temp.removeAll());

function writePng(path: string, frame: RgbFrame): void {
  const png = new PNG({ width: frame.width, height: frame.height });
  for (let i = 0; i < frame.width * frame.height; i++) {
    png.data[i * 4] = frame.rgb[i * 3];
    png.data[i * 4 + 1] = frame.rgb[i * 3 + 1];
    png.data[i * 4 + 2] = frame.rgb[i * 3 + 2];
    png.data[i * 4 + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png));
}

async function run(name: string, scenario: Record<string, unknown>) {
  const file = writeScenario(media, `${name}.scenario.json`, { version: 1, name, ...scenario });
  const out = temp.make(name);
  const result = await runTandem(['run', file, '--out', out], { timeoutMs: 120_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
  return { summary, events: readSessionTimeline(out).events };
}

const said = (events: ReturnType<typeof ofKind>) => ofKind(events, 'assistant_speech_started').map((e) => [e.atMs, String(e.payload.text)] as const);

describe('tandem run sees', () => {
  it('repetitions: "count my reps" over a swinging weight (an ffmpeg video) gives one repetition event per swing, the numbers said, and reps in summary.json', async () => {
    const video = join(media, 'swing.mp4');
    const w = '2*PI*t/1.5';
    execFileSync('ffmpeg', [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', 'color=c=0x5a6070:s=320x240:r=25:d=12',
      '-f', 'lavfi', '-i', 'color=c=0xe07020:s=60x60:r=25:d=12',
      '-filter_complex', `[0]drawbox=x=60:y=170:w=200:h=30:color=0x303840:t=fill[room];[room][1]overlay=x='130+50*cos(${w})':y='80-30*sin(${w})':shortest=1`,
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video,
    ]);
    const { summary, events } = await run('reps', { durationMs: 13_000, camera: { file: 'swing.mp4', fps: 10 }, text: [{ atMs: 0, text: 'count my reps' }] });
    const reps = ofKind(events, 'repetition');
    // Eight swings in 12 s; the first is recognised when the second repeats it.
    expect(summary.reps).toBe(reps.length);
    expect(reps.length).toBeGreaterThanOrEqual(7);
    expect(reps.length).toBeLessThanOrEqual(8);
    expect(reps.map((e) => e.payload.count)).toEqual(reps.map((_, i) => i + 1));
    const numbers = said(events).filter(([, text]) => /^[A-Z][a-z-]+$/.test(text));
    expect(numbers.length).toBeGreaterThanOrEqual(reps.length - 1);
    expect(numbers.at(-1)?.[1]).toBe(['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight'][reps.length - 1]);
    expect(ofKind(events, 'error')).toEqual([]);
  }, 150_000);

  it('code: a TypeScript file with `=` in a condition on line 7 gives exactly that finding, said at a pause, and codeFindings in summary.json', async () => {
    writePng(join(media, 'code.png'), codeScreen(TS_ASSIGNMENT_IN_CONDITION, 'typescript').frame);
    const { summary, events } = await run('code', { durationMs: 6000, screen: { frames: 'code.png', fps: 1 } });
    expect(summary.codeFindings).toEqual([{ line: 7, message: expect.stringMatching(/^line 7: `=` in the condition/), rule: 'tandem:assignment-in-condition', language: 'typescript' }]);
    const readings = ofKind(events, 'code_reading');
    expect(readings.map((e) => [e.payload.status, e.payload.newFindings, e.payload.firstLine])).toEqual([['code', 1, 1]]);
    // The reading enters 1 s after its frame (the virtual clock's stand-in for the reading time), then it is said.
    expect(said(events)).toEqual([[1200, 'Line 7: single equals in the condition, did you mean triple equals?']]);
    expect(ofKind(events, 'model_event').filter((e) => e.payload.event === 'announce').map((e) => e.payload.line)).toEqual([7]);
  }, 150_000);

  it('a screen without code: no finding, a no_code reading with its reason, nothing said', async () => {
    const prose = codeScreen(['Meeting notes for Tuesday', '', 'We agreed to move the launch by one week and to', 'ask the design team for two more mockups.'], 'typescript').frame;
    writePng(join(media, 'prose.png'), prose);
    const { summary, events } = await run('prose', { durationMs: 4000, screen: { frames: 'prose.png', fps: 1 } });
    expect(summary.codeFindings).toEqual([]);
    const readings = ofKind(events, 'code_reading');
    expect(readings.map((e) => e.payload.status)).toEqual(['no_code']);
    expect(String(readings[0].payload.message)).not.toBe('');
    expect(said(events)).toEqual([]);
  }, 150_000);

  it('a visual watch: "tell me when …" is set, fires on the event frame and is said within one micro-turn of it', async () => {
    const dir = temp.make('watch-sample');
    // A seed outside the benchmark's block; k = 0 is a screen whose build badge turns red.
    const sample = await makeVisualwatchSample(70_000_000, 0, dir);
    const truth = sample.truth as unknown as VisualwatchTruth;
    expect(truth.eventAtMs).not.toBeNull();
    const out = temp.make('watch');
    // The sample names its scenario file relative to its folder.
    const result = await runTandem(['run', join(dir, sample.scenario), '--out', out], { timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { watchesFired: Array<{ frameAtMs: number }> };
    const events = readSessionTimeline(out).events;
    expect(ofKind(events, 'watch_added')).toHaveLength(1);
    expect(summary.watchesFired.map((f) => f.frameAtMs)).toEqual([truth.eventAtMs]);
    const content = said(events).filter(([, text]) => truth.content.keywords.every((k) => text.toLowerCase().includes(k)));
    expect(content).toHaveLength(1);
    expect(content[0][0] - (truth.eventAtMs as number)).toBeGreaterThan(0);
    expect(content[0][0] - (truth.eventAtMs as number)).toBeLessThanOrEqual(200);
  }, 150_000);
});
