// Every invalid scenario is SCENARIO_INVALID naming the file and the exact field path (text[2].atMs), with what was expected.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../../common/microturn';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { SCENARIO_KEYS } from '../../../../main/engine/scenario/schema';
import { expectTandemErrorAsync, makeTempDir, removeTempDir } from '../media/mediaFixtures';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = makeTempDir('scenario-bad');
});
afterAll(() => removeTempDir(dir));

function scenarioFile(content: unknown): string {
  const file = nodePath.join(dir, `case${counter++}.scenario.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

const valid = { version: 1, name: 'ok', durationMs: 2000 };

async function expectInvalid(content: unknown, mentions: string[]): Promise<void> {
  const file = scenarioFile(content);
  const error = await expectTandemErrorAsync(() => loadScenario(file), 'SCENARIO_INVALID', [...mentions, file]);
  expect(error.where).toBe(file);
}

describe('scenario validation names the bad field', () => {
  it('text[2].atMs negative', async () => {
    await expectInvalid(
      { ...valid, text: [{ atMs: 0, text: 'a' }, { atMs: 10, text: 'b' }, { atMs: -5, text: 'c' }] },
      ['text[2].atMs: expected a number ≥ 0 (milliseconds), got -5'],
    );
  });

  it('a string where a number belongs, and a missing required field', async () => {
    await expectInvalid({ ...valid, mic: [{ file: 'a.wav', atMs: '100' }] }, ['mic[0].atMs: expected a number ≥ 0 (milliseconds), got "100"']);
    await expectInvalid({ ...valid, text: [{ atMs: 5 }] }, ['text[0].text: expected the typed text as a string']);
    await expectInvalid({ version: 1, durationMs: 100 }, ['name: required']);
  });

  it('an unknown top-level key lists the allowed keys', async () => {
    await expectInvalid({ ...valid, mics: [] }, ['(top level): unknown key "mics"', `allowed keys: ${SCENARIO_KEYS.join(', ')}`]);
    expect(SCENARIO_KEYS).toEqual(['version', 'name', 'description', 'durationMs', 'mic', 'micGaps', 'camera', 'screen', 'text', 'expect']);
  });

  it('an unknown nested key lists the keys allowed there', async () => {
    await expectInvalid({ ...valid, mic: [{ file: 'a.wav', atms: 0 }] }, ['mic[0]: unknown key "atms"; allowed keys: file, atMs']);
  });

  it('an action name that does not exist lists the real ones', async () => {
    await expectInvalid(
      { ...valid, expect: { actions: [{ action: 'talk', fromMs: 0, toMs: 100 }] } },
      [`expect.actions[0].action: expected one of ${ACTIONS.join(', ')}`],
    );
  });

  it('camera with both file and frames, or neither', async () => {
    await expectInvalid({ ...valid, camera: { file: 'a.y4m', frames: 'f/%04d.png' } }, ['camera: give exactly one of "file"']);
    await expectInvalid({ ...valid, screen: { atMs: 0 } }, ['screen: give exactly one of "file"']);
    await expectInvalid({ ...valid, camera: { file: 'a.y4m', fps: 5 } }, ['camera.fps: a .y4m file carries its own frame rate']);
    await expectInvalid({ ...valid, screen: { frames: 'f/%04d.png', fps: 0 } }, ['screen.fps: expected a number of frames per second > 0']);
  });

  it('a span that ends before it starts', async () => {
    await expectInvalid({ ...valid, micGaps: [{ fromMs: 500, toMs: 100 }] }, ['micGaps[0].toMs: toMs must be greater than fromMs']);
  });

  it('the wrong version', async () => {
    await expectInvalid({ ...valid, version: 2 }, ['version: expected 1']);
  });

  it('several problems are all listed', async () => {
    await expectInvalid({ version: 1, name: '', durationMs: -1 }, ['name: expected a non-empty name', 'durationMs: expected a number > 0']);
  });

  it('broken JSON says where (line and column)', async () => {
    await expectInvalid('{\n  "version": 1,\n  "name": "x",\n}\n', ['not valid JSON', 'line 4']);
  });

  it('a JSON array or string is not a scenario', async () => {
    await expectInvalid([1, 2], ['(top level): expected an object with keys version, name']);
    await expectInvalid({ ...valid, camera: 'cam.y4m' }, ['camera: expected an object with keys file, frames, fps, atMs, got "cam.y4m"']);
  });
});
