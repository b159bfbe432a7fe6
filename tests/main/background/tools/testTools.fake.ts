// Small tools for registry tests: one with a side effect, one without, one that hangs, one that throws (tests only).

import { z } from 'zod';
import type { ToolDefinition } from '../../../../main/background/tools/toolTypes';

export function echoTool(overrides: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name: 'echo',
    description: 'Echoes text.',
    parameters: z.strictObject({ text: z.string().min(1).max(20), times: z.number().int().min(1).max(3).optional() }),
    sideEffect: false,
    desktop: false,
    timeoutMs: 1_000,
    run: async (args) => (args as { text: string; times?: number }).text.repeat((args as { times?: number }).times ?? 1),
    ...overrides,
  };
}
