// LiveSessionHost: one live micro-turn session on the real-time clock, fed by pushed mic audio, camera and screen frames, typed text and source presence.

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InteractionModel, Voice } from '../../common/interaction';
import type { BackgroundSettings, EngineCrashMarker, ModelProgress, ExecutionProviderChoice, PendingTimer, SessionStatus, SyncResponse, TickMeasure, VoiceSettings } from '../../common/ipc';
import type { BackgroundRunner } from '../../common/background';
import { createBackgroundRunner } from '../background/backgroundConfig';
import type { ToolHost } from '../background/toolHost';
import { MICRO_TURN_MS, SAMPLES_PER_TURN, SAMPLE_RATE_HZ, type VisualSource } from '../../common/microturn';
import type { TimelineEvent } from '../../common/timeline';
import type { Watch, WatchSpecInput } from '../../common/perception';
import { createPerceptionSignals, type PerceptionSignalOptions } from '../perception/signals';
import { ModelDownloads } from './modelDownloads';
import type { ModelStore } from '../models/catalog/modelStore';
import { WavStreamWriter } from '../engine/media/wavWriter';
import { RealtimeMicroTurnClock } from '../engine/microTurnClock';
import { Session, type InputSourceName, type SharedPerceptionSignals } from '../engine/session';
import type { ScheduledTimer } from '../engine/timerScheduler';
import { Timeline, TimelineLog } from '../engine/timeline';
import { userDataDir } from '../models/resources';
import { loadInteractionModel } from '../models/registry';
import { createVoice, parseVoiceName, type VoiceChoice } from '../models/speech/voiceChoice';
import { createPerception } from '../perception';
import { chooseRecognizer, NO_ASR, type RecognizerChoice } from '../models/asr/loadRecognizer';
import { SettingsSchema, type Settings, type ToolPermissionClass } from '../../common/ipc';
import { ToolRegistry } from '../background/tools/toolRegistry';
import { DesktopToolBroker } from '../background/tools/desktopToolBroker';
import { ToolAuditLog, type ToolAuditEntry } from '../background/tools/toolAuditLog';
import { builtinTools } from '../background/tools/builtins';
import type { ScreenTextReader } from '../background/tools/builtins/readScreenTool';
import { TesseractScreenReader } from '../perception/ocr';

/** A request the host cannot serve in its current state (start twice, text with no session). The message is shown to the user. */
export class LiveSessionError extends Error {
  constructor(
    readonly code: 'ALREADY_RUNNING' | 'NOT_RUNNING' | 'START_FAILED' | 'BAD_TIMER' | 'BAD_WATCH',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LiveSessionError';
  }
}

/** What the host emits; every listener runs synchronously inside the micro-turn, so it must be quick. */
export interface LiveSessionEvents {
  status: (status: SessionStatus) => void;
  timelineEvent: (event: TimelineEvent) => void;
  tickMeasure: (measure: TickMeasure) => void;
  /** Output chunk `turn`: 3 200 samples to play next. The array is reused every turn: copy it to keep it. */
  audioOutput: (turn: number, samples: Float32Array) => void;
  /** The assistant yielded (assistant_speech_cut with reason yield), or the session was paused or stopped: playback drops what it buffered. */
  playbackFlush: (flush: { turn: number }) => void;
  /** A model download moved on (settings page progress bars). */
  modelProgress: (progress: ModelProgress) => void;
}

export interface LiveSessionHostOptions {
  /** What each session's perception runs (default: everything, code read at most once a second; see PerceptionSignalOptions). */
  perception?: PerceptionSignalOptions;
  /** The model store behind the settings page's downloads; default: the shipped catalog in the user data folder. */
  modelStore?: ModelStore;
  /** Each session gets its own folder under this one (timeline.jsonl, mic.wav). Default: defaultSessionsDir(). */
  sessionsDir?: string;
  /** Interaction model when start() names none. Default `harness`. */
  defaultIm?: string;
  /** Loads a model by name; default: the registry (main/models/registry.ts), with the requested execution provider. */
  loadModel?: (name: string, options: { executionProvider?: ExecutionProviderChoice }) => Promise<InteractionModel>;
  /** Voice when start() names none. Default: the embedded espeak-ng voice (en-us, 175 words/min, pitch 50). */
  defaultVoice?: VoiceSettings;
  /** Where problems inside the host are reported (a failing listener, a session that died). Default: stderr. */
  log?: (line: string) => void;
  /** Picks the speech recognizer of each session; default: the catalog's default ASR when installed, none otherwise. */
  chooseAsr?: () => Promise<RecognizerChoice>;
  /** Makes the background runner for a session (default: the active provider in a worker thread); null = no provider. */
  createBackground?: (settings: BackgroundSettings) => Promise<BackgroundRunner | null>;
  /** The tools the background model may call. Default: this host's tool registry (`tools`). */
  tools?: ToolHost;
  /** Tools: how long a desktop tool waits for the renderer, and a permission prompt for the user (defaults 10 s and 60 s). */
  desktopToolTimeoutMs?: number;
  toolAskTimeoutMs?: number;
  /** read_screen's OCR; default tesseract.js with the bundled English data. */
  screenReader?: ScreenTextReader;
}

/** The part of the settings the tools read: each call reads them afresh, so a change applies to the next call. */
export type ToolSettings = Pick<Settings, 'tools' | 'toolOptions'>;

/** Where live sessions are kept when nobody says otherwise: the platform's per-user data folder. */
export function defaultSessionsDir(): string {
  return join(userDataDir(), 'sessions');
}

/** At most one code reading per this much idle time after the last one: OCR must leave the second core to the rest. */
const LIVE_CODE_READING_GAP_MS = 1_000;

interface RunningSession {
  session: Session;
  timeline: Timeline;
  model: InteractionModel;
  asr: RecognizerChoice;
  background: BackgroundRunner | null;
  voice: Voice;
  /** Repetition counter, code watcher and visual watches of this session. */
  signals: SharedPerceptionSignals;
  micWav: WavStreamWriter;
  /** The assistant's voice, time-aligned with mic.wav (output chunk k plays during input chunk k+1). */
  outputWav: WavStreamWriter;
  folder: string;
  /** Resolves once the session ended and its files and model are closed. */
  finished: Promise<void>;
  /** Wall time (performance.now) at which the last tick closed its input chunk, to place typed text and frames inside the chunk being collected. */
  lastTickWallMs: number | null;
  lastTickTurn: number;
}

type ListenerMap = { [K in keyof LiveSessionEvents]: Set<LiveSessionEvents[K]> };

/**
 * Hosts the live session of a desktop app or serve mode. Its methods mirror the invoke channels of
 * common/ipc.ts; inputs are assumed valid (the transport validates them against the contract). State
 * errors (start while running, text with no session) reject with a LiveSessionError; nothing else throws.
 * After a session stops, its timeline stays in memory for sync until the next start.
 */
export class LiveSessionHost {
  private current: RunningSession | null = null;
  /** The session that ended last: sync still answers from it. */
  private ended: { timeline: Timeline; turn: number } | null = null;
  private starting: Promise<SessionStatus> | null = null;
  private stopping: Promise<SessionStatus> | null = null;
  private readonly presence: Record<InputSourceName, boolean> = { mic: true, camera: true, screen: true };
  private readonly listeners: ListenerMap = { status: new Set(), timelineEvent: new Set(), tickMeasure: new Set(), audioOutput: new Set(), playbackFlush: new Set(), modelProgress: new Set() };
  private readonly log: (line: string) => void;
  /** Mic samples pushed while no session was running (dropped). */
  droppedMicSamples = 0;
  /** Camera and screen frames dropped because no session was running or the source was marked absent. */
  readonly droppedFrames: Record<VisualSource, number> = { camera: 0, screen: 0 };
  /** Frames of each source passed to the running session; the next frame's frameIndex. Reset at every start. */
  private readonly nextFrameIndex: Record<VisualSource, number> = { camera: 0, screen: 0 };

  /** Desktop tool calls and permission prompts on their way to the renderer (transports forward its messages). */
  readonly toolBroker: DesktopToolBroker;
  /** The tools the background model calls: ToolRegistry.call never throws and audits every call in the session folder. */
  readonly tools: ToolRegistry;
  /** The model catalog: downloads for the settings page (the same store `tandem models` uses). */
  readonly models: ModelDownloads;
  private toolSettings: () => ToolSettings = () => SettingsSchema.parse({});
  private rememberToolPermission: (tool: string, permission: ToolPermissionClass) => void = () => {};
  /** The newest screen frame pushed, for read_screen (kept across sessions until a newer one arrives). */
  private latestScreenFrame: { rgb: Uint8Array; width: number; height: number } | null = null;
  private readonly screenReader: ScreenTextReader;

  constructor(private readonly options: LiveSessionHostOptions = {}) {
    this.log = options.log ?? ((line) => process.stderr.write(`[tandem live] ${line}\n`));
    this.toolBroker = new DesktopToolBroker({ askTimeoutMs: options.toolAskTimeoutMs });
    this.models = new ModelDownloads({ store: options.modelStore, onProgress: (progress) => this.emit('modelProgress', progress) });
    this.screenReader = options.screenReader ?? new TesseractScreenReader();
    this.tools = new ToolRegistry({
      tools: builtinTools({
        timers: { addTimer: (request) => this.addTimer(request) },
        latestScreenFrame: () => this.latestScreenFrame,
        screenReader: this.screenReader,
        toolOptions: () => this.toolSettings().toolOptions,
        desktop: this.toolBroker,
        desktopTimeoutMs: options.desktopToolTimeoutMs,
      }),
      permissionOverrides: () => this.toolSettings().tools,
      asker: this.toolBroker,
      rememberPermission: (tool, permission) => this.rememberToolPermission(tool, permission),
      audit: () => new ToolAuditLog(join(this.sessionFolder ?? this.sessionsDir, 'tool_calls.jsonl'), this.log),
      onAudit: (entry) => this.recordToolCall(entry),
    });
  }

  /** Where the tools read the user's settings, and how a "remember" on a prompt is saved (the process that owns the settings sets this). */
  useToolSettings(read: () => ToolSettings, remember: (tool: string, permission: ToolPermissionClass) => void): void {
    this.toolSettings = read;
    this.rememberToolPermission = remember;
  }

  /** Stops what the tools keep running (the OCR worker). */
  async disposeTools(): Promise<void> {
    await this.screenReader.close().catch(() => undefined);
  }

  /** A short summary of a finished tool call in the running session's timeline (the whole entry is in tool_calls.jsonl). */
  private recordToolCall(entry: ToolAuditEntry): void {
    const running = this.current;
    if (!running) return;
    running.session.recordToolCall(this.collectingAtMs(running), {
      callId: entry.callId,
      taskId: entry.taskId,
      tool: entry.tool,
      permission: entry.permission,
      decision: entry.decision,
      decidedBy: entry.decidedBy,
      outcome: entry.outcome,
      fromVisualContent: entry.fromVisualContent,
      durationMs: Math.round(entry.durationMs),
      ...(entry.error !== undefined ? { error: entry.error.slice(0, 500) } : {}),
    });
  }

  on<K extends keyof LiveSessionEvents>(name: K, listener: LiveSessionEvents[K]): () => void {
    const set = this.listeners[name] as Set<LiveSessionEvents[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  status(): SessionStatus {
    if (this.current) return { ...this.current.session.status };
    if (this.ended) return { state: 'stopped', turn: this.ended.turn };
    return { state: 'idle', turn: 0 };
  }

  /** The folder that holds every session's folder. */
  get sessionsDir(): string {
    return resolve(this.options.sessionsDir ?? defaultSessionsDir());
  }

  /** The folder of the session running now (null when none runs). */
  get liveFolder(): string | null {
    return this.current?.folder ?? null;
  }

  /** The folder of the running (or last) session, null before the first start. */
  get sessionFolder(): string | null {
    return this.current?.folder ?? this.lastFolder;
  }
  private lastFolder: string | null = null;

  async start(request: { im?: string; executionProvider?: ExecutionProviderChoice; afterEngineCrash?: EngineCrashMarker; background?: BackgroundSettings; voice?: VoiceSettings } = {}): Promise<SessionStatus> {
    if (this.starting) throw new LiveSessionError('ALREADY_RUNNING', 'A session is already starting; wait for it or stop it first.');
    if (this.current) {
      const { state, turn } = this.current.session.status;
      throw new LiveSessionError('ALREADY_RUNNING', `A session is already ${state} (turn ${turn}); stop it before starting another.`);
    }
    this.starting = this.startSession(request.im ?? this.options.defaultIm ?? 'harness', request.executionProvider, request.afterEngineCrash, request.background, request.voice ?? this.options.defaultVoice);
    try {
      return await this.starting;
    } finally {
      this.starting = null;
    }
  }

  pause(): SessionStatus {
    if (this.current) {
      this.current.session.pause();
      // What playback buffered would otherwise go on playing into the pause.
      this.emit('playbackFlush', { turn: this.current.session.status.turn });
      this.emit('status', this.status());
    }
    return this.status();
  }

  resume(): SessionStatus {
    if (this.current) {
      this.current.session.resume();
      this.emit('status', this.status());
    }
    return this.status();
  }

  /** Stops the session and waits until session_stopped is on disk. Safe to call any number of times. */
  async stop(): Promise<SessionStatus> {
    if (this.starting) {
      // A start in progress finishes first (the model is loading); then it is stopped like any session.
      await this.starting.catch(() => undefined);
    }
    if (!this.current) return this.status();
    this.stopping ??= (async () => {
      const running = this.current!;
      running.session.stop();
      this.emit('playbackFlush', { turn: running.session.status.turn });
      await running.finished;
      return this.status();
    })().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  sync(request: { sinceSeq: number }): SyncResponse {
    const timeline = this.current?.timeline ?? this.ended?.timeline;
    if (!timeline) return { status: this.status(), events: [], truncated: false };
    const recent = timeline.recent();
    const firstKept = recent.length > 0 ? recent[0].seq : timeline.length;
    let events = recent.filter((event) => event.seq >= request.sinceSeq);
    let truncated = request.sinceSeq < firstKept && firstKept > 0;
    const MAX_EVENTS = 20_000; // the contract's limit on one answer
    if (events.length > MAX_EVENTS) {
      events = events.slice(events.length - MAX_EVENTS);
      truncated = true;
    }
    return { status: this.status(), events, truncated };
  }

  sendText(request: { text: string }): { accepted: true } {
    const running = this.current;
    if (!running) throw new LiveSessionError('NOT_RUNNING', 'No session is running; start one (session:start) before sending text.');
    running.session.pushText(this.collectingAtMs(running), request.text);
    return { accepted: true };
  }

  /** Presence is remembered while no session runs and applied when the next one starts. */
  setSourcePresent(request: { source: InputSourceName; present: boolean }): { accepted: true } {
    this.presence[request.source] = request.present;
    this.current?.session.setSourcePresent(request.source, request.present, this.collectingAtMs(this.current));
    return { accepted: true };
  }

  /** 16 kHz mono samples, any frame length; dropped (and counted) when no session is running. */
  pushMic(samples: Float32Array): void {
    // The model hears exactly what mic.wav keeps (16-bit), so a replay from the file gets the same input.
    if (this.current) this.current.session.pushMic(quantizeToPcm16(samples));
    else this.droppedMicSamples += samples.length;
  }

  /** The running session's pending timers, soonest first; none when no session runs. */
  listTimers(): { timers: PendingTimer[] } {
    const running = this.current;
    if (!running) return { timers: [] };
    const nowMs = this.collectingAtMs(running);
    return { timers: running.session.timers.pending().map((timer) => toPendingTimer(timer, nowMs)) };
  }

  /** A reminder in `inMs` of media time from the chunk being collected now. */
  addTimer(request: { inMs: number; text: string; repeatEveryMs?: number }): PendingTimer {
    const running = this.current;
    if (!running) throw new LiveSessionError('NOT_RUNNING', 'No session is running; start one (session:start) before setting a reminder.');
    const nowMs = this.collectingAtMs(running);
    try {
      const timer = running.session.scheduleReminder(nowMs, nowMs + request.inMs, request.text, request.repeatEveryMs);
      return toPendingTimer(timer, nowMs);
    } catch (error) {
      throw new LiveSessionError('BAD_TIMER', `Cannot set the reminder: ${(error as Error).message}`, { cause: error });
    }
  }

  cancelTimer(request: { id: string }): { cancelled: boolean } {
    const running = this.current;
    if (!running) return { cancelled: false };
    return { cancelled: running.session.cancelTimer(this.collectingAtMs(running), request.id) };
  }

  /** The running session's visual watches; none when no session runs. */
  listWatches(): { watches: Watch[] } {
    return { watches: this.current?.session.listWatches() ?? [] };
  }

  /** A visual watch the user set up in the UI (a region of the camera or the screen, a condition, what to say). */
  addWatch(request: WatchSpecInput): Watch {
    const running = this.current;
    if (!running) throw new LiveSessionError('NOT_RUNNING', 'No session is running; start one (session:start) before setting a watch.');
    try {
      return running.session.addWatch(this.collectingAtMs(running), request);
    } catch (error) {
      throw new LiveSessionError('BAD_WATCH', `Cannot set the watch: ${(error as Error).message}`, { cause: error });
    }
  }

  cancelWatch(request: { id: string }): { cancelled: boolean } {
    const running = this.current;
    if (!running) return { cancelled: false };
    return { cancelled: running.session.cancelWatch(this.collectingAtMs(running), request.id) };
  }

  /**
   * The newest camera or screen frame (tightly packed RGB; the transport checked its size). It is placed
   * inside the chunk being collected; the session perceives only the latest frame per micro-turn and
   * only when it changed. Dropped (and counted) when no session runs or the source is marked absent,
   * so a frame that arrives after "camera unplugged" cannot bring a lost source back silently.
   */
  pushFrame(source: VisualSource, frame: { rgb: Uint8Array; width: number; height: number }): void {
    if (source === 'screen' && this.presence.screen) this.latestScreenFrame = { rgb: frame.rgb, width: frame.width, height: frame.height };
    const running = this.current;
    if (!running || !this.presence[source]) {
      this.droppedFrames[source]++;
      return;
    }
    running.session.offerFrame(source, {
      rgb: frame.rgb,
      width: frame.width,
      height: frame.height,
      atMs: this.collectingAtMs(running),
      frameIndex: this.nextFrameIndex[source]++,
    });
  }

  // ---- internals ----

  private async startSession(im: string, executionProvider: ExecutionProviderChoice | undefined, afterEngineCrash?: EngineCrashMarker, backgroundSettings?: BackgroundSettings, voiceSettings?: VoiceSettings): Promise<SessionStatus> {
    const load = this.options.loadModel ?? ((name, options) => loadInteractionModel(name, options));
    let voiceChoice: VoiceChoice;
    let voice: Voice;
    try {
      voiceChoice = parseVoiceName(voiceSettings?.name ?? 'espeak', voiceSettings ? { rate: voiceSettings.rate, pitch: voiceSettings.pitch } : {});
      voice = await createVoice(voiceChoice);
    } catch (error) {
      throw new LiveSessionError('START_FAILED', `Cannot start a session with voice "${voiceSettings?.name ?? 'espeak'}": ${(error as Error).message}`, { cause: error });
    }
    let model: InteractionModel;
    try {
      model = await load(im, executionProvider ? { executionProvider } : {});
    } catch (error) {
      await voice.dispose().catch(() => undefined);
      throw new LiveSessionError('START_FAILED', `Cannot start a session with interaction model "${im}": ${(error as Error).message}`, { cause: error });
    }
    const asr = await this.chooseAsr();
    let folder: string;
    let timeline: Timeline;
    let micWav: WavStreamWriter;
    let outputWav: WavStreamWriter;
    try {
      folder = makeSessionFolder(this.sessionsDir);
      timeline = new Timeline(new TimelineLog(join(folder, 'timeline.jsonl')));
      micWav = new WavStreamWriter(join(folder, 'mic.wav'));
      outputWav = new WavStreamWriter(join(folder, 'output.wav'));
      // Output chunk k is decided when input chunk k closes and plays during the next one: one micro-turn of silence first.
      outputWav.write(new Float32Array(SAMPLES_PER_TURN));
    } catch (error) {
      await model.dispose().catch(() => undefined);
      await asr.recognizer?.dispose().catch(() => undefined);
      await voice.dispose().catch(() => undefined);
      throw new LiveSessionError('START_FAILED', `Cannot create the session folder: ${(error as Error).message}`, { cause: error });
    }
    let background: BackgroundRunner | null = null;
    if (backgroundSettings) {
      try {
        const create = this.options.createBackground ?? ((settings) => createBackgroundRunner(settings, { tools: this.options.tools ?? this.tools }));
        background = await create(backgroundSettings);
      } catch (error) {
        await model.dispose().catch(() => undefined);
        await voice.dispose().catch(() => undefined);
        await asr.recognizer?.dispose().catch(() => undefined);
        for (const wav of [micWav, outputWav]) wav.close();
        throw new LiveSessionError('START_FAILED', `Cannot start the background model: ${(error as Error).message}`, { cause: error });
      }
    }
    const clock = new RealtimeMicroTurnClock();
    // The code watcher's thread (OCR and analyzers) starts with the first screen frame, not here.
    const signals = createPerceptionSignals({ codeReadingGapMs: LIVE_CODE_READING_GAP_MS, ...this.options.perception });
    const writerScratch = new Float32Array(SAMPLES_PER_TURN);
    let running: RunningSession;
    const session = new Session({
      model,
      voice,
      perception: createPerception(),
      timeline,
      clock,
      ...(asr.recognizer ? { recognizer: asr.recognizer } : {}),
      background,
      signals: signals.signals,
      header: {
        input: { kind: 'live', micWav: 'mic.wav', folder },
        background: background ? { provider: background.description } : null,
        interactionModel: { name: model.name, runtime: model.runtime, configPath: null },
        executionProvider: { requested: executionProvider ?? null, used: providerOf(model) },
        asr: { name: asr.name, description: asr.description },
        outputWav: 'output.wav',
        voice: voice.name,
        voiceChoice,
        clock: clock.mode,
        microTurnMs: MICRO_TURN_MS,
        sampleRateHz: SAMPLE_RATE_HZ,
        startedAt: new Date().toISOString(),
        ...(afterEngineCrash ? { continuesAfterEngineCrash: afterEngineCrash } : {}),
      },
      onInputChunk: (turn, samples) => {
        // Chunk `turn` is closed from here on: text and frames that arrive now belong to the next one,
        // even while this tick is still stepping the model (so this, not the end of the tick, is the reference).
        running.lastTickWallMs = performance.now();
        running.lastTickTurn = turn;
        if (!micWav.closed) micWav.write(forPcm16Writer(samples, writerScratch));
      },
      onOutputChunk: (turn, samples) => {
        if (!outputWav.closed) outputWav.write(samples);
        this.emit('audioOutput', turn, samples);
      },
      onTickMeasured: (measure) => {
        this.emit('tickMeasure', { ...measure, stepMs: Math.max(0, measure.stepMs) });
      },
    });
    timeline.subscribe((event) => {
      this.emit('timelineEvent', event);
      if (event.kind === 'assistant_speech_cut' && event.payload.reason === 'yield') this.emit('playbackFlush', { turn: event.turn });
    });
    for (const source of ['mic', 'camera', 'screen'] as const) {
      if (!this.presence[source]) session.setSourcePresent(source, false, 0);
    }
    const runPromise = session.run();
    running = {
      session,
      timeline,
      model,
      asr,
      background,
      voice,
      signals,
      micWav,
      outputWav,
      folder,
      lastTickWallMs: null,
      lastTickTurn: -1,
      finished: runPromise.then(
        () => undefined,
        (error: unknown) => this.log(`session in ${folder} ended with an error: ${(error as Error)?.stack ?? String(error)}`),
      ).then(() => this.finish(running)),
    };
    this.current = running;
    this.ended = null;
    this.nextFrameIndex.camera = 0;
    this.nextFrameIndex.screen = 0;
    this.lastFolder = folder;
    const status = this.status();
    this.emit('status', status);
    return status;
  }

  private async finish(running: RunningSession): Promise<void> {
    for (const wav of [running.micWav, running.outputWav]) {
      try {
        wav.close();
      } catch (error) {
        this.log(`closing ${wav.path} failed: ${(error as Error).message}`);
      }
    }
    await running.model.dispose().catch((error: unknown) => this.log(`disposing the interaction model failed: ${(error as Error).message}`));
    await running.asr.recognizer?.dispose().catch((error: unknown) => this.log(`disposing the speech recognizer failed: ${(error as Error).message}`));
    await running.background?.dispose().catch((error: unknown) => this.log(`stopping the background model failed: ${(error as Error).message}`));
    await running.voice.dispose().catch((error: unknown) => this.log(`disposing the voice failed: ${(error as Error).message}`));
    await running.signals.dispose().catch((error: unknown) => this.log(`stopping perception failed: ${(error as Error).message}`));
    if (this.current === running) {
      this.ended = { timeline: running.timeline, turn: running.session.status.turn };
      this.current = null;
    }
    this.emit('status', this.status());
  }

  /** A recognizer that cannot load never stops a live session: it runs without ASR and session_started says why. */
  private async chooseAsr(): Promise<RecognizerChoice> {
    try {
      return await (this.options.chooseAsr ?? (() => chooseRecognizer(undefined)))();
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      this.log(`speech recognition is off: ${message}`);
      return { recognizer: null, name: NO_ASR, description: `none (${message})` };
    }
  }

  /** Media time inside the chunk being collected now (the one the next tick closes). */
  private collectingAtMs(running: RunningSession): number {
    if (running.lastTickWallMs === null) return 0;
    const chunkStartMs = (running.lastTickTurn + 1) * MICRO_TURN_MS;
    const sinceTickMs = Math.min(Math.max(0, performance.now() - running.lastTickWallMs), MICRO_TURN_MS - 1);
    return Math.round(chunkStartMs + sinceTickMs);
  }

  private emit<K extends keyof LiveSessionEvents>(name: K, ...args: Parameters<LiveSessionEvents[K]>): void {
    for (const listener of this.listeners[name]) {
      try {
        (listener as (...a: Parameters<LiveSessionEvents[K]>) => void)(...args);
      } catch (error) {
        // A broken listener (a transport) must not stop the micro-turn loop.
        this.log(`a ${name} listener failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}

function toPendingTimer(timer: ScheduledTimer, nowMs: number): PendingTimer {
  const text = typeof timer.payload.label === 'string' ? timer.payload.label : '';
  return { id: timer.id, dueAtMs: timer.dueMs, dueInMs: timer.dueMs - nowMs, text, ...(timer.repeatEveryMs !== undefined ? { repeatEveryMs: timer.repeatEveryMs } : {}) };
}

/**
 * Puts samples on the 16-bit grid as the WAV reader returns it (k / 32768), so what the live model hears is
 * what a replay reads back from mic.wav, bit for bit. NaN becomes silence, like the writer does.
 */
export function quantizeToPcm16(samples: Float32Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    const k = value === value ? Math.round(value * 32768) : 0;
    out[i] = Math.min(32767, Math.max(-32768, k)) / 32768;
  }
  return out;
}

/**
 * The writer scales positive samples by 32767 and negative ones by 32768 (main/engine/media/wavWriter.ts), the
 * reader divides both by 32768: positive grid values are rescaled so the integer written is exactly k.
 */
export function forPcm16Writer(samples: Float32Array, scratch: Float32Array): Float32Array {
  const out = scratch.length === samples.length ? scratch : new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    out[i] = value > 0 ? Math.round(value * 32768) / 32767 : value;
  }
  return out;
}

/** The execution provider a model reports it runs on (the harness's VAD does), or null when it does not say. */
function providerOf(model: InteractionModel): string | null {
  const provider = (model as { provider?: { name?: unknown } }).provider;
  return typeof provider?.name === 'string' ? provider.name : null;
}

function makeSessionFolder(root: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const folder = join(root, `${stamp}-${randomBytes(3).toString('hex')}`);
  mkdirSync(folder, { recursive: true });
  return folder;
}
