// Malformed tool arguments never run the tool: the model gets an error naming the tool and the validation message.

import { describe, expect, it } from 'vitest';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import { echoTool } from './testTools.fake';

const context = { taskId: 'task-1', fromVisualContent: false };

describe('ToolRegistry.call with malformed arguments', () => {
  let runs = 0;
  const registry = new ToolRegistry({
    tools: [echoTool({ run: async (args) => { runs++; const { text, times } = args as { text: string; times?: number }; return text.repeat(times ?? 1); } })],
    permissionOverrides: () => ({ echo: 'auto' }),
  });

  it.each([
    ['a JSON string that is not JSON', '{"text": "hi"', /^invalid arguments for echo: the arguments are not JSON \(/],
    ['a missing field', {}, /^invalid arguments for echo: ✖ Invalid input: expected string, received undefined\n  → at text$/],
    ['a wrong type', { text: 5 }, /^invalid arguments for echo: .*expected string, received number/s],
    ['an out-of-range number', { text: 'a', times: 9 }, /^invalid arguments for echo: ✖ Too big: expected number to be <=3\n  → at times$/],
    ['an unexpected key', { text: 'a', shell: 'rm -rf /' }, /^invalid arguments for echo: .*Unrecognized key: "shell"/s],
    ['an array instead of an object', ['a'], /^invalid arguments for echo: .*expected object, received array/s],
  ])('refuses %s with the validation message', async (_what, args, message) => {
    const result = await registry.call('echo', args, context);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(message);
    expect(runs).toBe(0);
  });

  it('accepts the same arguments as a JSON string or an object', async () => {
    expect(await registry.call('echo', '{"text":"ab","times":2}', context)).toEqual({ ok: true, content: 'abab' });
    expect(await registry.call('echo', { text: 'ab' }, context)).toEqual({ ok: true, content: 'ab' });
    expect(runs).toBe(2);
  });

  it('answers an unknown tool with the list of tools, without throwing', async () => {
    expect(await registry.call('rm_rf', {}, context)).toEqual({ ok: false, error: 'there is no tool named "rm_rf"; the tools are: echo' });
  });
});
