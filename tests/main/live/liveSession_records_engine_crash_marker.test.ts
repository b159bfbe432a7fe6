// A session started after an engine crash says so in its session_started payload (previous folder, exit code); an ordinary start does not.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveSessionHost } from '../../../main/live/liveSession';

describe('LiveSessionHost engine-crash marker', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('records continuesAfterEngineCrash in the new session_started, on disk and in sync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-live-crash-'));
    dirs.push(dir);
    const host = new LiveSessionHost({ sessionsDir: dir, log: () => {} });
    await host.start({});
    const first = host.sessionFolder!;
    expect(host.sync({ sinceSeq: 0 }).events[0].payload).not.toHaveProperty('continuesAfterEngineCrash');
    await host.stop();

    await host.start({ afterEngineCrash: { previousSessionFolder: first, exitCode: 139 } });
    const started = host.sync({ sinceSeq: 0 }).events[0];
    expect(started.kind).toBe('session_started');
    expect(started.payload.continuesAfterEngineCrash).toEqual({ previousSessionFolder: first, exitCode: 139 });
    const second = host.sessionFolder!;
    await host.stop();
    const firstLine = JSON.parse(readFileSync(join(second, 'timeline.jsonl'), 'utf8').split('\n')[0]);
    expect(firstLine.payload.continuesAfterEngineCrash).toEqual({ previousSessionFolder: first, exitCode: 139 });
  });
});
