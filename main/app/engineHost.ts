// Main's side of the engine utilityProcess: spawns it, forwards invokes and events, wires audio ports, restarts it when it dies.

import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import {
  AUDIO_PORT_CHANNEL,
  validateIpcPayload,
  isIpcEventChannel,
  type IpcEvent,
  type IpcInvokeChannel,
  type IpcRequest,
  type IpcResponse,
} from '../../common/ipc';
import { EngineOutboundSchema } from './engineProtocol';
import { initialEngineProcessState, stepEngineProcess, type EngineProcessCommand, type EngineProcessEvent, type EngineProcessState } from './engineRestartPolicy';

/** Why an invoke that main forwarded to the engine did not get an answer. */
export class EngineUnavailableError extends Error {
  constructor(channel: string, reason: string) {
    super(`${channel}: ${reason}`);
    this.name = 'EngineUnavailableError';
  }
}

interface Pending {
  channel: IpcInvokeChannel;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface EngineHostOptions {
  /** Absolute path of the built engine entry (out/main/engineProcess.js). */
  entryPath: string;
  /** Every page that gets events (the full window and the HUD). */
  pages: () => WebContents[];
  /** The pages that get an audio port: only the full window captures and plays, or the voice would play twice. */
  audioPages: () => WebContents[];
  /** Shown to the user when the engine died or cannot be restarted. */
  report: (message: string) => void;
}

export class EngineHost {
  private state: EngineProcessState = initialEngineProcessState;
  private child: UtilityProcess | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly waitingForReady: Array<() => void> = [];
  /** Folder of the newest session the engine reported (its session_started), so a restart can say what it continues. */
  private lastSessionFolder: string | null = null;

  constructor(private readonly options: EngineHostOptions) {}

  launch(): void {
    this.dispatch({ kind: 'launch' });
  }

  shutdown(): void {
    this.dispatch({ kind: 'shutdown' });
  }

  /** Sends an already validated invoke to the engine; resolves with its (main re-validates it) answer. */
  async invoke<C extends IpcInvokeChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
    if (this.state.phase === 'starting') await new Promise<void>((resolve) => this.waitingForReady.push(resolve));
    const child = this.child;
    if (this.state.phase !== 'running' || !child) {
      throw new EngineUnavailableError(channel, this.state.phase === 'failed' ? this.state.reason : 'the engine is not running');
    }
    const id = this.nextId++;
    const value = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { channel, resolve, reject });
      child.postMessage({ type: 'invoke', id, channel, ...(request === undefined ? {} : { payload: request }) });
    });
    if (channel === 'session:start') this.dispatch({ kind: 'sessionStarted' });
    if (channel === 'session:stop') this.dispatch({ kind: 'sessionStopped' });
    return value as IpcResponse<C>;
  }

  /** Gives one page a fresh audio port to the engine (after it loads, and again after every engine restart). */
  connectAudio(page: WebContents): void {
    const child = this.child;
    if (!child || page.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    page.postMessage(AUDIO_PORT_CHANNEL, null, [port1]);
    child.postMessage({ type: 'audioPort' }, [port2]);
  }

  private dispatch(event: EngineProcessEvent): void {
    const step = stepEngineProcess(this.state, event);
    this.state = step.state;
    for (const command of step.commands) this.run(command);
    if (this.state.phase !== 'starting') for (const wake of this.waitingForReady.splice(0)) wake();
  }

  private run(command: EngineProcessCommand): void {
    switch (command.kind) {
      case 'spawn':
        this.spawn();
        return;
      case 'kill':
        this.child?.kill();
        this.child = undefined;
        return;
      case 'report':
        console.error(`[tandem] ${command.message}`);
        this.options.report(command.message);
        return;
      case 'startSession':
        // The old session died with its process; a new one continues the conversation and its timeline opens with session_started.
        this.invoke('session:start', { afterEngineCrash: { previousSessionFolder: this.lastSessionFolder, exitCode: command.exitCode } }).catch((error: unknown) => {
          this.options.report(`the session could not be restarted after the engine process died: ${String(error)}`);
        });
        return;
    }
  }

  private spawn(): void {
    const child = utilityProcess.fork(this.options.entryPath, [], { serviceName: 'Tandem engine', stdio: 'inherit' });
    this.child = child;
    child.on('message', (message: unknown) => this.onMessage(message));
    child.on('exit', (code: number) => {
      if (this.child !== child) return;
      this.child = undefined;
      for (const [id, pending] of this.pending) {
        pending.reject(new EngineUnavailableError(pending.channel, 'the engine process exited before answering'));
        this.pending.delete(id);
      }
      this.dispatch({ kind: 'exited', code, atMs: Date.now() });
    });
  }

  private onMessage(message: unknown): void {
    const parsed = EngineOutboundSchema.safeParse(message);
    if (!parsed.success) {
      console.error('[tandem] dropped a message from the engine process outside engineProtocol');
      return;
    }
    const data = parsed.data;
    if (data.type === 'ready') {
      this.dispatch({ kind: 'ready' });
      for (const page of this.options.audioPages()) this.connectAudio(page);
      return;
    }
    if (data.type === 'result') {
      const pending = data.id === null ? undefined : this.pending.get(data.id);
      if (!pending || data.id === null) return;
      this.pending.delete(data.id);
      if (data.ok) pending.resolve(data.value);
      else pending.reject(new EngineUnavailableError(pending.channel, data.error));
      return;
    }
    if (!isIpcEventChannel(data.channel)) return;
    const checked = validateIpcPayload(data.channel, data.payload);
    if (!checked.ok) {
      console.error(`[tandem] engine event ${data.channel} outside the contract, not forwarded: ${checked.reason}`);
      return;
    }
    if (data.channel === 'timeline:event') this.noteSessionFolder(checked.value as IpcEvent<'timeline:event'>);
    for (const page of this.options.pages()) if (!page.isDestroyed()) page.send(data.channel, checked.value);
  }

  private noteSessionFolder(event: IpcEvent<'timeline:event'>): void {
    if (event.kind !== 'session_started') return;
    const input = event.payload.input as { folder?: unknown } | undefined;
    if (typeof input?.folder === 'string') this.lastSessionFolder = input.folder;
  }
}
