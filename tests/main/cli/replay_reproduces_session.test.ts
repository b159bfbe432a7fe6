// `tandem replay DIR` re-runs a recorded session and agrees with it; an edited decision or a changed input is reported, not glossed over.

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { DEMO_DIR, TempDirs, ensureBuilt, runTandem } from './cli.fixture';
import { singleErrorLine } from './cliMedia.fixture';

const temp = new TempDirs();
/** A private copy of the demo, so its input may be modified. */
let inputDir: string;

beforeAll(async () => {
  await ensureBuilt();
  inputDir = temp.make('replay-input');
  for (const file of ['demo.scenario.json', 'user.wav', 'camera.y4m']) copyFileSync(join(DEMO_DIR, file), join(inputDir, file));
});
afterAll(() => temp.removeAll());

async function recordSession(): Promise<string> {
  const out = temp.make('replay-session');
  const result = await runTandem(['run', join(inputDir, 'demo.scenario.json'), '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

function timelineLines(out: string): TimelineEvent[] {
  return readFileSync(join(out, 'timeline.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as TimelineEvent);
}

describe('tandem replay', () => {
  it('exits 0 and reports the replay identical for an untouched session', async () => {
    const out = await recordSession();
    const result = await runTandem(['replay', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/identical/i);
    expect(result.stdout).toContain('109 micro-turns');
  });

  it('exits 3 and says where it diverges when one action in the log was edited', async () => {
    const out = await recordSession();
    const events = timelineLines(out);
    // The first time the model chose to speak: claim it kept listening instead.
    const edited = events.find((e) => e.kind === 'action' && e.payload.action === 'speak');
    expect(edited).toBeDefined();
    edited!.payload.action = 'listen';
    writeFileSync(join(out, 'timeline.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');

    const result = await runTandem(['replay', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/diverges/i);
    expect(result.stdout).toContain(`turn ${edited!.turn}`);
    expect(result.stdout).toContain('"action":"listen"');
    expect(result.stdout).toContain('"action":"speak"');
    expect(result.stdout).not.toMatch(/identical/i);
  });

  it('refuses with a clear error when an input file changed since the recording', async () => {
    const out = await recordSession();
    const wav = join(inputDir, 'user.wav');
    const bytes = readFileSync(wav);
    bytes.writeInt16LE(12_345, bytes.length - 2); // one sample of the last micro-turn: still a valid wav
    writeFileSync(wav, bytes);
    try {
      const result = await runTandem(['replay', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      const line = singleErrorLine(result.stderr);
      expect(line.startsWith('tandem: ')).toBe(true);
      expect(line).toContain('mic[0].file');
      expect(line).toContain(wav);
      expect(line).toMatch(/changed/i);
    } finally {
      copyFileSync(join(DEMO_DIR, 'user.wav'), wav);
    }
  });
});
