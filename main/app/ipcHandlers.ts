// Main's side of the IPC contract: every handler checks the sender frame and the payload against common/ipc.ts before it runs.

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { validateIpcResponse, type IpcInvokeChannel, type IpcRequest, type IpcResponse } from '../../common/ipc';
import { ENGINE_CHANNELS, gateInvoke } from './ipcGate';
import type { RendererOrigin } from './rendererOrigin';
import type { SettingsStore } from '../live/settingsStore';

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

/** Where session requests go: the engine's utility process (EngineHost). */
export interface EngineInvoker {
  invoke<C extends IpcInvokeChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
}

type InvokeHandler<C extends IpcInvokeChannel> = (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;

/**
 * Registers one invoke handler behind gateInvoke (sender frame, argument count, payload schema). A refused
 * or failing call is logged and rejects the renderer's promise; it never throws past ipcMain.
 */
function handleValidated<C extends IpcInvokeChannel>(channel: C, origin: RendererOrigin, handler: InvokeHandler<C>): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const gate = gateInvoke(origin, channel, event.senderFrame?.url, args);
    if (!gate.ok) {
      console.warn(`[tandem] ${gate.log}`);
      throw new IpcRejectedError(channel, gate.reason);
    }
    let response: unknown;
    try {
      response = await handler(gate.request);
    } catch (error) {
      console.error(`[tandem] ipc ${channel}: handler failed`, error);
      // A state error of the session (start twice) carries a message meant for the user.
      throw new IpcRejectedError(channel, error instanceof Error ? error.message : 'handler failed');
    }
    const checked = validateIpcResponse(channel, response);
    if (!checked.ok) {
      console.error(`[tandem] ipc ${channel}: handler returned a value outside the contract: ${checked.reason}`);
      throw new IpcRejectedError(channel, 'handler failed');
    }
    return checked.value;
  });
}

export interface IpcServices {
  info: AppInfoSource;
  engine: EngineInvoker;
  /** Asks the OS for access before a capture source is reported present (macOS); false turns the source off. */
  confirmSourceAccess: (source: IpcRequest<'source:setPresent'>['source']) => Promise<boolean>;
  /** The user's settings; main owns them (the permission handlers read the toggles synchronously). */
  settings: SettingsStore;
  /** Opens a link in the user's browser (shell.openExternal); called only with http(s) URLs. */
  openExternal: (url: string) => Promise<void>;
}

export function registerIpcHandlers(origin: RendererOrigin, services: IpcServices): void {
  handleValidated('app:getInfo', origin, () => ({ version: services.info.version, platform: services.info.platform }));
  handleValidated('settings:get', origin, () => services.settings.get());
  // The change reaches every page (full window and HUD) through settings:changed, which index.ts broadcasts.
  handleValidated('settings:set', origin, (patch) => services.settings.set(patch));
  for (const channel of ENGINE_CHANNELS) {
    if (channel === 'source:setPresent' || channel === 'session:start' || channel === 'tool:decide') continue;
    handleValidated(channel, origin, (request) => services.engine.invoke(channel, request));
  }
  handleValidated('session:start', origin, (request) => {
    // The engine process has no settings: main names the model and provider the user chose.
    const settings = services.settings.get();
    return services.engine.invoke('session:start', {
      im: request.im ?? settings.interactionModel,
      executionProvider: request.executionProvider ?? settings.executionProvider,
      background: request.background ?? settings.background,
      voice: request.voice ?? settings.voice,
    });
  });
  handleValidated('tool:decide', origin, (request) => {
    // Main owns settings.json: a remembered answer is saved here, before the engine (which reads the file at every call)
    // hears the decision. Saving "auto" is safe even for a call from screen or camera content: that rule asks whatever the class.
    if (request.remember) {
      try {
        services.settings.set({ tools: { [request.tool]: request.allow ? 'auto' : 'deny' } });
      } catch (error) {
        // The decision still counts for this call; only remembering it failed (the settings file is not writable).
        console.error(`[tandem] could not remember ${request.allow ? 'auto' : 'deny'} for ${request.tool}:`, error);
      }
    }
    return services.engine.invoke('tool:decide', request);
  });
  handleValidated('url:open', origin, async (request) => {
    // open_url's desktop step: the engine checked the permission and the URL's scheme; checked again here, because
    // shell.openExternal hands the URL to the OS, where file:, smb: or custom schemes could run programs.
    const protocol = new URL(request.url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`only http and https links are opened, not ${protocol}`);
    await services.openExternal(request.url);
    return { accepted: true as const };
  });
  handleValidated('source:setPresent', origin, async (request) => {
    // A source the OS refuses is absent for the engine too, so it flags the gap instead of hearing silence as speech pauses.
    const toggle = { mic: 'microphone', camera: 'camera', screen: 'screen' } as const;
    const present = request.present && services.settings.get().permissions[toggle[request.source]] && (await services.confirmSourceAccess(request.source));
    return services.engine.invoke('source:setPresent', { source: request.source, present });
  });
}
