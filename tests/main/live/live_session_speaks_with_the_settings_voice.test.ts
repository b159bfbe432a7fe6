// A live session speaks with the voice in the settings (espeak-ng by default), names it in session_started, and refuses a bad one before starting.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { answerLiveInvoke, type LiveInvokeContext } from '../../../main/live/liveInvoke';
import { LiveSessionHost } from '../../../main/live/liveSession';
import { SettingsStore } from '../../../main/live/settingsStore';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(): { context: LiveInvokeContext; host: LiveSessionHost; events: TimelineEvent[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-live-voice-'));
  const host = new LiveSessionHost({ sessionsDir: join(dir, 'sessions'), log: () => {} });
  const events: TimelineEvent[] = [];
  host.on('timelineEvent', (event) => events.push(event));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => host.stop().then(() => undefined));
  const settings = new SettingsStore({ path: join(dir, 'settings.json'), log: () => {} });
  return { context: { host, version: 'test', settings }, host, events };
}

describe('the live session voice', () => {
  it('is the embedded espeak-ng voice by default', async () => {
    const { context, events } = setUp();
    expect((await answerLiveInvoke(context, 'session:start', {})).state).toBe('running');
    expect(events[0].payload).toMatchObject({ voice: 'espeak-ng:en-us', voiceChoice: { kind: 'espeak', voice: 'en-us', rate: 175, pitch: 50 } });
  });

  it('follows the settings, and a typed message is answered in that voice', async () => {
    const { context, host, events } = setUp();
    await answerLiveInvoke(context, 'settings:set', { voice: { name: 'espeak:en+m3', rate: 190, pitch: 40 } });
    const audio: Float32Array[] = [];
    host.on('audioOutput', (_turn, samples) => audio.push(Float32Array.from(samples)));
    expect((await answerLiveInvoke(context, 'session:start', {})).state).toBe('running');
    expect(events[0].payload).toMatchObject({ voice: 'espeak-ng:en+m3', voiceChoice: { kind: 'espeak', voice: 'en+m3', rate: 190, pitch: 40 } });
    await answerLiveInvoke(context, 'text:send', { text: 'hello, can you hear me?' });
    const deadline = Date.now() + 8000;
    while (!events.some((e) => e.kind === 'assistant_speech_started') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const started = events.find((e) => e.kind === 'assistant_speech_started');
    expect(started?.payload).toMatchObject({ voice: 'espeak-ng:en+m3', placeholder: false });
    // Speech reaches the output, not a tone: the next chunks carry audio.
    while (!audio.some((chunk) => chunk.some((v) => Math.abs(v) > 0.01)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(audio.some((chunk) => chunk.some((v) => Math.abs(v) > 0.01))).toBe(true);
  });

  it('refuses to start with an unknown voice, saying which', async () => {
    const { context } = setUp();
    await answerLiveInvoke(context, 'settings:set', { voice: { name: 'espeak:xx-nope', rate: 175, pitch: 50 } });
    await expect(answerLiveInvoke(context, 'session:start', {})).rejects.toThrow(/voice "espeak:xx-nope".*Unknown espeak-ng voice "xx-nope"/);
  });
});
