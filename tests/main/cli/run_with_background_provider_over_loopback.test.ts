// `tandem run --background FILE` end to end: typed questions go to a loopback OpenAI-compatible server through the worker thread, answers are spoken at exact micro-turns, runs and replays are identical.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { finishChunk, startLoopbackServer, textChunk, type LoopbackServer } from '../background/loopbackOpenAiServer.fixture';
import { TempDirs, ensureBuilt, runTandem } from './cli.fixture';

const temp = new TempDirs();
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = temp.make('background-run');
  // Answers by the last user message: slow streaming for the sum, HTTP 500 for the weather.
  server = await startLoopbackServer((body) => {
    const messages = body.messages as Array<{ role: string; content: string }>;
    const last = messages.at(-1)!.content;
    if (last.includes('weather')) return { kind: 'status', status: 500, body: { error: { message: 'model crashed' } } };
    return { kind: 'stream', chunks: [textChunk('It is '), textChunk('five.'), finishChunk()], delayMs: 40 };
  });
  writeFileSync(join(dir, 'ask.scenario.json'), JSON.stringify({ version: 1, name: 'typed questions', durationMs: 8000, text: [{ atMs: 450, text: 'what is 2 plus 3?' }] }));
  writeFileSync(join(dir, 'weather.scenario.json'), JSON.stringify({ version: 1, name: 'provider fails', durationMs: 6000, text: [{ atMs: 450, text: 'what is the weather?' }] }));
  writeFileSync(join(dir, 'background.json'), JSON.stringify({ active: 'loop', providers: [{ id: 'loop', kind: 'openai', baseURL: server.baseURL, model: 'tiny' }] }));
}, 120_000);
afterAll(async () => {
  await server?.close();
  temp.removeAll();
});

function timeline(out: string): TimelineEvent[] {
  return readFileSync(join(out, 'timeline.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as TimelineEvent);
}

function story(events: TimelineEvent[]): Array<[number, string]> {
  return events.flatMap((e): Array<[number, string]> => {
    if (e.kind === 'assistant_speech_started') return [[e.turn, `say: ${String(e.payload.text)}`]];
    if (e.kind === 'model_event') return [[e.turn, `${String(e.payload.event)} ${String(e.payload.taskId)}`]];
    if (e.kind === 'background_update') return [[e.turn, `update ${String(e.payload.type)}${e.payload.type === 'text' ? ` ${String(e.payload.delta)}` : ''}`]];
    return [];
  });
}

describe('tandem run with a background provider on loopback', () => {
  it('delegates the typed question, says the filler, and speaks the streamed answer where the simulated latency ends', async () => {
    const out = temp.make('ask');
    const result = await runTandem(['run', join(dir, 'ask.scenario.json'), '--out', out, '--background', join(dir, 'background.json'), '--background-latency-ms', '1000']);
    expect(result.code, result.stderr).toBe(0);
    const events = timeline(out);
    // Typed at 450 ms → closes with turn 2; started a micro-turn later; the rest where 1000 ms end (turn 2 + 1 + 5).
    expect(story(events)).toEqual([
      [2, 'delegate task-2-0'],
      [3, 'update started'],
      [6, 'say: Let me look.'],
      [8, 'update text It is '],
      [8, 'update text five.'],
      [8, 'update done'],
      // The filler (espeak-ng, ~0.8 s from 1 400 ms) is still playing: the answer waits for it to end, never over the assistant's own voice.
      [10, 'deliver task-2-0'],
      [10, 'say: It is five.'],
    ]);
    const requestsBeforeReplay = server.requests.length;
    expect(events[0].payload.background).toMatchObject({ provider: `openai-compatible model tiny at ${server.baseURL}`, virtualLatencyMs: 1000 });
    // The server got the conversation with the question last, streaming on.
    const request = server.requests.at(-1)!;
    expect(request).toMatchObject({ model: 'tiny', stream: true });
    expect((request.messages as Array<{ role: string; content: string }>).at(-1)).toEqual({ role: 'user', content: 'what is 2 plus 3?' });

    // Run it again: the same decisions at the same turns, whatever the wall time the server took.
    const again = temp.make('ask-again');
    expect((await runTandem(['run', join(dir, 'ask.scenario.json'), '--out', again, '--background', join(dir, 'background.json'), '--background-latency-ms', '1000'])).code).toBe(0);
    const strip = (list: TimelineEvent[]) => list.slice(1).map(({ seq, turn, atMs, kind, payload }) => JSON.stringify({ seq, turn, atMs, kind, payload }));
    expect(strip(timeline(again))).toEqual(strip(events));

    // Replay feeds the recorded answers back instead of asking the provider again.
    const replay = await runTandem(['replay', out]);
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toContain('Replay identical');
    expect(server.requests.length).toBe(requestsBeforeReplay + 1); // only the second run asked
  }, 120_000);

  it('says the provider failed (HTTP 500) once its filler has ended, and keeps listening', async () => {
    const out = temp.make('weather');
    const result = await runTandem(['run', join(dir, 'weather.scenario.json'), '--out', out, '--background', join(dir, 'background.json')]);
    expect(result.code, result.stderr).toBe(0);
    const said = story(timeline(out)).filter(([, what]) => what.startsWith('say') || what.startsWith('update failed'));
    expect(said).toEqual([
      [6, 'say: Let me look.'],
      [8, 'update failed'],
      [10, `say: Sorry, I could not get an answer: openai-compatible model tiny at ${server.baseURL} answered HTTP 500: 500 model crashed.`],
    ]);
  }, 120_000);

  it('rejects a background file that names no configured provider, saying which field', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ active: 'nope', providers: [] }));
    const result = await runTandem(['run', join(dir, 'ask.scenario.json'), '--out', temp.make('bad'), '--background', join(dir, 'bad.json')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('active');
    expect(result.stderr).toContain('names no configured provider');
  }, 60_000);
});
