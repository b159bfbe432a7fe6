// The session loop: every micro-turn close input chunk k, perceive, step the interaction model, dispatch, measure.

import {
  MICRO_TURN_MS,
  SAMPLES_PER_TURN,
  SAMPLE_RATE_HZ,
  type Action,
  type ChangedFrame,
  type InputEvent,
  type MicroTurnInput,
  type MicroTurnOutput,
  type RecognizedWord,
  type TypedText,
  type VisualSource,
} from '../../common/microturn';
import type { NewTimelineEvent } from '../../common/timeline';
import type { BackgroundRunner } from '../../common/background';
import type { DmelEncoder, FrameEncoder, InteractionModel, Perception, PerceptionSignals, RgbFrame, Voice } from '../../common/interaction';

export type { PerceptionSignals, SharedPerceptionSignals } from '../../common/interaction';
import { WatchSpecSchema, type CodeFinding, type CodeReading, type Watch } from '../../common/perception';
import type { SpeechRecognizer } from '../../common/speechRecognition';
import { AssistantVoiceOutput } from './assistantVoiceOutput';
import { AudioRingBuffer } from './audioRingBuffer';
import { BackgroundDelegation } from './backgroundDelegation';
import { LatencyHistogram, type LatencySummary } from './latencyHistogram';
import type { MicroTurnClock, Tick } from './microTurnClock';
import { TimerScheduler, validateTimerRequest, type ScheduledTimer } from './timerScheduler';
import type { Timeline } from './timeline';
import { UserSpeechRecognition, type SpeechRecognitionOptions } from './speechRecognition';

export type InputSourceName = 'mic' | VisualSource;

/**
 * Something that feeds the session from files: called just before chunk `turn` closes, it delivers the
 * media of [fromMs, toMs) the way live capture would have delivered it by then.
 */
export interface InputProvider {
  beforeClose(session: Session, turn: number, fromMs: number, toMs: number): void;
}

export interface SessionOptions {
  model: InteractionModel;
  voice: Voice;
  timeline: Timeline;
  clock: MicroTurnClock;
  /** Describes the inputs, model and config; recorded as the session_started payload (for replay). */
  header: Record<string, unknown>;
  /** dMel and frame encoders (main/perception provides them; the engine only knows their contract). */
  perception: Perception;
  inputProvider?: InputProvider;
  /** Mic ring capacity; live capture may run ahead of the clock by at most this much. */
  micBufferMs?: number;
  /** Stop after this many micro-turns (files); live sessions run until stop(). */
  maxTurns?: number;
  /** Receives output chunk k (3 200 samples to play during [(k+1)·200, (k+2)·200) ms). */
  onOutputChunk?: (turn: number, samples: Float32Array) => void;
  /** Called at the end of every micro-turn with its measurements (heartbeat views, benchmarks). */
  onTickMeasured?: (measure: TickMeasure) => void;
  /** Receives input chunk k's audio as closed (what a recorder keeps for replay). */
  onInputChunk?: (turn: number, samples: Float32Array) => void;
  /** Speech recognition (absent: no ASR, MicroTurnInput.words stays empty). The caller owns and disposes it. */
  recognizer?: SpeechRecognizer;
  /** How recognition streams; whether it waits for results follows the clock (virtual waits, real time never). */
  recognition?: Omit<SpeechRecognitionOptions, 'waitForResults'>;
  /**
   * Runs delegated tasks off the micro-turn thread; absent or null: no provider, delegations fail with code
   * no_provider; `recorded`: a replay feeds the recorded background updates itself (through pushBackgroundUpdate).
   */
  background?: BackgroundRunner | null | 'recorded';
  /** Virtual clock only: the media time a background task is taken to need (see BackgroundDelegation). Default 1000 ms. */
  backgroundVirtualLatencyMs?: number;
  /**
   * Perception signals fed with every camera and screen frame (main/perception implements them; absent: that
   * signal is off). Their results enter micro-turn inputs as `repetition`, `code_findings` and `watch_fired`
   * events. The caller owns and disposes them.
   */
  signals?: PerceptionSignals;
  /**
   * Virtual clock only: the media time a code reading is taken to need from its frame to its findings (the
   * virtual clock waits for the reading, so without this findings would arrive instantly). Default 1000 ms,
   * about what the reading takes on 2 CPU cores (see docs/perception.md).
   */
  codeReadingVirtualLatencyMs?: number;
}

/** What perception gave over the session, for summary.json. */
export interface PerceptionSummary {
  /** Final count of the last counting run; null when counting never started. */
  reps: number | null;
  repetitions: number;
  /** Every finding reported (each once), in order. */
  codeFindings: CodeFinding[];
  codeReadings: number;
  watchesFired: Array<{ watchId: string; label: string; frameAtMs: number }>;
  watchesAdded: number;
}

/** Frames queued for the perception signals between two chunk closes, per source; older ones beyond this are dropped. */
const MAX_QUEUED_FRAMES = 64;

export interface TickMeasure {
  turn: number;
  /** Lateness against the absolute schedule (0 on the virtual clock). */
  latenessMs: number;
  stepMs: number;
  /** Tick work excluding the model step. */
  overheadMs: number;
}

export type SessionState = 'idle' | 'running' | 'paused' | 'stopped';

export interface SessionStats {
  turns: number;
  clock: 'virtual' | 'realtime';
  actionTurns: Record<Action, number>;
  utterances: number;
  cuts: number;
  underrunChunks: number;
  underrunSamples: number;
  /** Output chunks the voice had not synthesized in time (real time only; tts_underrun events). */
  speechUnderrunChunks: number;
  droppedMicSamples: number;
  framesPerceived: number;
  modelErrors: number;
  overruns: number;
  tickLateness: LatencySummary;
  modelStep: LatencySummary;
  /** Tick work excluding the model step: input, perception, dispatch, timeline. */
  engineOverhead: LatencySummary;
  dmel: LatencySummary;
}

interface PendingFrame {
  frame: RgbFrame;
  fresh: boolean;
}

export class Session {
  private state: SessionState = 'idle';
  private readonly mic: AudioRingBuffer;
  private readonly present: Record<InputSourceName, boolean> = { mic: true, camera: true, screen: true };
  private readonly sourceEvents: InputEvent[] = [];
  private readonly pendingFrames: Partial<Record<VisualSource, PendingFrame>> = {};
  private readonly typed: TypedText[] = [];
  private readonly backgroundUpdates: InputEvent[] = [];
  readonly timers = new TimerScheduler();
  /** timer_scheduled / timer_cancelled records waiting for the chunk they happened in to close. */
  private readonly timerRecords: Array<{ atMs: number; kind: 'timer_scheduled' | 'timer_cancelled' | 'tool_call_audit' | 'watch_added' | 'watch_cancelled'; payload: Record<string, unknown> }> = [];
  private readonly userDmel: DmelEncoder;
  private readonly assistantDmel: DmelEncoder;
  private readonly framePerceiver: FrameEncoder;
  private readonly voiceOutput: AssistantVoiceOutput;
  private readonly modelState: unknown;
  private readonly delegation: BackgroundDelegation;
  private readonly audio = new Float32Array(SAMPLES_PER_TURN);
  private readonly outputChunk = new Float32Array(SAMPLES_PER_TURN);
  /** What the assistant played during the chunk being closed: output chunk k−1. */
  private readonly playedChunk = new Float32Array(SAMPLES_PER_TURN);
  private lastAction: Action | null = null;
  private currentTurn = 0;
  private readonly recognition: UserSpeechRecognition | null;
  /** Every frame offered since the last close, per source, in capture order (the signals see all of them). */
  private readonly frameQueue: Record<VisualSource, RgbFrame[]> = { camera: [], screen: [] };
  private readonly counting = { armed: false, exercise: '', everStarted: false, repetitions: 0 };
  private readonly reportedFindings: CodeFinding[] = [];
  private codeReadings = 0;
  private readonly watchesFired: PerceptionSummary['watchesFired'] = [];
  private droppedSignalFrames = 0;
  private watchesAdded = 0;
  private readonly inputErrors: Array<{ source: InputSourceName; message: string }> = [];
  /** Code readings finished but not yet due (virtual clock: they enter at frame time + the virtual latency). */
  private readonly readingsDue: CodeReading[] = [];

  private readonly lateness = new LatencyHistogram();
  private readonly stepTime = new LatencyHistogram();
  private readonly overhead = new LatencyHistogram();
  private readonly dmelTime = new LatencyHistogram();
  private readonly counters = {
    turns: 0,
    utterances: 0,
    cuts: 0,
    underrunChunks: 0,
    underrunSamples: 0,
    framesPerceived: 0,
    modelErrors: 0,
    actionTurns: { listen: 0, backchannel: 0, speak: 0, keep_speaking: 0, yield: 0, interject: 0 } as Record<Action, number>,
  };

  constructor(private readonly options: SessionOptions) {
    this.mic = new AudioRingBuffer(Math.round(((options.micBufferMs ?? 2000) * SAMPLE_RATE_HZ) / 1000));
    this.userDmel = options.perception.createDmelEncoder();
    this.assistantDmel = options.perception.createDmelEncoder();
    this.framePerceiver = options.perception.createFrameEncoder();
    this.voiceOutput = this.createVoiceOutput();
    this.modelState = options.model.createState();
    this.recognition = options.recognizer
      ? new UserSpeechRecognition(options.recognizer, { ...options.recognition, waitForResults: options.clock.mode === 'virtual' })
      : null;
    this.delegation = new BackgroundDelegation({
      runner: options.background ?? null,
      clock: options.clock.mode,
      virtualLatencyMs: options.backgroundVirtualLatencyMs ?? 1000,
      push: (atMs, update) => this.pushBackgroundUpdate(atMs, update),
    });
  }

  get status(): { state: SessionState; turn: number } {
    return { state: this.state, turn: this.currentTurn };
  }

  get timeline(): Timeline {
    return this.options.timeline;
  }

  // ---- inputs (live capture or an InputProvider call these) ----

  pushMic(samples: Float32Array): void {
    // Audio captured while paused belongs to no micro-turn: it is dropped, not queued for after the resume.
    if (this.present.mic && this.state !== 'paused') this.mic.write(samples);
  }

  /** An input source disappeared or came back; the session keeps running either way. */
  setSourcePresent(source: InputSourceName, present: boolean, atMs = this.currentTurn * MICRO_TURN_MS): void {
    if (this.present[source] === present) return;
    this.present[source] = present;
    if (!present) delete this.pendingFrames[source as VisualSource];
    this.sourceEvents.push({ atMs, kind: present ? 'source_restored' : 'source_lost', payload: { source } });
  }

  /**
   * A new frame of a camera or screen. The interaction model gets the latest one per micro-turn; the perception
   * signals (repetition counter, watches) get every one, in order, when the chunk closes.
   */
  offerFrame(source: VisualSource, frame: RgbFrame): void {
    if (!this.present[source]) return;
    this.pendingFrames[source] = { frame, fresh: true };
    if (!this.options.signals) return;
    const queue = this.frameQueue[source];
    if (queue.length >= MAX_QUEUED_FRAMES) {
      queue.shift();
      this.droppedSignalFrames++;
    }
    queue.push(frame);
  }

  /** An input could not be read (a corrupt frame of a file): recorded as an error in the chunk being collected; the session goes on. */
  recordInputError(source: InputSourceName, message: string): void {
    this.inputErrors.push({ source, message });
  }

  /** Registers a visual watch for the user (UI or IPC); recorded as watch_added. Throws a clear error on a bad spec. */
  addWatch(atMs: number, spec: unknown): Watch {
    const watches = this.options.signals?.watches;
    if (!watches) throw new Error('Visual watches are not available in this session (no watch signal was configured).');
    const parsed = WatchSpecSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`Invalid watch: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`).join('; ')}`);
    const watch = watches.add(parsed.data, atMs);
    this.watchesAdded++;
    this.timerRecords.push({ atMs, kind: 'watch_added', payload: { ...watch } });
    return watch;
  }

  /** Cancels a watch; false (and nothing recorded) when none has that id. */
  cancelWatch(atMs: number, id: string, reason = 'cancelled by the user'): boolean {
    const watches = this.options.signals?.watches;
    const watch = watches?.list().find((candidate) => candidate.id === id);
    if (!watches || !watch || !watches.cancel(id)) return false;
    this.timerRecords.push({ atMs, kind: 'watch_cancelled', payload: { id, label: watch.label, reason } });
    return true;
  }

  /** The watches in force (empty when the session has no watch signal). */
  listWatches(): Watch[] {
    return this.options.signals?.watches?.list() ?? [];
  }

  /** Whether the camera's repetitions are being counted, and the count so far. */
  countingStatus(): { armed: boolean; exercise: string; count: number } {
    return { armed: this.counting.armed, exercise: this.counting.exercise, count: this.options.signals?.repetition?.count ?? 0 };
  }

  perceptionSummary(): PerceptionSummary {
    return {
      reps: this.counting.everStarted ? (this.options.signals?.repetition?.count ?? 0) : null,
      repetitions: this.counting.repetitions,
      codeFindings: [...this.reportedFindings],
      codeReadings: this.codeReadings,
      watchesFired: [...this.watchesFired],
      watchesAdded: this.watchesAdded,
    };
  }

  pushText(atMs: number, text: string): void {
    this.typed.push({ atMs, text });
  }

  pushBackgroundUpdate(atMs: number, payload: Record<string, unknown>): void {
    this.backgroundUpdates.push({ atMs, kind: 'background_update', payload });
  }

  /**
   * A reminder: at `dueMs` (media time) the timer falls due with `label` = text, which the interaction
   * model says. Recorded as timer_scheduled in the chunk being collected (`atMs`), so the timeline stays
   * the complete record of what the user asked for. `say`, when given, is the exact sentence the model says
   * then (an interaction model's own request: "Switch!" for "say switch in 20 seconds").
   */
  scheduleReminder(atMs: number, dueMs: number, text: string, repeatEveryMs?: number, say?: string): ScheduledTimer {
    const timer = this.timers.schedule(dueMs, { label: text, ...(say !== undefined ? { say } : {}) }, undefined, repeatEveryMs);
    this.timerRecords.push({
      atMs,
      kind: 'timer_scheduled',
      payload: { id: timer.id, dueAtMs: dueMs, label: text, ...(repeatEveryMs !== undefined ? { repeatEveryMs } : {}), ...(say !== undefined ? { say } : {}) },
    });
    return timer;
  }

  /** A finished tool call's summary, recorded in the chunk being collected (a record only: the model does not see it as input). */
  recordToolCall(atMs: number, payload: Record<string, unknown>): void {
    this.timerRecords.push({ atMs, kind: 'tool_call_audit', payload });
  }

  /** Cancels a pending timer; false (and nothing recorded) when no timer has that id. */
  cancelTimer(atMs: number, id: string): boolean {
    const timer = this.timers.pending().find((pending) => pending.id === id);
    if (!timer || !this.timers.cancel(id)) return false;
    this.timerRecords.push({ atMs, kind: 'timer_cancelled', payload: { id, label: timer.payload.label ?? null } });
    return true;
  }

  // ---- lifecycle ----

  async run(): Promise<SessionStats> {
    if (this.state !== 'idle') throw new Error(`Session.run() called twice (state ${this.state})`);
    this.state = 'running';
    this.append({ turn: 0, atMs: 0, source: 'engine', kind: 'session_started', payload: this.options.header });
    this.timeline.flush();
    try {
      await this.options.clock.run((tick) => this.tick(tick), { maxTurns: this.options.maxTurns });
    } finally {
      this.state = 'stopped';
      // A decode still running must end before the caller disposes the recognizer.
      await this.recognition?.drain();
      this.voiceOutput.release();
      const stats = this.stats();
      this.append({
        turn: this.currentTurn,
        atMs: this.counters.turns * MICRO_TURN_MS,
        source: 'engine',
        kind: 'session_stopped',
        payload: { turns: stats.turns, actionTurns: stats.actionTurns, utterances: stats.utterances, cuts: stats.cuts },
      });
      this.timeline.close();
    }
    return this.stats();
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.options.clock.pause();
    this.state = 'paused';
    this.mic.clear();
    this.append({ turn: this.currentTurn, atMs: this.currentTurn * MICRO_TURN_MS, source: 'engine', kind: 'session_paused', payload: {} });
    this.timeline.flush();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.append({ turn: this.currentTurn, atMs: this.currentTurn * MICRO_TURN_MS, source: 'engine', kind: 'session_resumed', payload: {} });
    this.options.clock.resume();
  }

  stop(): void {
    this.options.clock.stop();
  }

  stats(): SessionStats {
    return {
      turns: this.counters.turns,
      clock: this.options.clock.mode,
      actionTurns: { ...this.counters.actionTurns },
      utterances: this.counters.utterances,
      cuts: this.counters.cuts,
      underrunChunks: this.counters.underrunChunks,
      underrunSamples: this.counters.underrunSamples,
      speechUnderrunChunks: this.voiceOutput.underrunChunks,
      droppedMicSamples: this.mic.droppedSamples,
      framesPerceived: this.counters.framesPerceived,
      modelErrors: this.counters.modelErrors,
      overruns: this.options.clock.overruns,
      tickLateness: this.lateness.summary(),
      modelStep: this.stepTime.summary(),
      engineOverhead: this.overhead.summary(),
      dmel: this.dmelTime.summary(),
    };
  }

  // ---- the micro-turn ----

  private async tick(tick: Tick): Promise<void> {
    const started = performance.now();
    const turn = tick.turn;
    this.currentTurn = turn;
    const fromMs = turn * MICRO_TURN_MS;
    const toMs = fromMs + MICRO_TURN_MS;
    if (this.options.clock.mode === 'realtime') this.lateness.record(tick.latenessMs);

    // 1. Close input chunk k.
    this.options.inputProvider?.beforeClose(this, turn, fromMs, toMs);
    await this.delegation.beforeClose(turn);
    const events = this.closeEvents(turn, toMs);
    events.push(...(await this.perceiveSignals(turn, toMs)));
    this.delegation.setCollectingTurn(turn + 1);
    const { underrunSamples } = this.mic.readChunk(this.audio);
    const micPresent = this.present.mic;
    if (micPresent && underrunSamples > 0) {
      this.counters.underrunChunks++;
      this.counters.underrunSamples += underrunSamples;
    }
    this.options.onInputChunk?.(turn, this.audio);
    this.append({
      turn,
      atMs: fromMs,
      source: 'user',
      kind: 'audio_chunk',
      payload: { offsetSamples: turn * SAMPLES_PER_TURN, underrunSamples: micPresent ? underrunSamples : SAMPLES_PER_TURN, micPresent },
    });
    const text = this.typed.splice(0);
    for (const item of text) this.append({ turn, atMs: item.atMs, source: 'user', kind: 'user_text', payload: { text: item.text } });
    const words = await this.recognizeWords(turn, toMs);

    // 2. Perceive.
    const dmelStarted = performance.now();
    const dmel = this.userDmel.push(this.audio);
    this.dmelTime.record(performance.now() - dmelStarted);
    const assistantDmel = this.assistantDmel.push(this.playedChunk);
    const frames = this.perceiveFrames(turn);

    const input: MicroTurnInput = {
      turn,
      atMs: fromMs,
      audio: this.audio,
      underrunSamples: micPresent ? underrunSamples : SAMPLES_PER_TURN,
      micPresent,
      dmel,
      assistantDmel,
      frames,
      text,
      events,
      words,
      assistant: this.voiceOutput.playback(),
    };

    // 3. Step the interaction model with its streaming state.
    const stepStarted = performance.now();
    let output: MicroTurnOutput;
    try {
      output = await this.options.model.step(input, this.modelState);
    } catch (error) {
      // A failing step must not end the session: the assistant stays silent this turn and it is logged.
      this.counters.modelErrors++;
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: 'model.step', message: String((error as Error)?.message ?? error) } });
      output = { action: this.voiceOutput.playback().speaking ? 'keep_speaking' : 'listen', events: [] };
    }
    const stepMs = performance.now() - stepStarted;
    this.stepTime.record(stepMs);

    // 4. Dispatch.
    await this.dispatch(turn, toMs, output);
    this.recognition?.observe(turn, output.events);

    // 5. Measure.
    this.counters.turns++;
    this.timeline.flush();
    const overheadMs = performance.now() - started - stepMs;
    this.overhead.record(overheadMs);
    this.options.onTickMeasured?.({ turn, latenessMs: tick.latenessMs, stepMs, overheadMs });
  }

  private closeEvents(turn: number, toMs: number): InputEvent[] {
    // Scheduling and cancelling are records for the timeline only; the model sees the timer when it falls due.
    // A record made while this chunk was closing (a tool call resolving mid-tick) is dated in the next chunk: it waits for it.
    const later = this.timerRecords.filter((record) => record.atMs >= toMs);
    for (const record of this.timerRecords) {
      if (record.atMs >= toMs) continue;
      this.append({ turn, atMs: record.atMs, source: record.kind === 'tool_call_audit' ? 'background' : 'user', kind: record.kind, payload: record.payload });
    }
    this.timerRecords.splice(0, this.timerRecords.length, ...later);
    for (const { source, message } of this.inputErrors.splice(0)) {
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: source, message } });
    }
    const events: InputEvent[] = this.sourceEvents.splice(0);
    for (const timer of this.timers.takeDue(toMs)) {
      events.push({ atMs: timer.dueMs, kind: 'timer_due', payload: { id: timer.id, ...timer.payload } });
    }
    events.push(...this.backgroundUpdates.splice(0));
    for (const event of events) {
      this.append({ turn, atMs: event.atMs, source: event.kind === 'timer_due' ? 'scheduler' : event.kind === 'background_update' ? 'background' : 'engine', kind: event.kind, payload: event.payload });
    }
    return events;
  }

  /**
   * The recognizer's step: hands it chunk k's audio and takes the hypotheses ready for this micro-turn
   * (awaited on the virtual clock, only the finished ones in real time), each recorded as user_words.
   */
  private async recognizeWords(turn: number, toMs: number): Promise<RecognizedWord[]> {
    if (!this.recognition) return [];
    this.recognition.push(turn, this.audio);
    const words: RecognizedWord[] = [];
    for (const outcome of await this.recognition.collect()) {
      if (outcome.kind === 'error') {
        const message = outcome.stopped ? `${outcome.message} (speech recognition is off for the rest of the session)` : outcome.message;
        this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: 'asr', segmentId: outcome.segmentId, message } });
        continue;
      }
      words.push(...outcome.words);
      this.append({
        turn,
        atMs: toMs,
        source: 'user',
        kind: 'user_words',
        payload: {
          words: outcome.words.map(({ word, startMs, endMs, confidence }) => ({ word, startMs, endMs, ...(confidence !== undefined ? { confidence } : {}) })),
          final: outcome.final,
          segmentId: outcome.segmentId,
        },
      });
    }
    return words;
  }

  private perceiveFrames(turn: number): ChangedFrame[] {
    const changed: ChangedFrame[] = [];
    for (const source of ['camera', 'screen'] as const) {
      const pending = this.pendingFrames[source];
      if (!pending?.fresh) continue;
      pending.fresh = false;
      const frame = this.framePerceiver.perceive(source, pending.frame);
      if (!frame) continue;
      changed.push(frame);
      this.counters.framesPerceived++;
      this.append({
        turn,
        atMs: frame.atMs,
        source: 'user',
        kind: 'frame',
        payload: { source, frameIndex: frame.frameIndex, width: frame.width, height: frame.height, patchCount: frame.patchCount, changedShare: round3(frame.changedShare) },
      });
    }
    return changed;
  }

  private async dispatch(turn: number, toMs: number, output: MicroTurnOutput): Promise<void> {
    this.counters.actionTurns[output.action]++;
    if (output.action !== this.lastAction) {
      const scores = output.scores ? Object.fromEntries(Object.entries(output.scores).map(([k, v]) => [k, round3(v)])) : undefined;
      this.append({ turn, atMs: toMs, source: 'model', kind: 'action', payload: { action: output.action, previous: this.lastAction, ...(scores ? { scores } : {}) } });
      this.lastAction = output.action;
    }
    for (const event of output.events) {
      if (event.kind === 'user_speech_started' || event.kind === 'user_speech_ended') {
        const atMs = typeof event.payload.atMs === 'number' ? event.payload.atMs : toMs;
        this.append({ turn, atMs, source: 'model', kind: event.kind, payload: event.payload });
      } else {
        // An announce of a timer starts its utterance in this output chunk, which plays from toMs: that is how late it is.
        const late = event.kind === 'announce' && typeof event.payload.dueAtMs === 'number' ? { lateMs: toMs - event.payload.dueAtMs } : {};
        this.append({ turn, atMs: toMs, source: 'model', kind: 'model_event', payload: { event: event.kind, ...event.payload, ...late } });
        if (event.kind === 'delegate' || event.kind === 'cancel_task') this.forwardToBackground(turn, toMs, event.kind, event.payload);
        else if (event.kind === 'schedule_timer' || event.kind === 'cancel_timers') this.carryOutTimerRequest(turn, toMs, event.kind, event.payload);
        else this.carryOutPerceptionRequest(turn, toMs, event.kind, event.payload);
      }
    }
    for (const event of await this.voiceOutput.render(output, turn, this.outputChunk)) {
      if (event.kind === 'assistant_speech_started') this.counters.utterances++;
      if (event.kind === 'assistant_speech_cut') this.counters.cuts++;
      this.append(event);
    }
    this.playedChunk.set(this.outputChunk);
    this.options.onOutputChunk?.(turn, this.outputChunk);
  }

  /**
   * Feeds the frames queued since the last close to the perception signals and turns their results into this
   * chunk's input events. On the virtual clock it waits for readings in progress (OCR), so a run repeats exactly;
   * in real time it takes what is ready and a reading still going enters a later micro-turn.
   */
  private async perceiveSignals(turn: number, toMs: number): Promise<InputEvent[]> {
    const signals = this.options.signals;
    if (!signals) return [];
    const events: InputEvent[] = [];
    for (const source of ['camera', 'screen'] as const) {
      const frames = this.frameQueue[source].splice(0);
      for (const frame of frames) {
        if (source === 'camera' && this.counting.armed && signals.repetition) {
          try {
            for (const count of signals.repetition.push(frame)) {
              this.counting.repetitions++;
              events.push({ atMs: Math.min(count.detectedAtMs, toMs - 1e-3), kind: 'repetition', payload: { ...count, exercise: this.counting.exercise } });
            }
          } catch (error) {
            this.signalError(turn, toMs, 'repetition', frame, error);
          }
        }
        try {
          signals.watches?.push(source, frame);
        } catch (error) {
          this.signalError(turn, toMs, 'watch', frame, error);
        }
      }
      // Code is read from the newest screen frame only: a reading takes longer than frames arrive.
      if (source === 'screen' && frames.length > 0) signals.code?.offer(frames[frames.length - 1]);
    }
    if (this.options.clock.mode === 'virtual') await Promise.all([signals.code?.whenIdle(), signals.watches?.whenIdle()]);
    this.readingsDue.push(...(signals.code?.take() ?? []));
    const latencyMs = this.options.clock.mode === 'virtual' ? (this.options.codeReadingVirtualLatencyMs ?? 1000) : 0;
    const dueNow = this.readingsDue.filter((reading) => reading.frameAtMs + latencyMs < toMs);
    this.readingsDue.splice(0, this.readingsDue.length, ...this.readingsDue.filter((reading) => !dueNow.includes(reading)));
    for (const reading of dueNow) {
      this.codeReadings++;
      const { findings, ...rest } = reading;
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'code_reading', payload: { ...rest, newFindings: findings.length } });
      if (findings.length === 0) continue;
      this.reportedFindings.push(...findings);
      events.push({ atMs: toMs - 1e-3, kind: 'code_findings', payload: { frameIndex: reading.frameIndex, language: reading.language, findings } });
    }
    for (const firing of signals.watches?.take() ?? []) {
      this.watchesFired.push({ watchId: firing.watchId, label: firing.label, frameAtMs: firing.frameAtMs });
      events.push({ atMs: Math.min(firing.frameAtMs, toMs - 1e-3), kind: 'watch_fired', payload: { ...firing } });
    }
    for (const event of events) {
      this.append({ turn, atMs: event.atMs, source: 'engine', kind: event.kind, payload: event.payload });
    }
    return events;
  }

  private signalError(turn: number, toMs: number, where: string, frame: RgbFrame, error: unknown): void {
    this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where, frameIndex: frame.frameIndex, message: String((error as Error)?.message ?? error) } });
  }

  /** Counting and watch requests the interaction model understood; a bad one is an error event, never a throw. */
  private carryOutPerceptionRequest(turn: number, toMs: number, kind: string, payload: Record<string, unknown>): void {
    const signals = this.options.signals;
    const fail = (message: string) => this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: `model_event ${kind}`, message } });
    if (kind === 'start_counting') {
      if (!signals?.repetition) return fail('Repetition counting is not available in this session (no counter was configured).');
      signals.repetition.reset();
      const exercise = typeof payload.exercise === 'string' ? payload.exercise.slice(0, 64) : 'reps';
      Object.assign(this.counting, { armed: true, exercise, everStarted: true });
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'counting_started', payload: { exercise, cameraPresent: this.present.camera } });
    } else if (kind === 'stop_counting') {
      if (!this.counting.armed) return;
      this.counting.armed = false;
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'counting_stopped', payload: { exercise: this.counting.exercise, count: signals?.repetition?.count ?? 0, reason: 'asked' } });
    } else if (kind === 'add_watch') {
      try {
        this.addWatch(toMs, payload.spec);
      } catch (error) {
        fail((error as Error).message);
      }
    } else if (kind === 'cancel_watch') {
      const ids = payload.all === true ? this.listWatches().map((watch) => watch.id) : typeof payload.id === 'string' ? [payload.id] : [];
      for (const id of ids) this.cancelWatch(toMs, id, 'asked');
    }
  }

  /** A timer the model set or cancelled for the user; a malformed request is an `error` event, never a throw. */
  private carryOutTimerRequest(turn: number, toMs: number, kind: 'schedule_timer' | 'cancel_timers', payload: Record<string, unknown>): void {
    if (kind === 'schedule_timer') {
      const checked = validateTimerRequest(payload, toMs);
      if (!checked.ok) {
        this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: 'model_event schedule_timer', message: checked.message } });
        return;
      }
      const { dueAtMs, label, repeatEveryMs, say } = checked.request;
      this.scheduleReminder(toMs, dueAtMs, label, repeatEveryMs, say);
      return;
    }
    // ids: those timers; repeatingOnly: every repeating one ("stop"); neither: every pending timer ("cancel the reminder").
    const ids = Array.isArray(payload.ids) ? new Set(payload.ids.filter((id): id is string => typeof id === 'string')) : null;
    const chosen = this.timers.pending().filter((timer) => (ids ? ids.has(timer.id) : payload.repeatingOnly === true ? timer.repeatEveryMs !== undefined : true));
    for (const timer of [...chosen]) this.cancelTimer(toMs, timer.id);
  }

  /** Hands a delegation or a cancellation to the background runner, with the shared context as it stands now. */
  private forwardToBackground(turn: number, toMs: number, kind: 'delegate' | 'cancel_task', payload: Record<string, unknown>): void {
    const taskId = typeof payload.taskId === 'string' && payload.taskId !== '' ? payload.taskId.slice(0, 128) : null;
    if (!taskId) {
      this.append({ turn, atMs: toMs, source: 'engine', kind: 'error', payload: { where: `model_event ${kind}`, message: 'The interaction model emitted it without a taskId string; it was ignored.' } });
      return;
    }
    if (kind === 'cancel_task') {
      this.delegation.cancel(turn, taskId, typeof payload.reason === 'string' ? payload.reason : 'cancelled by the interaction model');
      return;
    }
    const query = typeof payload.query === 'string' ? payload.query : '';
    const digest = this.timeline.summary();
    this.delegation.delegate(turn, taskId, query, {
      nowMs: toMs,
      // Audio chunk references and action changes say nothing the background model can use; they are most of the log.
      events: this.timeline.recent().filter((event) => event.kind !== 'audio_chunk' && event.kind !== 'action'),
      olderConversation: digest.conversation,
      pendingTimers: this.timers.pending().map((timer) => ({
        id: timer.id,
        dueAtMs: timer.dueMs,
        label: typeof timer.payload.label === 'string' ? timer.payload.label : '',
        ...(timer.repeatEveryMs !== undefined ? { repeatEveryMs: timer.repeatEveryMs } : {}),
      })),
    }, payload.fromVisualContent === true);
  }

  /**
   * The voice's playback. On the virtual clock it waits for synthesis (identical output run after run); in
   * real time a tick takes what the voice has ready and an underrun is recorded, never waited for.
   */
  private createVoiceOutput(): AssistantVoiceOutput {
    return new AssistantVoiceOutput(this.options.voice, { waitForSynthesis: this.options.clock.mode === 'virtual' });
  }

  private append(event: NewTimelineEvent): void {
    this.options.timeline.append(event);
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
