// The sandboxed preload: exposes `window.tandem`, one function per IPC message, and never ipcRenderer itself.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { validateIpcPayload, validateIpcResponse, type AppInfo, type SessionStatus, type TandemBridge } from '../common/ipc';

const bridge: TandemBridge = {
  async getInfo(): Promise<AppInfo> {
    const response: unknown = await ipcRenderer.invoke('app:getInfo');
    const checked = validateIpcResponse('app:getInfo', response);
    if (!checked.ok) throw new Error(`app:getInfo returned a value outside the contract: ${checked.reason}`);
    return checked.value;
  },

  onSessionStatus(listener: (status: SessionStatus) => void): () => void {
    // The IpcRendererEvent (it carries `sender`) never reaches the page: only the checked payload does.
    const onMessage = (_event: IpcRendererEvent, payload: unknown): void => {
      const checked = validateIpcPayload('session:status', payload);
      if (checked.ok) listener(checked.value);
      else console.warn(`[tandem] dropped a session:status event outside the contract: ${checked.reason}`);
    };
    ipcRenderer.on('session:status', onMessage);
    return () => {
      ipcRenderer.removeListener('session:status', onMessage);
    };
  },
};

contextBridge.exposeInMainWorld('tandem', bridge);
