// The pure checks every invoke passes in main before a handler runs: sender frame, argument count, payload schema.

import { validateIpcPayload, type IpcInvokeChannel, type IpcRequest } from '../../common/ipc';
import { isOwnUrl, type RendererOrigin } from './rendererOrigin';

export type InvokeGateResult<C extends IpcInvokeChannel> =
  | { ok: true; request: IpcRequest<C> }
  | { ok: false; reason: 'foreign sender' | 'too many arguments' | 'invalid payload'; log: string };

/** Decides whether an invoke reaches its handler. `log` is for main's log only; the renderer sees `reason`. */
export function gateInvoke<C extends IpcInvokeChannel>(origin: RendererOrigin, channel: C, senderUrl: string | undefined, args: readonly unknown[]): InvokeGateResult<C> {
  if (!isOwnUrl(origin, senderUrl)) {
    return { ok: false, reason: 'foreign sender', log: `ipc ${channel}: refused a call from ${senderUrl ?? 'a frame that is gone'}` };
  }
  if (args.length > 1) {
    return { ok: false, reason: 'too many arguments', log: `ipc ${channel}: refused a call with ${args.length} arguments (expected at most 1)` };
  }
  const request = validateIpcPayload(channel, args[0]);
  if (!request.ok) return { ok: false, reason: 'invalid payload', log: `ipc ${channel}: refused an invalid payload: ${request.reason}` };
  return { ok: true, request: request.value as IpcRequest<C> };
}

/** The invoke channels main forwards to the engine unchanged. */
export const ENGINE_CHANNELS = [
  'session:start',
  'session:pause',
  'session:resume',
  'session:stop',
  'session:sync',
  'text:send',
  'source:setPresent',
  'timers:list',
  'timers:add',
  'timers:cancel',
  'watches:list',
  'watches:add',
  'watches:cancel',
  'history:list',
  'history:open',
  'history:delete',
  'history:verify',
  'history:audio',
  'tools:list',
  'tool:result',
  'tool:decide',
  'models:list',
  'models:pull',
  'models:cancel',
  'models:remove',
] as const satisfies readonly IpcInvokeChannel[];

/** The invoke channels main answers itself: it owns the settings, because the permission handlers need them synchronously. */
export const MAIN_CHANNELS = ['app:getInfo', 'settings:get', 'settings:set', 'url:open'] as const satisfies readonly IpcInvokeChannel[];
