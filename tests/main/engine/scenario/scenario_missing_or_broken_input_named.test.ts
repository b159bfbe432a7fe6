// A scenario whose files are missing or unreadable fails before the run, naming the scenario field, the resolved path and what to do.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { expectTandemErrorAsync, ffmpeg, makeTempDir, removeTempDir, runTool } from '../media/mediaFixtures';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('scenario-missing');
  runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', nodePath.join(dir, 'ok.wav'), 'synth', '1', 'sine', '440']);
});
afterAll(() => removeTempDir(dir));

function scenarioFile(name: string, content: object): string {
  const file = nodePath.join(dir, `${name}.scenario.json`);
  fs.writeFileSync(file, JSON.stringify({ version: 1, name, ...content }));
  return file;
}

describe('scenario inputs that cannot be loaded', () => {
  it('a missing mic file is INPUT_NOT_FOUND naming the field and the resolved path', async () => {
    const file = scenarioFile('one-missing', { mic: [{ file: 'ok.wav' }, { file: 'sub/missing.wav', atMs: 100 }] });
    const error = await expectTandemErrorAsync(() => loadScenario(file), 'INPUT_NOT_FOUND', ['mic[1].file', nodePath.join(dir, 'sub', 'missing.wav')]);
    expect(error.where).toBe(file);
    expect(error.hint).toContain('relative to the scenario file');
  });

  it('all missing files are reported at once', async () => {
    const file = scenarioFile('all-missing', { mic: [{ file: 'gone.wav' }], camera: { file: 'cam.mp4' }, screen: { frames: 'shots/%04d.png' } });
    await expectTandemErrorAsync(() => loadScenario(file), 'INPUT_NOT_FOUND', [
      `mic[0].file → ${nodePath.join(dir, 'gone.wav')}`,
      `camera.file → ${nodePath.join(dir, 'cam.mp4')}`,
      `screen.frames → ${nodePath.join(dir, 'shots', '%04d.png')}`,
    ]);
  });

  it('the scenario file itself missing is INPUT_NOT_FOUND', async () => {
    const missing = nodePath.join(dir, 'nope.scenario.json');
    await expectTandemErrorAsync(() => loadScenario(missing), 'INPUT_NOT_FOUND', [missing]);
  });

  it('a truncated mic clip keeps its WAV_INVALID code and gains the field name', async () => {
    const bytes = fs.readFileSync(nodePath.join(dir, 'ok.wav'));
    fs.writeFileSync(nodePath.join(dir, 'cut.wav'), bytes.subarray(0, 1044));
    const file = scenarioFile('truncated-clip', { mic: [{ file: 'ok.wav' }, { file: 'cut.wav' }] });
    const error = await expectTandemErrorAsync(() => loadScenario(file), 'WAV_INVALID', ['mic[1].file: WAV file is truncated', '31000 bytes missing', nodePath.join(dir, 'cut.wav')]);
    expect(error.where).toBe(file);
    expect(error.hint).toContain('sox');
  });

  it('a broken camera file is MEDIA_INVALID naming camera.file', async () => {
    fs.writeFileSync(nodePath.join(dir, 'cam.y4m'), 'YUV4MPEG2 W32 H16 F5:1 C420p12\nFRAME\n');
    const file = scenarioFile('bad-camera', { camera: { file: 'cam.y4m' } });
    const error = await expectTandemErrorAsync(() => loadScenario(file), 'MEDIA_INVALID', ['camera.file: Unsupported y4m colour format C420p12', nodePath.join(dir, 'cam.y4m')]);
    expect(error.hint).toContain('ffmpeg');
  });

  it('when the screen fails, the camera opened before it is closed again (its conversion removed)', async () => {
    const tempRoot = nodePath.join(dir, 'conversions');
    fs.mkdirSync(tempRoot);
    fs.mkdirSync(nodePath.join(dir, 'no-frames'));
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', nodePath.join(dir, 'cam.mp4'));
    const file = scenarioFile('bad-screen', { camera: { file: 'cam.mp4' }, screen: { frames: 'no-frames' } });
    await expectTandemErrorAsync(() => loadScenario(file, { tempRoot }), 'INPUT_NOT_FOUND', ['screen.frames: The frames folder contains no .png files']);
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });
});
