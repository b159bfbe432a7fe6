// A scenario file with mic clips, mic gaps, camera, screen and text loads into one timeline: audio placed and mixed, frames offset, text sorted, files checksummed.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, micPresentDuring, type LoadedScenario } from '../../../../main/engine/scenario/load';
import { expectTandemError, ffmpeg, makeTempDir, removeTempDir, rms, runTool, toneAmplitude } from '../media/mediaFixtures';

let dir: string;
let scenarioPath: string;
let loaded: LoadedScenario;

function writePng(file: string, grey: number): void {
  const png = new PNG({ width: 8, height: 6 });
  for (let i = 0; i < 48; i++) png.data.set([grey, grey, grey, 255], i * 4);
  fs.writeFileSync(file, PNG.sync.write(png));
}

beforeAll(async () => {
  dir = makeTempDir('scenario-full');
  fs.mkdirSync(nodePath.join(dir, 'audio'));
  fs.mkdirSync(nodePath.join(dir, 'frames'));
  // Real speech at espeak-ng's own rate (22 050 Hz), so it is resampled on the way in.
  runTool('espeak-ng', ['-v', 'en-us', '-s', '220', '-w', nodePath.join(dir, 'audio', 'user.wav'), 'hello there']);
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(dir, 'audio', 'tone.wav'), 'synth', '0.5', 'sine', '1000', 'vol', '0.3']);
  ffmpeg('-f', 'lavfi', '-i', 'color=c=red:size=32x16:rate=5', '-t', '1', '-pix_fmt', 'yuv420p', nodePath.join(dir, 'cam.y4m'));
  for (let n = 1; n <= 3; n++) writePng(nodePath.join(dir, 'frames', `${String(n).padStart(4, '0')}.png`), 50 * n);

  scenarioPath = nodePath.join(dir, 'demo.scenario.json');
  fs.writeFileSync(
    scenarioPath,
    JSON.stringify(
      {
        version: 1,
        name: 'demo',
        description: 'every kind of input',
        mic: [
          { file: 'audio/user.wav', atMs: 0 },
          { file: 'audio/tone.wav', atMs: 3000 },
        ],
        micGaps: [
          { fromMs: 1400, toMs: 1600 },
          { fromMs: 1000, toMs: 1500 },
        ],
        camera: { file: 'cam.y4m', atMs: 500 },
        screen: { frames: 'frames/%04d.png', fps: 2, atMs: 0 },
        text: [
          { atMs: 2500, text: 'third' },
          { atMs: 1200, text: 'first' },
          { atMs: 1200, text: 'second' },
        ],
        expect: { actions: [{ action: 'speak', fromMs: 3000, toMs: 3400 }], minTurns: 5 },
      },
      null,
      2,
    ),
  );
  loaded = await loadScenario(scenarioPath);
});
afterAll(() => {
  loaded?.close();
  removeTempDir(dir);
});

describe('loadScenario', () => {
  it('takes the duration from the last input (the tone ends at 3500 ms) rounded up to a whole micro-turn', () => {
    expect(loaded.kind).toBe('scenario');
    expect(loaded.name).toBe('demo');
    expect(loaded.description).toBe('every kind of input');
    expect(loaded.sourcePath).toBe(scenarioPath);
    expect(loaded.durationMs).toBe(3600);
    expect(loaded.exactSamples).toBe(3600 * 16);
    expect(loaded.micAudio.length).toBe(3600 * 16);
  });

  it('places each clip at its atMs on the 16 kHz mic track', () => {
    const speech = loaded.micAudio.subarray(0, 1000 * 16);
    expect(rms(speech)).toBeGreaterThan(0.01);
    const beforeTone = loaded.micAudio.subarray(2900 * 16, 3000 * 16);
    expect(rms(beforeTone)).toBe(0);
    const tone = loaded.micAudio.subarray(3050 * 16, 3450 * 16);
    expect(toneAmplitude(tone, 1000, 16000)).toBeCloseTo(0.3, 2);
    expect(rms(loaded.micAudio.subarray(3500 * 16))).toBe(0);
  });

  it('merges the mic gaps, silences the track in them and answers presence queries', () => {
    expect(loaded.micGaps).toEqual([{ fromMs: 1000, toMs: 1600 }]);
    expect(rms(loaded.micAudio.subarray(1000 * 16, 1600 * 16))).toBe(0);
    expect(micPresentDuring(loaded.micGaps, 800, 1000)).toBe(true);
    expect(micPresentDuring(loaded.micGaps, 900, 1100)).toBe(false);
    expect(micPresentDuring(loaded.micGaps, 1400, 1600)).toBe(false);
    expect(micPresentDuring(loaded.micGaps, 1600, 1800)).toBe(true);
  });

  it('opens camera and screen with their offsets', () => {
    expect(loaded.camera?.kind).toBe('y4m');
    expect(loaded.camera?.frameAt(499)).toBeNull();
    expect(loaded.camera?.frameAt(500)).toMatchObject({ frameIndex: 0, atMs: 500 });
    expect(loaded.camera?.frameAt(700)?.frameIndex).toBe(1);
    expect(loaded.screen?.kind).toBe('png-sequence');
    expect(loaded.screen?.frameAt(600)).toMatchObject({ frameIndex: 1, atMs: 500 });
    expect(loaded.screen?.frameAt(600)?.rgb[0]).toBe(100);
  });

  it('sorts text by time, keeping the file order for equal times', () => {
    expect(loaded.text).toEqual([
      { atMs: 1200, text: 'first' },
      { atMs: 1200, text: 'second' },
      { atMs: 2500, text: 'third' },
    ]);
  });

  it('passes the expectations through', () => {
    expect(loaded.expect).toEqual({ actions: [{ action: 'speak', fromMs: 3000, toMs: 3400 }], minTurns: 5 });
  });

  it('records every input file with its absolute path and sha256', () => {
    const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(loaded.inputs.map((input) => input.field)).toEqual(['scenario', 'mic[0].file', 'mic[1].file', 'camera.file', 'screen.frames']);
    const byField = Object.fromEntries(loaded.inputs.map((input) => [input.field, input]));
    expect(byField['scenario']).toMatchObject({ path: scenarioPath, sha256: sha(scenarioPath), fileCount: 1 });
    const userWav = nodePath.join(dir, 'audio', 'user.wav');
    expect(byField['mic[0].file']).toMatchObject({ path: userWav, sha256: sha(userWav), bytes: fs.statSync(userWav).size });
    expect(byField['camera.file']).toMatchObject({ path: nodePath.join(dir, 'cam.y4m'), sha256: sha(nodePath.join(dir, 'cam.y4m')) });
    const manifest = ['0001.png', '0002.png', '0003.png'].map((name) => `${name}\t${sha(nodePath.join(dir, 'frames', name))}\n`).join('');
    expect(byField['screen.frames']).toMatchObject({
      path: nodePath.join(dir, 'frames', '%04d.png'),
      sha256: createHash('sha256').update(manifest).digest('hex'),
      fileCount: 3,
    });
  });

  it('resolves paths against the scenario file, not the working directory', () => {
    expect(process.cwd()).not.toBe(dir);
    expect(loaded.inputs[1].path.startsWith(dir)).toBe(true);
  });
});

describe('loadScenario with a video camera', () => {
  it('converts the video at the given fps, and close() removes the conversion', async () => {
    const videoDir = makeTempDir('scenario-video');
    const tempRoot = nodePath.join(videoDir, 'tmp');
    fs.mkdirSync(tempRoot);
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', nodePath.join(videoDir, 'cam.mp4'));
    const file = nodePath.join(videoDir, 'video.scenario.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, name: 'video', camera: { file: 'cam.mp4', fps: 2, atMs: 1000 } }));

    const scenario = await loadScenario(file, { tempRoot, maxFrameWidth: 160 });

    expect(scenario.camera).toMatchObject({ kind: 'video', fps: 2, width: 160, height: 90, frameCount: 4 });
    expect(scenario.durationMs).toBe(3000);
    expect(scenario.micAudio.length).toBe(3000 * 16);
    expect(rms(scenario.micAudio)).toBe(0);
    expect(fs.readdirSync(tempRoot)).toHaveLength(1);
    scenario.close();
    expect(fs.readdirSync(tempRoot)).toEqual([]);
    expectTandemError(() => scenario.camera!.frameAt(1000), 'USAGE', ['after close']);
    removeTempDir(videoDir);
  });
});
