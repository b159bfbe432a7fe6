// A tool that hangs is abandoned at its own limit (and told to stop), one that throws is reported; the registry keeps serving calls.

import { describe, expect, it } from 'vitest';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import { echoTool } from './testTools.fake';

const context = { taskId: 't', fromVisualContent: false };

describe('tool failures', () => {
  it('times out a hanging tool at its limit, aborts its signal, and keeps serving other calls', async () => {
    let aborted: unknown = null;
    const registry = new ToolRegistry({
      tools: [
        echoTool({ name: 'hangs', timeoutMs: 80, run: (_args, { signal }) => new Promise(() => signal.addEventListener('abort', () => (aborted = signal.reason))) }),
        echoTool(),
      ],
      permissionOverrides: () => ({ hangs: 'auto', echo: 'auto' }),
    });
    expect(await registry.call('hangs', { text: 'x' }, context)).toEqual({ ok: false, error: 'hangs did not finish within 80 ms and was abandoned' });
    expect((aborted as Error).message).toBe('hangs did not finish within 80 ms and was abandoned');
    expect(await registry.call('echo', { text: 'still here' }, context)).toEqual({ ok: true, content: 'still here' });
  });

  it('reports a tool that throws synchronously, rejects, throws a non-Error, or returns nonsense', async () => {
    const registry = new ToolRegistry({
      tools: [
        echoTool({ name: 'sync_throw', run: () => { throw new TypeError('cannot read properties of undefined'); } }),
        echoTool({ name: 'rejects', run: async () => { throw new Error('ECONNRESET'); } }),
        echoTool({ name: 'throws_string', run: async () => { throw 'boom'; } }),
        echoTool({ name: 'returns_number', run: async () => 42 as unknown as string }),
      ],
      permissionOverrides: () => ({ sync_throw: 'auto', rejects: 'auto', throws_string: 'auto', returns_number: 'auto' }),
    });
    expect(await registry.call('sync_throw', { text: 'x' }, context)).toEqual({ ok: false, error: 'sync_throw failed: cannot read properties of undefined' });
    expect(await registry.call('rejects', { text: 'x' }, context)).toEqual({ ok: false, error: 'rejects failed: ECONNRESET' });
    expect(await registry.call('throws_string', { text: 'x' }, context)).toEqual({ ok: false, error: 'throws_string failed: boom' });
    expect(await registry.call('returns_number', { text: 'x' }, context)).toEqual({ ok: false, error: 'returns_number returned something that is neither text nor an object' });
  });
});
