// A live session on the real-time clock recognizes the user's words with the installed ASR model; without one, or with a broken one, it runs and says why.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { TimelineEvent, UserWordsPayload } from '../../../common/timeline';
import { LiveSessionHost, type LiveSessionHostOptions } from '../../../main/live/liveSession';
import { chooseRecognizer } from '../../../main/models/asr/loadRecognizer';
import { loadCatalog } from '../../../main/models/catalog/catalogSchema';
import { ModelStore } from '../../../main/models/catalog/modelStore';
import { SpeechAudio } from '../models/speechAudio.fixture';
import { installTestAsr, TEST_TEXT, type InstalledTestAsr } from '../models/asr/asrModel.fixture';
import { ensureBuilt, REPO_ROOT } from '../cli/cli.fixture';

const root = mkdtempSync(join(tmpdir(), 'tandem-live-asr-'));
const audio = new SpeechAudio();
let installed: InstalledTestAsr;
let absent: InstalledTestAsr;
let speech: Float32Array;

beforeAll(async () => {
  // The built worker entry (out/main/asrWorker.js) decodes off the session's thread, as in the app.
  await ensureBuilt();
  installed = await installTestAsr(join(root, 'installed'));
  absent = await installTestAsr(join(root, 'absent'), { install: false });
  const said = audio.speech('hello there how are you');
  speech = new Float32Array(said.length + 16_000 * 2); // then two seconds of silence, so the segment ends
  speech.set(said);
}, 60_000);
afterAll(() => {
  audio.dispose();
  rmSync(root, { recursive: true, force: true });
});

const storeOf = (asr: InstalledTestAsr) => new ModelStore({ catalog: loadCatalog(asr.catalogPath), modelsDir: asr.modelsDir });

describe('speech recognition in a live session', () => {
  const hosts: LiveSessionHost[] = [];
  const makeHost = (chooseAsr: NonNullable<LiveSessionHostOptions['chooseAsr']>, log: string[] = []) => {
    const host = new LiveSessionHost({ sessionsDir: mkdtempSync(join(root, 'sessions-')), chooseAsr, log: (line) => log.push(line) });
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    hosts.push(host);
    return { host, events };
  };
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
  });

  it('delivers partial and final words while the mic streams in real time', async () => {
    const workerScript = join(REPO_ROOT, 'out/main/asrWorker.js');
    const { host, events } = makeHost(() => chooseRecognizer(undefined, { store: storeOf(installed), workerScript }));
    await host.start({});
    for (let offset = 0; offset < speech.length; offset += SAMPLES_PER_TURN) {
      host.pushMic(speech.slice(offset, offset + SAMPLES_PER_TURN));
      await sleep(200);
    }
    await sleep(600);
    await host.stop();

    expect(events[0].payload.asr).toEqual({ name: 'test-moonshine', description: 'test-moonshine (moonshine on onnxruntime cpu, 1 thread, in a worker thread)' });
    const words = events.filter((e) => e.kind === 'user_words');
    const finals = words.filter((e) => e.payload.final === true);
    expect(finals.length).toBeGreaterThanOrEqual(1);
    expect(words.some((e) => e.payload.final === false)).toBe(true);
    const heard = finals.map((e) => (e.payload as UserWordsPayload).words.map((w) => w.word).join(' '));
    // Each segment's text is a prefix of what the test model spells (one word piece per 200 ms).
    for (const text of heard) expect(TEST_TEXT.startsWith(text) && text.length > 0).toBe(true);
    // A final comes after the speech ended, never before.
    const firstEnd = events.find((e) => e.kind === 'user_speech_ended')!;
    expect(finals[0].turn).toBeGreaterThan(firstEnd.turn);
    expect(events.some((e) => e.kind === 'error')).toBe(false);
  }, 30_000);

  it('runs without ASR and names the pull command when the default model is not installed', async () => {
    const { host, events } = makeHost(() => chooseRecognizer(undefined, { store: storeOf(absent) }));
    await host.start({});
    await host.stop();
    expect(events[0].payload.asr).toEqual({ name: 'none', description: 'none (not installed: run `tandem models pull test-moonshine`)' });
  });

  it('runs without ASR when the recognizer cannot load, and says why', async () => {
    const log: string[] = [];
    const { host, events } = makeHost(async () => {
      throw new Error('Could not load the model (x/decoder_model_merged.onnx). The file is corrupt');
    }, log);
    expect(await host.start({})).toEqual({ state: 'running', turn: 0 });
    await host.stop();
    expect(events[0].payload.asr).toEqual({ name: 'none', description: 'none (Could not load the model (x/decoder_model_merged.onnx). The file is corrupt)' });
    expect(log).toContain('speech recognition is off: Could not load the model (x/decoder_model_merged.onnx). The file is corrupt');
  });
});
