// The one dispatcher from a validated invoke of common/ipc.ts to LiveSessionHost, used by the Electron engine process and serve mode alike.

import type { IpcInvokeChannel, IpcRequest, IpcResponse } from '../../common/ipc';
import type { LiveSessionHost } from './liveSession';

/** What the engine side needs to answer every invoke channel. */
export interface LiveInvokeContext {
  host: LiveSessionHost;
  /** The app's version (package.json) for app:getInfo. */
  version: string;
}

/**
 * Answers one invoke whose request the transport already validated against the contract. State errors
 * reject with LiveSessionError (shown to the user as they are); the transport validates the answer.
 */
export async function answerLiveInvoke<C extends IpcInvokeChannel>(context: LiveInvokeContext, channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
export async function answerLiveInvoke(context: LiveInvokeContext, channel: IpcInvokeChannel, request: unknown): Promise<unknown> {
  const { host } = context;
  switch (channel) {
    case 'app:getInfo':
      return { version: context.version, platform: process.platform };
    case 'session:start':
      return host.start(request as IpcRequest<'session:start'>);
    case 'session:pause':
      return host.pause();
    case 'session:resume':
      return host.resume();
    case 'session:stop':
      return host.stop();
    case 'session:sync':
      return host.sync(request as IpcRequest<'session:sync'>);
    case 'text:send':
      return host.sendText(request as IpcRequest<'text:send'>);
    case 'source:setPresent':
      return host.setSourcePresent(request as IpcRequest<'source:setPresent'>);
    case 'timers:list':
      return host.listTimers();
    case 'timers:add':
      return host.addTimer(request as IpcRequest<'timers:add'>);
    case 'timers:cancel':
      return host.cancelTimer(request as IpcRequest<'timers:cancel'>);
    default: {
      const unhandled: never = channel;
      throw new Error(`no handler for ${String(unhandled)}`);
    }
  }
}
