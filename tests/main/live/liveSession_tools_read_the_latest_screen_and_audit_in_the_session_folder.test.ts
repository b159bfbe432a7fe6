// LiveSessionHost wires the tools: read_screen reads the newest screen frame pushed, timers land in the running session, calls are audited in its folder and timeline.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import type { ScreenTextReader } from '../../../main/background/tools/builtins/readScreenTool';
import { LiveSessionHost } from '../../../main/live/liveSession';

/** Reports the size of the PNG it was given instead of running OCR (the real OCR has its own test). */
class PngSizeReader implements ScreenTextReader {
  async read(png: Buffer): Promise<string> {
    return `png ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
  }
  async close(): Promise<void> {}
}

describe('LiveSessionHost tools', () => {
  const dirs: string[] = [];
  const hosts: LiveSessionHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const makeHost = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-tools-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: () => {}, screenReader: new PngSizeReader() });
    hosts.push(host);
    return host;
  };
  const task = { taskId: 'task-1', fromVisualContent: false };

  it('read_screen reads the newest screen frame, not a camera frame, and says when there is none', async () => {
    const host = makeHost();
    expect(await host.tools.call('read_screen', {}, task)).toMatchObject({ ok: false, error: expect.stringMatching(/no screen frame yet/) });
    await host.start({});
    host.pushFrame('screen', { rgb: new Uint8Array(100 * 50 * 3), width: 100, height: 50 });
    host.pushFrame('screen', { rgb: new Uint8Array(320 * 180 * 3), width: 320, height: 180 });
    host.pushFrame('camera', { rgb: new Uint8Array(64 * 48 * 3), width: 64, height: 48 });
    // 320 px wide is enlarged ×4 (capped) before OCR.
    expect(await host.tools.call('read_screen', {}, task)).toEqual({ ok: true, content: { width: 320, height: 180, text: 'png 1280x720' } });
  });

  it('set_timer lands in the running session and the call is audited in its folder and its timeline', async () => {
    const host = makeHost();
    const events: TimelineEvent[] = [];
    host.on('timelineEvent', (event) => events.push(event));
    await host.start({});
    await sleep(250);
    expect(await host.tools.call('set_timer', { durationS: 60, label: 'pasta' }, task)).toMatchObject({ ok: true, content: { timerId: 't0', dueInMs: 60_000, label: 'pasta' } });
    expect(host.listTimers().timers.map((timer) => timer.text)).toEqual(['pasta']);
    const audit = join(host.sessionFolder!, 'tool_calls.jsonl');
    expect(existsSync(audit)).toBe(true);
    expect(JSON.parse(readFileSync(audit, 'utf8'))).toMatchObject({ tool: 'set_timer', taskId: 'task-1', permission: 'auto', decision: 'allowed', outcome: 'ok' });
    for (let i = 0; i < 20 && !events.some((event) => event.kind === 'tool_call_audit'); i++) await sleep(50);
    expect(events.filter((event) => event.kind === 'tool_call_audit').map((event) => [event.source, event.payload.tool, event.payload.outcome, event.payload.decidedBy])).toEqual([['background', 'set_timer', 'ok', 'policy']]);
    expect(events.filter((event) => event.kind === 'timer_scheduled').map((event) => event.payload.label)).toEqual(['pasta']);
  });

  it('a timer with no session running is refused as an error for the model, not thrown', async () => {
    const host = makeHost();
    expect(await host.tools.call('remind', { text: 'call mum', inS: 5 }, task)).toEqual({ ok: false, error: 'remind failed: No session is running; start one (session:start) before setting a reminder.' });
  });
});
