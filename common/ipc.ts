// The IPC contract between Electron main, the preload and the renderer: channel names, payload schemas, inferred types.

import { z } from 'zod';

// Every schema is strict: a payload with an unexpected key is rejected rather than passed through,
// because whatever crosses the boundary unchecked becomes something main has to trust.

/** What the app reports about itself. */
export const AppInfoSchema = z.strictObject({
  /** The app's version as in package.json. */
  version: z.string().min(1),
  /** The operating system as Node names it (`linux`, `darwin`, `win32`, …). */
  platform: z.string().min(1),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SESSION_STATES = ['idle', 'running', 'paused', 'stopped'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Where the micro-turn session is: its lifecycle state and the micro-turn it reached. */
export const SessionStatusSchema = z.strictObject({
  state: z.enum(SESSION_STATES),
  turn: z.number().int().nonnegative(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/**
 * Request/response channels: the renderer invokes, main answers.
 * `request` is the single argument the renderer passes (`z.undefined()` when it passes none).
 */
export const IPC_INVOKE_CHANNELS = {
  'app:getInfo': { request: z.undefined(), response: AppInfoSchema },
} as const;

/** Event channels: main sends, the renderer subscribes. */
export const IPC_EVENT_CHANNELS = {
  'session:status': SessionStatusSchema,
} as const;

export type IpcInvokeChannel = keyof typeof IPC_INVOKE_CHANNELS;
export type IpcEventChannel = keyof typeof IPC_EVENT_CHANNELS;
export type IpcChannel = IpcInvokeChannel | IpcEventChannel;

export type IpcRequest<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE_CHANNELS)[C]['request']>;
export type IpcResponse<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE_CHANNELS)[C]['response']>;
export type IpcEvent<C extends IpcEventChannel> = z.infer<(typeof IPC_EVENT_CHANNELS)[C]>;
/** What travels on a channel from its sender: the request for invoke channels, the event for event channels. */
export type IpcPayload<C extends IpcChannel> = C extends IpcInvokeChannel
  ? IpcRequest<C>
  : C extends IpcEventChannel
    ? IpcEvent<C>
    : never;

export function isIpcInvokeChannel(channel: string): channel is IpcInvokeChannel {
  return Object.hasOwn(IPC_INVOKE_CHANNELS, channel);
}

export function isIpcEventChannel(channel: string): channel is IpcEventChannel {
  return Object.hasOwn(IPC_EVENT_CHANNELS, channel);
}

export type IpcValidation<T> = { ok: true; value: T } | { ok: false; channel: string; reason: string };

/**
 * Checks what a sender put on a channel: the request of an invoke channel or the event of an event channel.
 * Never throws; an unknown channel is a failed validation, not an exception.
 */
export function validateIpcPayload<C extends IpcChannel>(channel: C, payload: unknown): IpcValidation<IpcPayload<C>>;
export function validateIpcPayload(channel: string, payload: unknown): IpcValidation<unknown>;
export function validateIpcPayload(channel: string, payload: unknown): IpcValidation<unknown> {
  if (isIpcInvokeChannel(channel)) {
    return toValidation(channel, IPC_INVOKE_CHANNELS[channel].request.safeParse(payload));
  }
  if (isIpcEventChannel(channel)) {
    return toValidation(channel, IPC_EVENT_CHANNELS[channel].safeParse(payload));
  }
  return { ok: false, channel, reason: `unknown IPC channel; the known ones are listed in common/ipc.ts` };
}

/** Checks what main answers on an invoke channel, so a bug in main cannot hand the renderer a malformed value. */
export function validateIpcResponse<C extends IpcInvokeChannel>(channel: C, response: unknown): IpcValidation<IpcResponse<C>>;
export function validateIpcResponse(channel: string, response: unknown): IpcValidation<unknown>;
export function validateIpcResponse(channel: string, response: unknown): IpcValidation<unknown> {
  if (!isIpcInvokeChannel(channel)) {
    return { ok: false, channel, reason: `not an invoke channel; the known ones are listed in common/ipc.ts` };
  }
  return toValidation(channel, IPC_INVOKE_CHANNELS[channel].response.safeParse(response));
}

function toValidation(channel: string, result: z.ZodSafeParseResult<unknown>): IpcValidation<unknown> {
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, channel, reason: z.prettifyError(result.error) };
}

/**
 * What the preload exposes as `window.tandem`: one function per message, subscriptions return their
 * unsubscribe. Serve mode's WebSocket bridge implements the same interface, so the renderer cannot tell
 * the transports apart.
 */
export interface TandemBridge {
  getInfo(): Promise<AppInfo>;
  onSessionStatus(listener: (status: SessionStatus) => void): () => void;
}
