// The one dispatcher from a validated invoke of common/ipc.ts to LiveSessionHost, used by the Electron engine process and serve mode alike.

import type { IpcInvokeChannel, IpcRequest, IpcResponse } from '../../common/ipc';
import { TandemError } from '../../common/errors';
import { replaySession } from '../cli/replay';
import type { LiveSessionHost } from './liveSession';
import { SessionHistory } from './sessionHistory';
import type { SettingsStore } from './settingsStore';

/** What the engine side needs to answer every invoke channel. */
export interface LiveInvokeContext {
  host: LiveSessionHost;
  /** The app's version (package.json) for app:getInfo. */
  version: string;
  /**
   * The user's settings, where this process owns them (serve mode). Electron's engine process has none: main
   * owns the settings there, answers settings:* itself and fills session:start's model and provider in.
   */
  settings?: SettingsStore;
  /** An interaction model named for this whole run (`tandem serve --im NAME`): it wins over the settings' choice. */
  imOverride?: string;
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
    case 'session:start': {
      const start = request as IpcRequest<'session:start'>;
      const settings = context.settings?.get();
      return host.start({
        im: start.im ?? context.imOverride ?? settings?.interactionModel,
        executionProvider: start.executionProvider ?? settings?.executionProvider,
        ...(start.afterEngineCrash ? { afterEngineCrash: start.afterEngineCrash } : {}),
        background: start.background ?? settings?.background,
        voice: start.voice ?? settings?.voice,
      });
    }
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
    case 'watches:list':
      return host.listWatches();
    case 'watches:add':
      return host.addWatch(request as IpcRequest<'watches:add'>);
    case 'watches:cancel':
      return host.cancelWatch(request as IpcRequest<'watches:cancel'>);
    case 'settings:get':
      return settingsOf(context).get();
    case 'settings:set':
      return settingsOf(context).set(request);
    case 'history:list':
      return { sessions: historyOf(host).list((request as IpcRequest<'history:list'>).limit ?? 50) };
    case 'history:open':
      return historyOf(host).open(request as IpcRequest<'history:open'>);
    case 'history:delete':
      return historyOf(host).delete(request as IpcRequest<'history:delete'>);
    case 'history:audio':
      return historyOf(host).audio(request as IpcRequest<'history:audio'>);
    case 'history:verify':
      return verify(host, (request as IpcRequest<'history:verify'>).id);
    case 'tools:list':
      return { tools: host.tools.info() };
    case 'tool:result': {
      const { callId, result } = request as IpcRequest<'tool:result'>;
      // A late or unknown answer is accepted and ignored: the call it answered already settled (timed out).
      host.toolBroker.result(callId, result);
      return { accepted: true };
    }
    case 'tool:decide': {
      const { callId, allow, remember } = request as IpcRequest<'tool:decide'>;
      host.toolBroker.decide(callId, allow, remember ?? false);
      return { accepted: true };
    }
    case 'models:list':
      return host.models.list();
    case 'models:pull':
      return host.models.pull((request as IpcRequest<'models:pull'>).name);
    case 'models:cancel':
      return host.models.cancel((request as IpcRequest<'models:cancel'>).name);
    case 'models:remove':
      return host.models.remove((request as IpcRequest<'models:remove'>).name);
    case 'url:open':
      // Only Electron main opens links (shell.openExternal); serve mode's page opens them itself.
      throw new Error('url:open is answered by Electron main; the engine has no browser to open');
    default: {
      const unhandled: never = channel;
      throw new Error(`no handler for ${String(unhandled)}`);
    }
  }
}

function settingsOf(context: LiveInvokeContext): SettingsStore {
  if (!context.settings) throw new Error('settings are answered by the process that owns them (Electron main), not the engine');
  return context.settings;
}

function historyOf(host: LiveSessionHost): SessionHistory {
  return new SessionHistory({ sessionsDir: host.sessionsDir, liveFolder: () => host.liveFolder });
}

/** Re-runs the session on the virtual clock; a session that cannot be re-run says why instead of claiming a result. */
async function verify(host: LiveSessionHost, id: string): Promise<IpcResponse<'history:verify'>> {
  const history = historyOf(host);
  const folder = history.folderOf(id);
  if (host.liveFolder === folder) {
    return { verdict: 'cannot-verify', comparedEvents: 0, message: 'The session is still running; stop it, then verify it.' };
  }
  try {
    const result = await replaySession(folder);
    return { verdict: result.identical ? 'identical' : 'diverged', comparedEvents: result.comparedEvents, message: result.message };
  } catch (error) {
    if (error instanceof TandemError) return { verdict: 'cannot-verify', comparedEvents: 0, message: error.message };
    throw error;
  }
}
