// What a tool is and what a call gets and gives back: the interface the background model's tool loop codes against.

import type { z } from 'zod';
import type { ToolPermissionClass, ToolResult } from '../../../common/ipc';

export type { ToolPermissionClass, ToolResult } from '../../../common/ipc';

/** A tool as the background model sees it: OpenAI-style function spec with JSON Schema parameters. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the arguments object, generated from the tool's zod schema. */
  parameters: Record<string, unknown>;
}

/** Who asks and on what grounds: the permission rules depend on it. */
export interface ToolCallContext {
  /** The background task that made the call (its taskId in background_update events). */
  taskId: string;
  /**
   * The request was triggered by screen- or camera-derived content (text read off the screen, something
   * seen on camera). A side-effecting call then always asks the user, whatever its class: what is on a
   * screen can be written by anyone (a web page, an email), so it must not drive actions unconfirmed.
   */
  fromVisualContent: boolean;
  /** Why the model wants the call, shown in an "ask" prompt when given. */
  reason?: string;
}

/** What a tool's run function gets besides its validated arguments. */
export interface ToolRunEnvironment {
  callId: string;
  context: ToolCallContext;
  /** Aborted when the call times out: a tool doing I/O passes it on (fetch, file walks) so it stops working. */
  signal: AbortSignal;
}

/** One tool: its schema, its permission facts and what it does. */
export interface ToolDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: Schema;
  /** Changes something outside the conversation (the clipboard, a browser tab, a timer, a query sent out). */
  sideEffect: boolean;
  /** Runs in the renderer through the bridge. */
  desktop: boolean;
  /** The call is abandoned (and reported as timed out) after this long. */
  timeoutMs: number;
  /** Content for the model; throw (or reject) to report a failure: the registry turns it into an error result. */
  run(args: z.infer<Schema>, env: ToolRunEnvironment): Promise<string | Record<string, unknown>>;
}

/** A failure a tool reports on purpose, with a message meant for the model (and through it the user). */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolFailure';
  }
}

/** Whether a call runs, and who said so. */
export interface PermissionDecision {
  allowed: boolean;
  /** `policy`: the class decided alone (auto or deny); `user`: the user answered a prompt; `timeout`: nobody answered. */
  decidedBy: 'policy' | 'user' | 'timeout';
}

/** Asks the user whether a call may run (the renderer's prompt); resolves false when nobody answers in time. */
export interface ToolPermissionAsker {
  ask(request: { callId: string; tool: string; description: string; args: Record<string, unknown>; why: string; fromVisualContent: boolean }): Promise<{ allow: boolean; remember: boolean; decidedBy: 'user' | 'timeout' }>;
}

export type { ToolPermissionClass as PermissionClass };
