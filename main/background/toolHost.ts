// What the background task loop needs from the tool registry (main/background/tools/ implements it): specs to offer and calls that never throw.

import type { ChatToolSpec } from './chatProvider';

/** Who asks for a tool call: the task, and whether screen- or camera-derived content triggered it (then side effects always ask). */
export interface ToolCallContext {
  taskId: string;
  fromVisualContent: boolean;
}

/** A tool's answer; errors are given back to the model as results, never thrown. */
export type ToolResult = { ok: true; content: string | object } | { ok: false; error: string };

/** The registry's shape as the task loop uses it (structural: the tools registry satisfies it without importing this file). */
export interface ToolHost {
  specs(): ChatToolSpec[];
  call(name: string, argsJson: unknown, context: ToolCallContext): Promise<ToolResult>;
}

/** No tools at all: the background model answers from the context alone. */
export const NO_TOOLS: ToolHost = {
  specs: () => [],
  call: async (name) => ({ ok: false, error: `No tool named "${name}" is available.` }),
};
