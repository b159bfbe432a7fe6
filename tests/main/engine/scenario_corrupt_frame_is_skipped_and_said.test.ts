// A corrupt frame in the middle of a camera file is skipped with an error naming it; the frames after it still reach the engine and the run completes.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioFeeder } from '../../../main/engine/scenarioFeeder';
import { openFrameSource } from '../../../main/engine/media/frames';
import { kinds, makeTestSession } from './sessionHarness.fake';

const dir = mkdtempSync(join(tmpdir(), 'tandem-corrupt-frame-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 5 fps, 8×8 y4m of `frames` grey frames whose frame `broken` has its FRAME marker overwritten. */
function y4mWithBrokenFrame(frames: number, broken: number): string {
  const header = Buffer.from('YUV4MPEG2 W8 H8 F5:1 Ip A1:1 C420jpeg\n');
  const frameBytes = 6 + 8 * 8 * 1.5;
  const body = Buffer.alloc(frames * frameBytes, 128);
  for (let f = 0; f < frames; f++) body.write('FRAME\n', f * frameBytes, 'latin1');
  body.write('XXXXX\n', broken * frameBytes, 'latin1');
  const path = join(dir, `broken-${broken}.y4m`);
  writeFileSync(path, Buffer.concat([header, body]));
  return path;
}

describe('a corrupt frame in a scenario', () => {
  it('is skipped with an error naming the file and frame, and the run goes on with the next frames', async () => {
    const path = y4mWithBrokenFrame(10, 3);
    expect(readFileSync(path).length).toBeGreaterThan(0);
    const camera = openFrameSource(path);
    try {
      const feeder = new ScenarioFeeder({ micAudio: new Float32Array(16000 * 2), micGaps: [], text: [], camera, screen: undefined });
      const { session, events } = makeTestSession({ turns: 10, inputProvider: feeder });
      const stats = await session.run();
      expect(stats.turns).toBe(10);
      const errors = kinds(events, 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].payload).toMatchObject({ where: 'camera' });
      expect(String(errors[0].payload.message)).toMatch(/Frame 3 is corrupt/);
      // Frames 0–2 and 4–9 were perceived (changed or not, the first one always is); nothing crashed.
      expect(kinds(events, 'frame').length).toBeGreaterThan(0);
      expect(kinds(events, 'session_stopped')).toHaveLength(1);
    } finally {
      camera.close();
    }
  });
});
