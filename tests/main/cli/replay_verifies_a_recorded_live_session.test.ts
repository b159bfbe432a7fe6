// A real live session (LiveSessionHost on the real-time clock, speech pushed like a renderer, typed text) is re-run from its folder with identical decisions; an edit or frames are reported.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { TimelineEvent } from '../../../common/timeline';
import { replaySession } from '../../../main/cli/replay';
import { readWavMono16k } from '../../../main/engine/media/wav';
import { answerLiveInvoke } from '../../../main/live/liveInvoke';
import { LiveSessionHost } from '../../../main/live/liveSession';

const DEMO_WAV = resolve(import.meta.dirname, '../../../resources/demo/user.wav');
let root: string;
let host: LiveSessionHost;
let folder: string;
let events: TimelineEvent[];

const readEvents = (dir: string): TimelineEvent[] =>
  readFileSync(join(dir, 'timeline.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as TimelineEvent);
const writeEvents = (dir: string, list: TimelineEvent[]) =>
  writeFileSync(join(dir, 'timeline.jsonl'), list.map((event, seq) => JSON.stringify({ ...event, seq })).join('\n') + '\n');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tandem-live-replay-'));
  host = new LiveSessionHost({ sessionsDir: join(root, 'sessions'), log: () => {} });
  // The demo's first 6.4 s: a question with a pause, then the assistant's turn. 16-bit at 16 kHz, so mic.wav keeps it exactly.
  const speech = readWavMono16k(DEMO_WAV).samples.subarray(0, 32 * SAMPLES_PER_TURN);
  await host.start({ im: 'harness', executionProvider: 'cpu' });
  // Pushed in 200 ms frames at the pace a renderer sends them; silence after the speech.
  for (let frame = 0; frame < 40; frame++) {
    const samples = frame < 32 ? speech.slice(frame * SAMPLES_PER_TURN, (frame + 1) * SAMPLES_PER_TURN) : new Float32Array(SAMPLES_PER_TURN);
    host.pushMic(samples);
    if (frame === 36) host.sendText({ text: 'what time is it?' });
    await sleep(200);
  }
  await host.stop();
  folder = host.sessionFolder!;
  events = readEvents(folder);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('replay of a live session folder', () => {
  it('recorded both sides: mic.wav, and output.wav one micro-turn longer (output chunk k plays during input chunk k+1)', () => {
    const mic = readWavMono16k(join(folder, 'mic.wav')).samples;
    const output = readWavMono16k(join(folder, 'output.wav')).samples;
    const turns = events.filter((e) => e.kind === 'audio_chunk').length;
    expect(mic.length).toBe(turns * SAMPLES_PER_TURN);
    expect(output.length).toBe(mic.length + SAMPLES_PER_TURN);
    expect(output.subarray(0, SAMPLES_PER_TURN).every((s) => s === 0)).toBe(true);
    // The assistant spoke in this session, so its voice is in the file.
    expect(events.some((e) => e.kind === 'assistant_speech_started')).toBe(true);
    expect(output.some((s) => s !== 0)).toBe(true);
    expect(events[0].payload.executionProvider).toEqual({ requested: 'cpu', used: 'cpu' });
  });

  it('re-runs on the virtual clock with every decision identical, typed text included', async () => {
    expect(events.some((e) => e.kind === 'user_text')).toBe(true);
    expect(events.some((e) => e.kind === 'user_speech_started')).toBe(true);
    const result = await replaySession(folder);
    expect(result.message).toMatch(/^Replay identical/);
    expect(result.identical).toBe(true);
    const decisions = events.filter((e) => ['user_text', 'user_speech_started', 'user_speech_ended', 'action', 'assistant_speech_started', 'assistant_speech_ended', 'assistant_speech_cut', 'model_event', 'background_update'].includes(e.kind));
    expect(result.comparedEvents).toBe(decisions.length);
  }, 60_000);

  it('answers history:list and history:verify through the one invoke dispatcher', async () => {
    const context = { host, version: 'test' };
    const list = await answerLiveInvoke(context, 'history:list', {});
    expect(list.sessions.map((entry) => entry.id)).toEqual([basename(folder)]);
    expect(list.sessions[0]).toMatchObject({ endedCleanly: true, interactionModel: 'harness', live: false });
    const verdict = await answerLiveInvoke(context, 'history:verify', { id: basename(folder) });
    expect(verdict.verdict).toBe('identical');
  }, 60_000);

  it('reports a divergence when a recorded decision was edited', async () => {
    const copy = join(root, 'sessions', 'edited');
    cpSync(folder, copy, { recursive: true });
    const edited = readEvents(copy);
    const action = edited.find((e) => e.kind === 'action')!;
    action.payload = { ...action.payload, action: action.payload.action === 'listen' ? 'speak' : 'listen' };
    writeEvents(copy, edited);
    const result = await replaySession(copy);
    expect(result.identical).toBe(false);
    expect(result.message).toMatch(/diverges at decision event/);
  }, 60_000);

  it('refuses honestly when the model was given camera or screen frames, which are never written to disk', async () => {
    const copy = join(root, 'sessions', 'withframes');
    cpSync(folder, copy, { recursive: true });
    const list = readEvents(copy);
    list.splice(3, 0, { seq: 0, turn: 1, atMs: 200, source: 'engine', kind: 'frame', payload: { source: 'camera' } });
    writeEvents(copy, list);
    await expect(replaySession(copy)).rejects.toThrow(/given 1 camera or screen frame.*cannot be verified/);
    const verdict = await answerLiveInvoke({ host, version: 'test' }, 'history:verify', { id: 'withframes' });
    expect(verdict).toMatchObject({ verdict: 'cannot-verify', comparedEvents: 0 });
    expect(verdict.message).toMatch(/frames to disk/);
  }, 60_000);
});
