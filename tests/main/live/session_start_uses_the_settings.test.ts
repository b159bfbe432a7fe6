// session:start through the one invoke dispatcher: no `im` takes the settings' model and provider; a request's own, or serve's --im, wins.

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

function setUp(imOverride?: string): { context: LiveInvokeContext; started: () => TimelineEvent | undefined } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-start-settings-'));
  const host = new LiveSessionHost({ sessionsDir: join(dir, 'sessions'), log: () => {} });
  let started: TimelineEvent | undefined;
  host.on('timelineEvent', (event) => {
    if (event.kind === 'session_started') started = event;
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => host.stop().then(() => undefined));
  const settings = new SettingsStore({ path: join(dir, 'settings.json'), log: () => {} });
  return { context: { host, version: 'test', settings, ...(imOverride ? { imOverride } : {}) }, started: () => started };
}

describe('session:start and the settings', () => {
  it('uses the settings\' interaction model when the request names none', async () => {
    const { context } = setUp();
    await answerLiveInvoke(context, 'settings:set', { interactionModel: 'nonexistent' });
    await expect(answerLiveInvoke(context, 'session:start', {})).rejects.toThrow(/interaction model "nonexistent"/);
  });

  it('passes the settings\' execution provider to the model and records what it got', async () => {
    const { context, started } = setUp();
    await answerLiveInvoke(context, 'settings:set', { executionProvider: 'cpu' });
    expect((await answerLiveInvoke(context, 'session:start', {})).state).toBe('running');
    expect(started()?.payload.executionProvider).toEqual({ requested: 'cpu', used: 'cpu' });
    expect((started()?.payload.interactionModel as { name: string }).name).toBe('harness');
  });

  it('lets the request\'s own model, then serve\'s --im, win over the settings', async () => {
    const { context } = setUp('harness');
    await answerLiveInvoke(context, 'settings:set', { interactionModel: 'nonexistent' });
    expect((await answerLiveInvoke(context, 'session:start', {})).state).toBe('running');
    await answerLiveInvoke(context, 'session:stop', undefined);
    await expect(answerLiveInvoke(context, 'session:start', { im: 'other' })).rejects.toThrow(/interaction model "other"/);
  });
});
