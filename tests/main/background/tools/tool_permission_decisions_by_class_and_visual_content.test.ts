// Permission decisions, table-driven: deny never runs, ask runs only on the user's yes, auto runs, and a side-effecting call from screen or camera content always asks.

import { describe, expect, it } from 'vitest';
import type { ToolPermissionClass } from '../../../../common/ipc';
import { decideToolPolicy } from '../../../../main/background/tools/toolPermissions';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import { ScriptedAsker } from './toolPermissionAsker.fake';
import { echoTool } from './testTools.fake';

type Row = [permission: ToolPermissionClass, sideEffect: boolean, fromVisualContent: boolean, verdict: 'run' | 'ask' | 'deny'];
const TABLE: Row[] = [
  ['auto', false, false, 'run'],
  ['auto', false, true, 'run'], // reading (no side effect) stays automatic even when the screen prompted it
  ['auto', true, false, 'run'],
  ['auto', true, true, 'ask'], // the visual-content rule
  ['ask', false, false, 'ask'],
  ['ask', false, true, 'ask'],
  ['ask', true, false, 'ask'],
  ['ask', true, true, 'ask'],
  ['deny', false, false, 'deny'],
  ['deny', false, true, 'deny'],
  ['deny', true, false, 'deny'],
  ['deny', true, true, 'deny'], // deny wins over asking
];

describe('decideToolPolicy', () => {
  it.each(TABLE)('%s, sideEffect %s, fromVisualContent %s → %s', (permission, sideEffect, fromVisualContent, verdict) => {
    expect(decideToolPolicy({ tool: 'echo', permission, sideEffect, fromVisualContent }).verdict).toBe(verdict);
  });
});

describe('ToolRegistry.call follows the policy, the user and the overrides', () => {
  it.each(TABLE)('%s, sideEffect %s, fromVisualContent %s: runs only when allowed', async (permission, sideEffect, fromVisualContent, verdict) => {
    for (const userAllows of [true, false]) {
      let ran = 0;
      const asker = new ScriptedAsker({ allow: userAllows });
      const registry = new ToolRegistry({
        tools: [echoTool({ sideEffect, run: async () => { ran++; return 'done'; } })],
        permissionOverrides: () => ({ echo: permission }),
        asker,
      });
      const result = await registry.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent, reason: 'the user asked' });
      const shouldRun = verdict === 'run' || (verdict === 'ask' && userAllows);
      expect({ ran, ok: result.ok, asked: asker.asked.length }).toEqual({ ran: shouldRun ? 1 : 0, ok: shouldRun, asked: verdict === 'ask' ? 1 : 0 });
      if (verdict === 'ask') {
        expect(asker.asked[0]).toMatchObject({ tool: 'echo', args: { text: 'x' }, fromVisualContent });
        expect(asker.asked[0].why).toContain('the user asked');
        if (sideEffect && fromVisualContent) expect(asker.asked[0].why).toContain('screen or camera');
      }
      if (!result.ok && verdict === 'deny') expect(result.error).toMatch(/does not allow echo.*Settings → Tools/);
      if (!result.ok && verdict === 'ask') expect(result.error).toBe('the user declined echo; it did not run');
    }
  });

  it('refuses an "ask" call when nobody can be asked, and reports a prompt nobody answered', async () => {
    const lonely = new ToolRegistry({ tools: [echoTool()], permissionOverrides: () => ({ echo: 'ask' }) });
    expect(await lonely.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: false })).toEqual({ ok: false, error: 'echo needs the user\'s permission and no window is there to ask; it did not run' });
    const unanswered = new ToolRegistry({ tools: [echoTool()], permissionOverrides: () => ({ echo: 'ask' }), asker: new ScriptedAsker({ allow: false, decidedBy: 'timeout' }) });
    expect(await unanswered.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: false })).toEqual({ ok: false, error: 'nobody answered the permission prompt for echo in time; it did not run' });
  });

  it('remembers a decision the user asked to keep, except for calls from screen or camera content', async () => {
    const remembered: Array<[string, ToolPermissionClass]> = [];
    const overrides: Record<string, ToolPermissionClass> = { echo: 'ask' };
    const registry = new ToolRegistry({
      tools: [echoTool({ sideEffect: true })],
      permissionOverrides: () => overrides,
      asker: new ScriptedAsker({ allow: true, remember: true }),
      rememberPermission: (tool, permission) => remembered.push([tool, permission]),
    });
    await registry.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: true });
    expect(remembered).toEqual([]);
    await registry.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: false });
    expect(remembered).toEqual([['echo', 'auto']]);
  });

  it('reads the overrides at every call, so a change in Settings applies to the next call', async () => {
    const overrides: Record<string, ToolPermissionClass> = { echo: 'auto' };
    const registry = new ToolRegistry({ tools: [echoTool()], permissionOverrides: () => overrides });
    expect((await registry.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: false })).ok).toBe(true);
    overrides.echo = 'deny';
    expect((await registry.call('echo', { text: 'x' }, { taskId: 't', fromVisualContent: false })).ok).toBe(false);
    // A tool missing from the table and from the overrides asks (the safe default).
    expect(registry.permissionOf('not_in_table')).toBe('ask');
  });
});
