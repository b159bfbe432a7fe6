// The `harness` interaction model: today's voice-stack baseline (Silero VAD + silence timeout + rules), kept as the comparator.

import { MICRO_TURN_MS, type Action, type MicroTurnInput, type MicroTurnOutput, type ModelEvent, type Utterance } from '../../../common/microturn';
import type { InteractionModel } from '../../../common/interaction';
import type { ExecutionProvider, ProviderAttempt } from '../ort/sessionFactory';
import { SileroVad, type SileroVadStream } from '../vad/sileroVad';
import { createWeavingState, nextBackgroundUtterance, onBackgroundUpdate, type WeavingState } from './backgroundWeaving';
import { parseHarnessConfig, type HarnessConfig, type HarnessConfigInput } from './config';
import { createTimedSpeechState, nextDueTimer, onTimerDue, onWatchFired, type FloorView, type TimedSpeechState } from './timedSpeech';
import { routeRequest } from './requestRouting';
import { createPerceptionWeavingState, onCountingStarted, onCountingStopped, onPerceptionEvent, takeCountUtterance, takeFindingUtterance, type PerceptionWeavingState } from './perceptionWeaving';
import { advanceUserSpeech, createUserSpeechState, type UserSpeechState } from './userSpeech';

/** The user's current turn: from their first speech until a silence of silenceTimeoutMs. */
interface UserTurn {
  startMs: number;
  /** End of the last speech segment; null while the first segment is still going. */
  lastSpeechEndMs: number | null;
  /**
   * Started while the assistant was speaking and did not make it yield: a user backchannel or a
   * cough, not a turn to answer. Cleared if the user goes on speaking after the assistant stops.
   */
  overlapped: boolean;
}

/** The streaming state of one session. */
export interface HarnessState {
  vad: SileroVadStream;
  speech: UserSpeechState;
  turn: UserTurn | null;
  /** End of the last VAD frame seen: how far the harness has heard. */
  heardUntilMs: number;
  /** The utterance the assistant is playing (as far as the harness started it). */
  current: Utterance | null;
  /** A finished user turn waits to be answered. */
  replyDue: boolean;
  /** Delegated background tasks and what is still to be said about them. */
  weaving: WeavingState;
  /** Words recognized during the current user turn (when the engine has ASR), keyed by start time so revisions replace. */
  turnWords: Map<number, string>;
  /** The words of a user turn that just ended (and when their speech ended), waiting to be handled in this step. */
  spokenRequest: { text: string; endMs: number } | null;
  /** Timed requests: timers that fell due and wait to be said, and what to say back to requests. */
  timed: TimedSpeechState;
  /** Repetition counts and code findings waiting to be said. */
  perception: PerceptionWeavingState;
  /**
   * The user's speech segment (its start) that the current utterance was started over: a timer said at its
   * last moment while the user still talks. That segment does not make it yield; a new one does.
   */
  overUserSegmentMs: number | null;
  lastBackchannelAtMs: number;
  /** lastSpeechEndMs of the pause the last backchannel went into: one per pause. */
  backchannelPauseMs: number | null;
}

export interface HarnessLoadOptions {
  /** Override of the VAD model path that wins over the config (e.g. a CLI flag). */
  vadModelPath?: string;
  /** Where the config came from, for error messages. */
  configSource?: string;
}

export class HarnessModel implements InteractionModel<HarnessState> {
  readonly name = 'harness';
  readonly runtime: string;

  private constructor(
    readonly config: HarnessConfig,
    private readonly vad: SileroVad,
  ) {
    const threads = config.vad.intraOpThreads;
    this.runtime = `silero-vad v5 on onnxruntime ${vad.provider}, ${threads} thread${threads === 1 ? '' : 's'}`;
  }

  /** Validates `config` (a partial config gets the documented defaults) and loads the VAD once. */
  static async load(config: HarnessConfig | HarnessConfigInput = {}, options: HarnessLoadOptions = {}): Promise<HarnessModel> {
    const parsed = parseHarnessConfig(config, options.configSource);
    const vad = await SileroVad.load({
      modelPath: options.vadModelPath ?? parsed.vad.modelPath ?? undefined,
      providers: parsed.vad.providers,
      intraOpThreads: parsed.vad.intraOpThreads,
      interOpThreads: parsed.vad.interOpThreads,
    });
    return new HarnessModel(parsed, vad);
  }

  /** The provider the VAD runs on and why others were passed over. */
  get provider(): { name: ExecutionProvider; tried: ProviderAttempt[]; loadMs: number } {
    return { name: this.vad.provider, tried: this.vad.providersTried, loadMs: this.vad.loadMs };
  }

  createState(): HarnessState {
    return {
      vad: this.vad.createStream(),
      speech: createUserSpeechState(),
      turn: null,
      heardUntilMs: 0,
      current: null,
      replyDue: false,
      weaving: createWeavingState(),
      turnWords: new Map(),
      spokenRequest: null,
      timed: createTimedSpeechState(),
      perception: createPerceptionWeavingState(),
      overUserSegmentMs: null,
      lastBackchannelAtMs: Number.NEGATIVE_INFINITY,
      backchannelPauseMs: null,
    };
  }

  async step(input: MicroTurnInput, state: HarnessState): Promise<MicroTurnOutput> {
    const { config } = this;
    const frames = await state.vad.process(input.audio, input.atMs);
    const assistantSpeaking = input.assistant.speaking;
    // Speech over a backchannel is the user keeping the floor, not cutting in.
    const assistantHoldsFloor = assistantSpeaking && state.current?.kind !== 'backchannel';

    const events: ModelEvent[] = [];
    let vadMax = 0;
    let vadSum = 0;
    for (const frame of frames) {
      vadMax = Math.max(vadMax, frame.probability);
      vadSum += frame.probability;
      state.heardUntilMs = frame.endMs;
      const change = advanceUserSpeech(state.speech, frame, config.vad);
      if (!change) continue;
      if (change.kind === 'started') {
        events.push({ kind: 'user_speech_started', payload: { atMs: change.atMs } });
        if (state.turn === null) state.turn = { startMs: change.atMs, lastSpeechEndMs: null, overlapped: assistantHoldsFloor };
      } else {
        events.push({ kind: 'user_speech_ended', payload: { atMs: change.atMs, durationMs: change.durationMs } });
        if (state.turn) state.turn.lastSpeechEndMs = change.atMs;
      }
    }
    const scores = { vadMax, vadMean: frames.length > 0 ? vadSum / frames.length : 0 };

    const nowMs = input.atMs + MICRO_TURN_MS;
    for (const item of input.text) events.push(...this.onRequest(state, item.text, item.atMs, input.turn, nowMs));
    for (const event of input.events) {
      if (event.kind === 'timer_due') onTimerDue(state.timed, config.timerDue, event);
      if (event.kind === 'watch_fired') onWatchFired(state.timed, event);
      onPerceptionEvent(state.perception, event);
      if (event.kind === 'background_update') onBackgroundUpdate(state.weaving, event.payload, event.atMs);
    }
    this.collectWords(input, state);
    this.closeUserTurnAfterSilence(state);
    if (state.spokenRequest !== null) {
      // A spoken timed request counts from the end of the user's words, as a typed one from when it was typed.
      events.push(...this.onRequest(state, state.spokenRequest.text, state.spokenRequest.endMs, input.turn, nowMs));
      state.spokenRequest = null;
    }

    for (const event of events) {
      if (event.kind === 'start_counting') onCountingStarted(state.perception, typeof event.payload.exercise === 'string' ? event.payload.exercise : 'repetitions');
      if (event.kind === 'stop_counting') onCountingStopped(state.perception);
    }
    const decided = this.decide(input, state, assistantSpeaking, events);
    return { action: decided.action, ...(decided.utterance ? { utterance: decided.utterance } : {}), events, scores };
  }

  /** A typed text or a spoken turn's words (see routeRequest). */
  private onRequest(state: HarnessState, text: string, atMs: number, turn: number, nowMs: number): ModelEvent[] {
    return routeRequest(state, this.config, text, atMs, turn, nowMs);
  }

  async dispose(): Promise<void> {
    await this.vad.dispose();
  }

  /** Ends the user's turn once they have been silent for silenceTimeoutMs, and decides whether it deserves an answer. */
  private closeUserTurnAfterSilence(state: HarnessState): void {
    const turn = state.turn;
    if (!turn || state.speech.speaking || turn.lastSpeechEndMs === null) return;
    if (state.heardUntilMs - turn.lastSpeechEndMs < this.config.turnTaking.silenceTimeoutMs) return;
    const longEnough = turn.lastSpeechEndMs - turn.startMs >= this.config.turnTaking.minUserTurnMs;
    // With recognized words the turn is a request for the background model; without, only "the user spoke" is known.
    const words = [...state.turnWords.entries()].sort((a, b) => a[0] - b[0]).map(([, word]) => word).join(' ').trim();
    if (longEnough && !turn.overlapped) {
      if (words !== '') state.spokenRequest = { text: words, endMs: turn.lastSpeechEndMs };
      else state.replyDue = true;
    }
    state.turnWords.clear();
    state.turn = null;
    state.backchannelPauseMs = null;
  }

  /** Words the engine recognized in this chunk (MicroTurnInput.words when ASR runs), kept for the user's current turn. */
  private collectWords(input: MicroTurnInput, state: HarnessState): void {
    const words = (input as MicroTurnInput & { words?: ReadonlyArray<{ word: string; startMs: number }> }).words;
    if (!words || words.length === 0) return;
    for (const word of words) {
      if (typeof word.word === 'string' && Number.isFinite(word.startMs) && word.word.trim() !== '') state.turnWords.set(word.startMs, word.word.trim());
    }
  }

  private decide(input: MicroTurnInput, state: HarnessState, assistantSpeaking: boolean, events: ModelEvent[]): { action: Action; utterance?: Utterance } {
    const { config } = this;
    // A repetition count is said the moment it is known, over whatever is being said (the number is the point).
    const count = takeCountUtterance(state.perception);
    if (count) {
      events.push(...count.events);
      return this.start('interject', { id: `u${input.turn}`, text: count.text, kind: 'interjection' }, state);
    }
    if (assistantSpeaking) {
      const current = state.current && (input.assistant.utteranceId ?? state.current.id) === state.current.id ? state.current : undefined;
      const userSpeechMs = state.heardUntilMs - state.speech.segmentStartMs;
      const spokenOver = state.overUserSegmentMs !== null && state.speech.segmentStartMs === state.overUserSegmentMs;
      const bargeIn = state.speech.speaking && current?.kind !== 'backchannel' && !spokenOver && userSpeechMs >= config.bargeIn.minUserSpeechMs;
      if (bargeIn) {
        state.current = null;
        state.overUserSegmentMs = null;
        // The user took the floor: their turn is now a real one, and what was due is superseded by it.
        if (state.turn) state.turn.overlapped = false;
        state.replyDue = false;
        return { action: 'yield', ...(current ? { utterance: current } : {}) };
      }
      // A timer that falls due cuts the assistant's own reply, filler or backchannel (never another timer's sentence).
      if (config.timerDue.interruptOwnSpeech && current && current.kind !== 'interjection') {
        const timer = this.dueTimer(input, state, events);
        if (timer) return timer;
      }
      return { action: 'keep_speaking', ...(current ? { utterance: current } : {}) };
    }

    state.current = null;
    state.overUserSegmentMs = null;
    // Still talking after the assistant stopped: the user holds the floor now.
    if (state.turn && state.speech.speaking) state.turn.overlapped = false;
    const floorFree = state.turn === null;
    // A due timer comes first: it has a moment the user asked for; everything else can wait for it.
    const timer = this.dueTimer(input, state, events);
    if (timer) return timer;
    if (floorFree && state.replyDue) {
      state.replyDue = false;
      return this.start('speak', { id: `u${input.turn}`, text: config.reply.text, kind: 'reply' }, state);
    }
    // Background answers, fillers and cancellations wait for a pause: never over the user.
    const woven = floorFree && !state.speech.speaking ? nextBackgroundUtterance(state.weaving, config.background, input.atMs + MICRO_TURN_MS) : null;
    if (woven) {
      events.push(...woven.events);
      return this.start('speak', { id: `u${input.turn}`, text: woven.text, kind: 'reply' }, state);
    }
    if (floorFree && !state.speech.speaking && state.timed.replies.length > 0) {
      return this.start('speak', { id: `u${input.turn}`, text: state.timed.replies.shift() as string, kind: 'reply' }, state);
    }
    // A finding in the code on screen waits for a natural pause: nobody speaking and the user's turn over.
    const finding = floorFree && !state.speech.speaking ? takeFindingUtterance(state.perception) : null;
    if (finding) {
      events.push(...finding.events);
      return this.start('interject', { id: `u${input.turn}`, text: finding.text, kind: 'interjection' }, state);
    }
    if (this.backchannelFits(state)) {
      state.lastBackchannelAtMs = state.heardUntilMs;
      state.backchannelPauseMs = state.turn?.lastSpeechEndMs ?? null;
      return this.start('backchannel', { id: `u${input.turn}`, text: config.backchannel.text, kind: 'backchannel' }, state);
    }
    return { action: 'listen' };
  }

  /** A short pause in a long user turn, not too soon after the last backchannel (the assistant is silent here). */
  private backchannelFits(state: HarnessState): boolean {
    const rules = this.config.backchannel;
    const turn = state.turn;
    if (!rules.enabled || !turn || turn.overlapped || state.speech.speaking || turn.lastSpeechEndMs === null) return false;
    if (state.backchannelPauseMs === turn.lastSpeechEndMs) return false;
    const heldFloorMs = turn.lastSpeechEndMs - turn.startMs;
    const pauseMs = state.heardUntilMs - turn.lastSpeechEndMs;
    // pauseMs < silenceTimeoutMs holds here: a longer pause has already closed the turn.
    return heldFloorMs >= rules.minUserFloorMs && pauseMs >= rules.minPauseMs && state.heardUntilMs - state.lastBackchannelAtMs >= rules.minIntervalMs;
  }

  private start(action: Action, utterance: Utterance, state: HarnessState): { action: Action; utterance: Utterance } {
    state.current = utterance;
    return { action, utterance };
  }

  /** Starts saying the oldest due timer if its moment has come (see nextDueTimer), with its announce event. */
  private dueTimer(input: MicroTurnInput, state: HarnessState, events: ModelEvent[]): { action: Action; utterance: Utterance } | null {
    const turn = state.turn;
    const floor: FloorView = {
      nowMs: input.atMs + MICRO_TURN_MS,
      floorFree: turn === null,
      userSpeaking: state.speech.speaking,
      pauseMs: turn && !state.speech.speaking && turn.lastSpeechEndMs !== null ? state.heardUntilMs - turn.lastSpeechEndMs : null,
    };
    const next = nextDueTimer(state.timed, this.config.timerDue, floor);
    if (!next) return null;
    events.push(...next.events);
    const started = this.start('interject', { id: `u${input.turn}`, text: next.timer.text, kind: 'interjection' }, state);
    state.overUserSegmentMs = next.overUser ? state.speech.segmentStartMs : null;
    return started;
  }
}
