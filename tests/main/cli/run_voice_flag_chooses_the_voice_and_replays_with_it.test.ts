// `tandem run --voice` picks the voice, session_started names it, two runs are byte-identical, replay uses it; bad names fail clearly.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCENARIO, TempDirs, ensureBuilt, runTandem } from './cli.fixture';
import { ofKind, readSessionTimeline, readSummary } from './cliMedia.fixture';

const temp = new TempDirs();
beforeAll(async () => {
  await ensureBuilt();
});
afterAll(() => temp.removeAll());

describe('tandem run --voice', () => {
  it('speaks with the chosen espeak-ng voice and settings, identically run after run, and replays with it', async () => {
    const args = ['--voice', 'espeak:en+f3', '--voice-rate', '200', '--voice-pitch', '60'];
    const first = temp.make('voice-a');
    const second = temp.make('voice-b');
    const a = await runTandem(['run', DEMO_SCENARIO, '--out', first, ...args]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('voice espeak-ng:en+f3');
    const { events } = readSessionTimeline(first);
    expect(events[0].payload).toMatchObject({ voice: 'espeak-ng:en+f3', voiceChoice: { kind: 'espeak', voice: 'en+f3', rate: 200, pitch: 60 } });
    const started = ofKind(events, 'assistant_speech_started');
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((e) => e.payload.voice === 'espeak-ng:en+f3' && e.payload.placeholder === false && typeof e.payload.durationMs === 'number')).toBe(true);
    expect(readSummary(first).voice).toMatchObject({ name: 'espeak-ng:en+f3', placeholder: false });

    const b = await runTandem(['run', DEMO_SCENARIO, '--out', second, ...args]);
    expect(b.code).toBe(0);
    expect(readFileSync(join(second, 'output.wav')).equals(readFileSync(join(first, 'output.wav')))).toBe(true);
    expect(readFileSync(join(second, 'timeline.jsonl')).equals(readFileSync(join(first, 'timeline.jsonl')))).toBe(true);

    const replay = await runTandem(['replay', first]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Replay identical');
  });

  it('keeps the placeholder tone as an explicitly named test voice', async () => {
    const out = temp.make('voice-placeholder');
    const run = await runTandem(['run', DEMO_SCENARIO, '--out', out, '--voice', 'placeholder']);
    expect(run.code).toBe(0);
    expect(readSummary(out).voice).toMatchObject({ name: 'placeholder-tone', placeholder: true });
  });

  it('rejects an unknown voice kind with exit 2 and an unknown espeak-ng voice with exit 1, both saying what to use', async () => {
    const kind = await runTandem(['run', DEMO_SCENARIO, '--out', temp.make('voice-bad-kind'), '--voice', 'robot']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/Unknown voice "robot".*espeak:VOICE/s);
    const name = await runTandem(['run', DEMO_SCENARIO, '--out', temp.make('voice-bad-name'), '--voice', 'espeak:xx-nope']);
    expect(name.code).toBe(1);
    expect(name.stderr).toMatch(/Unknown espeak-ng voice "xx-nope".*en-us/s);
    const rate = await runTandem(['run', DEMO_SCENARIO, '--out', temp.make('voice-bad-rate'), '--voice-rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--voice-rate must be a whole number, got "fast"');
  });
});
