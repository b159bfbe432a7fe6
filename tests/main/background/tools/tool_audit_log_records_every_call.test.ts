// The audit log: one JSON line per call, whatever happened to it (ran, failed, denied, malformed), with class, decision, who decided and duration.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ToolAuditLog, type ToolAuditEntry } from '../../../../main/background/tools/toolAuditLog';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import { ToolFailure } from '../../../../main/background/tools/toolTypes';
import { ScriptedAsker } from './toolPermissionAsker.fake';
import { echoTool } from './testTools.fake';

const dir = mkdtempSync(join(tmpdir(), 'tandem-tool-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tool audit log', () => {
  it('appends one line per call with tool, args, class, decision, decider, outcome, result or error and duration', async () => {
    const log = new ToolAuditLog(join(dir, 'session-a', 'tool_calls.jsonl'));
    let clockMs = 1_000;
    const summaries: ToolAuditEntry[] = [];
    const registry = new ToolRegistry({
      tools: [
        echoTool({ run: async (args) => { clockMs += 25; return (args as { text: string }).text; } }),
        echoTool({ name: 'fails', run: async () => { clockMs += 5; throw new ToolFailure('the disk is full'); } }),
        echoTool({ name: 'guarded', sideEffect: true }),
      ],
      permissionOverrides: () => ({ echo: 'auto', fails: 'auto', guarded: 'ask' }),
      asker: new ScriptedAsker({ allow: false }),
      audit: () => log,
      onAudit: (entry) => summaries.push(entry),
      nowMs: () => clockMs,
    });
    await registry.call('echo', '{"text":"hi"}', { taskId: 'task-7', fromVisualContent: false });
    await registry.call('fails', { text: 'x' }, { taskId: 'task-7', fromVisualContent: false });
    await registry.call('guarded', { text: 'x' }, { taskId: 'task-8', fromVisualContent: true });
    await registry.call('echo', { text: 42 }, { taskId: 'task-8', fromVisualContent: false });
    await registry.call('nope', {}, { taskId: 'task-8', fromVisualContent: false });

    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ToolAuditEntry);
    const strip = ({ at, callId, ...rest }: ToolAuditEntry) => {
      expect(at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(callId).toMatch(/^call-[0-9a-f]{12}$/);
      return rest;
    };
    expect(lines.map(strip)).toEqual([
      { taskId: 'task-7', tool: 'echo', args: '{"text":"hi"}', fromVisualContent: false, permission: 'auto', decision: 'allowed', decidedBy: 'policy', outcome: 'ok', result: 'hi', durationMs: 25 },
      { taskId: 'task-7', tool: 'fails', args: { text: 'x' }, fromVisualContent: false, permission: 'auto', decision: 'allowed', decidedBy: 'policy', outcome: 'error', error: 'fails: the disk is full', durationMs: 5 },
      { taskId: 'task-8', tool: 'guarded', args: { text: 'x' }, fromVisualContent: true, permission: 'ask', decision: 'denied', decidedBy: 'user', outcome: 'not-run', error: 'the user declined guarded; it did not run', durationMs: 0 },
      { taskId: 'task-8', tool: 'echo', args: { text: 42 }, fromVisualContent: false, permission: 'auto', decision: 'invalid', decidedBy: 'validation', outcome: 'not-run', error: expect.stringMatching(/^invalid arguments for echo: /), durationMs: 0 },
      { taskId: 'task-8', tool: 'nope', args: {}, fromVisualContent: false, permission: null, decision: 'unknown-tool', decidedBy: 'validation', outcome: 'not-run', error: expect.stringMatching(/^there is no tool named "nope"/), durationMs: 0 },
    ]);
    expect(summaries.map((entry) => entry.outcome)).toEqual(['ok', 'error', 'not-run', 'not-run', 'not-run']);
  });

  it('cuts long results in the log but gives the model the whole result', async () => {
    const log = new ToolAuditLog(join(dir, 'session-b', 'tool_calls.jsonl'));
    const long = 'x'.repeat(5_000);
    const registry = new ToolRegistry({ tools: [echoTool({ run: async () => long })], permissionOverrides: () => ({ echo: 'auto' }), audit: () => log });
    expect(await registry.call('echo', { text: 'a' }, { taskId: 't', fromVisualContent: false })).toEqual({ ok: true, content: long });
    const entry = JSON.parse(readFileSync(log.path, 'utf8')) as ToolAuditEntry;
    expect(entry.result).toBe(`${'x'.repeat(2_000)}… (5000 chars)`);
  });

  it('keeps answering when the log cannot be written, and says so once', async () => {
    const problems: string[] = [];
    // A file where the session folder should be: the folder cannot be made.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const log = new ToolAuditLog(join(dir, 'not-a-folder', 'tool_calls.jsonl'), (line) => problems.push(line));
    const registry = new ToolRegistry({ tools: [echoTool()], permissionOverrides: () => ({ echo: 'auto' }), audit: () => log });
    expect(await registry.call('echo', { text: 'a' }, { taskId: 't', fromVisualContent: false })).toEqual({ ok: true, content: 'a' });
    expect(await registry.call('echo', { text: 'b' }, { taskId: 't', fromVisualContent: false })).toEqual({ ok: true, content: 'b' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`cannot append to the tool audit log ${join(dir, 'not-a-folder', 'tool_calls.jsonl')}: ${problems[0].split(': ').slice(1).join(': ')}`);
    expect(problems[0]).toMatch(/EEXIST|ENOTDIR/);
  });
});
