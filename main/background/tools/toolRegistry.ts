// ToolRegistry: the tools the background model may call, their JSON Schema specs, and every call's validation, permission, timeout and audit.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ToolInfo, ToolPermissionClass, ToolResult } from '../../../common/ipc';
import type { ToolAuditEntry, ToolAuditLog } from './toolAuditLog';
import { TOOL_PERMISSION_DEFAULTS, decideToolPolicy, defaultPermissionOf } from './toolPermissions';
import { ToolFailure, type ToolCallContext, type ToolDefinition, type ToolPermissionAsker, type ToolSpec } from './toolTypes';

export interface ToolRegistryOptions {
  tools: ToolDefinition[];
  /** The user's classes (settings.tools), read at every call so a change in Settings applies to the next call. */
  permissionOverrides?: () => Partial<Record<string, ToolPermissionClass>>;
  /** Asks the user for "ask" calls; without one, an "ask" call is refused (there is nobody to ask). */
  asker?: ToolPermissionAsker;
  /** The user ticked "remember" on a prompt: store the class for the tool (settings.tools). */
  rememberPermission?: (tool: string, permission: ToolPermissionClass) => void;
  /** Where every call is recorded; the log of the session that is running. */
  audit?: () => ToolAuditLog | null;
  /** Told about every finished call (the live host puts a summary in the timeline). */
  onAudit?: (entry: ToolAuditEntry) => void;
  /** Time source for durations (ms); tests pin it. */
  nowMs?: () => number;
}

/** A call that outlived its tool's limit. */
export class ToolTimeoutError extends Error {
  constructor(tool: string, timeoutMs: number) {
    super(`${tool} did not finish within ${timeoutMs} ms and was abandoned`);
    this.name = 'ToolTimeoutError';
  }
}

/**
 * The registry. `call` never throws: unknown tools, malformed arguments, refusals, failures and timeouts
 * all come back as `{ ok: false, error }` for the model to read, and every call is audited.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();
  private readonly nowMs: () => number;

  constructor(private readonly options: ToolRegistryOptions) {
    for (const tool of options.tools) {
      if (this.tools.has(tool.name)) throw new Error(`two tools are named ${tool.name}; tool names must be unique`);
      this.tools.set(tool.name, tool);
    }
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  /** The tools as function specs for the background model, parameters as JSON Schema generated from zod. */
  specs(): ToolSpec[] {
    return [...this.tools.values()].map((tool) => ({ name: tool.name, description: tool.description, parameters: toolJsonSchema(tool.parameters) }));
  }

  /** The tools as the settings page lists them. */
  info(): ToolInfo[] {
    return [...this.tools.values()].map((tool) => ({
      name: tool.name,
      description: tool.description,
      defaultClass: defaultPermissionOf(tool.name),
      why: TOOL_PERMISSION_DEFAULTS[tool.name]?.why ?? 'not a built-in tool: it asks unless you choose otherwise',
      sideEffect: tool.sideEffect,
      desktop: tool.desktop,
    }));
  }

  /** The class in force for a tool: the user's choice, else the table's default. */
  permissionOf(name: string): ToolPermissionClass {
    return this.options.permissionOverrides?.()[name] ?? defaultPermissionOf(name);
  }

  async call(name: string, argsJson: unknown, context: ToolCallContext): Promise<ToolResult> {
    const callId = `call-${randomBytes(6).toString('hex')}`;
    const startedMs = this.nowMs();
    const base = { at: new Date().toISOString(), callId, taskId: context.taskId, tool: name, args: argsJson, fromVisualContent: context.fromVisualContent };
    const finish = (entry: Omit<ToolAuditEntry, keyof typeof base | 'durationMs'>, result: ToolResult): ToolResult => {
      const full: ToolAuditEntry = { ...base, ...entry, durationMs: Math.max(0, this.nowMs() - startedMs) };
      this.options.audit?.()?.append(full);
      try {
        this.options.onAudit?.(full);
      } catch {
        // A summary that cannot be recorded does not change what the model hears.
      }
      return result;
    };

    const tool = this.tools.get(name);
    if (!tool) {
      const error = `there is no tool named "${String(name)}"; the tools are: ${[...this.tools.keys()].join(', ')}`;
      return finish({ permission: null, decision: 'unknown-tool', decidedBy: 'validation', outcome: 'not-run', error }, { ok: false, error });
    }
    const parsedArgs = parseArguments(argsJson);
    const validated = parsedArgs.ok ? tool.parameters.safeParse(parsedArgs.value) : null;
    if (!parsedArgs.ok || !validated?.success) {
      const reason = !parsedArgs.ok ? parsedArgs.reason : z.prettifyError(validated!.error!);
      const error = `invalid arguments for ${name}: ${reason}`;
      return finish({ permission: this.permissionOf(name), decision: 'invalid', decidedBy: 'validation', outcome: 'not-run', error }, { ok: false, error });
    }
    const args = validated.data as Record<string, unknown>;

    const permission = this.permissionOf(name);
    const policy = decideToolPolicy({ tool: name, permission, sideEffect: tool.sideEffect, fromVisualContent: context.fromVisualContent });
    let decidedBy: 'policy' | 'user' | 'timeout' = 'policy';
    if (policy.verdict === 'deny') {
      const error = `the user does not allow ${name} (${policy.why}); tell them, and that they can change it in Settings → Tools`;
      return finish({ permission, decision: 'denied', decidedBy, outcome: 'not-run', error }, { ok: false, error });
    }
    if (policy.verdict === 'ask') {
      if (!this.options.asker) {
        const error = `${name} needs the user's permission and no window is there to ask; it did not run`;
        return finish({ permission, decision: 'denied', decidedBy, outcome: 'not-run', error }, { ok: false, error });
      }
      let answer: Awaited<ReturnType<ToolPermissionAsker['ask']>>;
      try {
        answer = await this.options.asker.ask({ callId, tool: name, description: tool.description, args, why: context.reason ? `${context.reason} (${policy.why})` : policy.why, fromVisualContent: context.fromVisualContent });
      } catch (error) {
        answer = { allow: false, remember: false, decidedBy: 'timeout' };
        void error;
      }
      decidedBy = answer.decidedBy;
      // "Remember" never applies to the visual-content rule: that call asks every time by design.
      if (answer.remember && answer.decidedBy === 'user' && !(tool.sideEffect && context.fromVisualContent)) {
        this.options.rememberPermission?.(name, answer.allow ? 'auto' : 'deny');
      }
      if (!answer.allow) {
        const error = answer.decidedBy === 'timeout'
          ? `nobody answered the permission prompt for ${name} in time; it did not run`
          : `the user declined ${name}; it did not run`;
        return finish({ permission, decision: 'denied', decidedBy, outcome: 'not-run', error }, { ok: false, error });
      }
    }

    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new ToolTimeoutError(name, tool.timeoutMs));
        reject(new ToolTimeoutError(name, tool.timeoutMs));
      }, tool.timeoutMs);
    });
    try {
      // The run is wrapped so a tool that throws synchronously is caught like one that rejects.
      const content = await Promise.race([Promise.resolve().then(() => tool.run(args, { callId, context, signal: controller.signal })), timedOut]);
      if (typeof content !== 'string' && (typeof content !== 'object' || content === null || Array.isArray(content))) {
        const error = `${name} returned something that is neither text nor an object`;
        return finish({ permission, decision: 'allowed', decidedBy, outcome: 'error', error }, { ok: false, error });
      }
      return finish({ permission, decision: 'allowed', decidedBy, outcome: 'ok', result: content }, { ok: true, content });
    } catch (thrown) {
      if (thrown instanceof ToolTimeoutError) {
        return finish({ permission, decision: 'allowed', decidedBy, outcome: 'timeout', error: thrown.message }, { ok: false, error: thrown.message });
      }
      const error = thrown instanceof ToolFailure ? `${name}: ${thrown.message}` : `${name} failed: ${(thrown as Error)?.message ?? String(thrown)}`;
      return finish({ permission, decision: 'allowed', decidedBy, outcome: 'error', error }, { ok: false, error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** JSON Schema of a tool's arguments, as z.toJSONSchema writes it for input (draft 2020-12). */
export function toolJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
}

/** Models send arguments as a JSON string (OpenAI) or an object (node-llama-cpp); both are accepted. */
function parseArguments(argsJson: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof argsJson !== 'string') return { ok: true, value: argsJson ?? {} };
  if (argsJson.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(argsJson) };
  } catch (error) {
    return { ok: false, reason: `the arguments are not JSON (${(error as Error).message})` };
  }
}
