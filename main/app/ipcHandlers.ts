// Main's side of the IPC contract: every handler checks the sender frame and the payload against common/ipc.ts before it runs.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  validateIpcPayload,
  validateIpcResponse,
  type IpcInvokeChannel,
  type IpcRequest,
  type IpcResponse,
  type SessionStatus,
} from '../../common/ipc';
import { isOwnUrl, type RendererOrigin } from './rendererOrigin';

/** Why main refused an IPC message. The renderer sees only the channel and this short reason. */
export class IpcRejectedError extends Error {
  constructor(channel: string, reason: string) {
    super(`${channel} rejected: ${reason}`);
    this.name = 'IpcRejectedError';
  }
}

export interface AppInfoSource {
  version: string;
  platform: string;
}

type InvokeHandler<C extends IpcInvokeChannel> = (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;

/**
 * Registers one invoke handler behind the two checks every message passes: the sender frame shows our
 * own renderer (not a foreign page, not a frame that navigated away) and the payload matches its schema.
 * A refused or failing call is logged and rejects the renderer's promise; it never throws past ipcMain.
 */
function handleValidated<C extends IpcInvokeChannel>(channel: C, origin: RendererOrigin, handler: InvokeHandler<C>): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const senderUrl = event.senderFrame?.url;
    if (!isOwnUrl(origin, senderUrl)) {
      console.warn(`[tandem] ipc ${channel}: refused a call from ${senderUrl ?? 'a frame that is gone'}`);
      throw new IpcRejectedError(channel, 'sender is not a Tandem page');
    }
    if (args.length > 1) {
      console.warn(`[tandem] ipc ${channel}: refused a call with ${args.length} arguments (expected at most 1)`);
      throw new IpcRejectedError(channel, 'too many arguments');
    }
    const request = validateIpcPayload(channel, args[0]);
    if (!request.ok) {
      console.warn(`[tandem] ipc ${channel}: refused an invalid payload: ${request.reason}`);
      throw new IpcRejectedError(channel, 'invalid payload');
    }
    let response: unknown;
    try {
      response = await handler(request.value as IpcRequest<C>);
    } catch (error) {
      console.error(`[tandem] ipc ${channel}: handler failed`, error);
      throw new IpcRejectedError(channel, 'handler failed');
    }
    const checked = validateIpcResponse(channel, response);
    if (!checked.ok) {
      console.error(`[tandem] ipc ${channel}: handler returned a value outside the contract: ${checked.reason}`);
      throw new IpcRejectedError(channel, 'handler failed');
    }
    return checked.value;
  });
}

export function registerIpcHandlers(origin: RendererOrigin, info: AppInfoSource): void {
  handleValidated('app:getInfo', origin, () => ({ version: info.version, platform: info.platform }));
}

/** Sends a session status to a window's renderer; a status outside the contract is a bug in main and is dropped with a log line. */
export function sendSessionStatus(window: BrowserWindow, status: SessionStatus): void {
  const checked = validateIpcPayload('session:status', status);
  if (!checked.ok) {
    console.error(`[tandem] ipc session:status: not sent, outside the contract: ${checked.reason}`);
    return;
  }
  if (!window.isDestroyed()) window.webContents.send('session:status', checked.value);
}
