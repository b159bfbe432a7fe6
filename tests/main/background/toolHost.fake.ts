// A small explicit tool host for background-task tests: one `add` tool and one that always fails.

import type { ToolHost, ToolCallContext } from '../../../main/background/toolHost';

export class FakeToolHost implements ToolHost {
  readonly calls: Array<{ name: string; args: unknown; context: ToolCallContext }> = [];

  specs() {
    return [
      { name: 'add', description: 'Adds two numbers.', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] } },
    ];
  }

  async call(name: string, args: unknown, context: ToolCallContext) {
    this.calls.push({ name, args, context });
    if (name !== 'add') return { ok: false as const, error: `No tool named "${name}".` };
    const { a, b } = (args ?? {}) as { a?: unknown; b?: unknown };
    if (typeof a !== 'number' || typeof b !== 'number') return { ok: false as const, error: 'add needs numbers a and b.' };
    return { ok: true as const, content: String(a + b) };
  }
}
