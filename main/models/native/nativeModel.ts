// The `native` interaction model: one ONNX step per micro-turn (training/ trains it from scratch) decides when to speak, backchannel, yield and interject.

import * as ort from 'onnxruntime-node';
import { ACTIONS, MICRO_TURN_MS, type Action, type MicroTurnInput, type MicroTurnOutput, type ModelEvent, type Utterance } from '../../../common/microturn';
import type { InteractionModel } from '../../../common/interaction';
import { createOrtSession, type ExecutionProvider, type ProviderAttempt } from '../ort/sessionFactory';
import { createWeavingState, nextBackgroundUtterance, onBackgroundUpdate, type WeavingState } from '../harness/backgroundWeaving';
import type { HarnessConfig } from '../harness/config';
import { createPerceptionWeavingState, onCountingStarted, onCountingStopped, onPerceptionEvent, takeCountUtterance, takeFindingUtterance, type PerceptionWeavingState } from '../harness/perceptionWeaving';
import { routeRequest } from '../harness/requestRouting';
import { createTimedSpeechState, nextDueTimer, onTimerDue, onWatchFired, type FloorView, type TimedSpeechState } from '../harness/timedSpeech';
import { MAX_EVENT_TOKENS, MAX_PATCHES, MAX_TEXT_TOKENS, NATIVE_HEADS, NATIVE_INPUT, NATIVE_OUTPUT, PLAYBACK_FEATURES } from './contract';
import { createStepFeatures, loadVocab, packStep, type NativeStepContext, type NativeStepFeatures, type NativeVocab } from './features';
import { loadNativeManifest, type NativeManifest } from './manifest';

/** The user-speaking head turns on at this probability and off below OFF (hysteresis, as a VAD has). */
const USER_SPEAKING_ON = 0.5;
const USER_SPEAKING_OFF = 0.35;
const FLOOR_FREE = 0.5;

/** The streaming state of one session: the network's cache and what the model said and was asked. */
export interface NativeState {
  features: NativeStepFeatures;
  /** Input tensors over `features`' arrays (onnxruntime copies them at each run, so the arrays are reused). */
  inputs: Record<string, ort.Tensor>;
  /** The sliding-window KV cache: the graph's next_* outputs become the next step's past_* inputs. */
  pastKey: ort.Tensor;
  pastValue: ort.Tensor;
  pastValid: ort.Tensor;
  /** The utterance the model started that is playing. */
  current: Utterance | null;
  /** What the user-speaking head says, with hysteresis, and when it last changed. */
  userSpeaking: boolean;
  userSpeechStartMs: number;
  userSpeechEndMs: number | null;
  /** The user spoke since the model last took the turn: a reply has someone to answer. */
  userSpokeSinceReply: boolean;
  /** The floor-free head of the last step. */
  floorFree: boolean;
  /** Words recognized in the user's current turn (when the engine has ASR), keyed by start time so revisions replace. */
  turnWords: Map<number, string>;
  weaving: WeavingState;
  timed: TimedSpeechState;
  perception: PerceptionWeavingState;
  counting: boolean;
  /** The user's speech segment a due timer was started over; that segment does not make it yield. */
  overUserSegmentMs: number | null;
}

export interface NativeLoadOptions {
  /** native.json; default: the one shipped in resources/models/native/. */
  manifestPath?: string;
  /** Providers to try in order; default CPU (one thread: the step is small, and the micro-turn loop shares the cores). */
  providers?: readonly ExecutionProvider[];
  intraOpThreads?: number;
}

export class NativeModel implements InteractionModel<NativeState> {
  readonly name = 'native';
  readonly runtime: string;

  private constructor(
    readonly manifest: NativeManifest,
    private readonly session: ort.InferenceSession,
    private readonly vocab: NativeVocab,
    /** Texts and timer/background rules shared with the harness, so both models say the same things. */
    readonly config: HarnessConfig,
    readonly provider: { name: ExecutionProvider; tried: ProviderAttempt[]; loadMs: number },
    threads: number,
  ) {
    this.runtime = `${manifest.name} on onnxruntime ${provider.name}, ${threads} thread${threads === 1 ? '' : 's'}`;
  }

  static async load(config: HarnessConfig, options: NativeLoadOptions = {}): Promise<NativeModel> {
    const manifest = loadNativeManifest(options.manifestPath);
    const vocab = loadVocab(manifest.vocabPath);
    const threads = options.intraOpThreads ?? 1;
    let warm: NativeState | null = null;
    const handle = await createOrtSession(manifest.onnxPath, {
      providers: options.providers ?? ['cpu'],
      intraOpThreads: threads,
      interOpThreads: 1,
      howToGet: 'Reinstall Tandem (the model ships in resources/models/native/) or train it with `npm run train`.',
      // The first run allocates; do it before the first micro-turn so that one is not late.
      warmup: async (session) => {
        warm = NativeModel.initialState(manifest);
        await session.run({ ...warm.inputs, [NATIVE_INPUT.pastKey]: warm.pastKey, [NATIVE_INPUT.pastValue]: warm.pastValue, [NATIVE_INPUT.pastValid]: warm.pastValid });
      },
    });
    return new NativeModel(manifest, handle.session, vocab, config, { name: handle.provider, tried: handle.providersTried, loadMs: handle.loadMs }, threads);
  }

  private static initialState(manifest: NativeManifest): NativeState {
    const { layers, heads, window, headDim } = manifest.dims;
    const features = createStepFeatures();
    const cacheDims = [layers, 1, heads, window, headDim];
    const cacheSize = layers * heads * window * headDim;
    return {
      features,
      inputs: {
        [NATIVE_INPUT.userDmel]: new ort.Tensor('uint8', features.userDmel, [1, 16, 80]),
        [NATIVE_INPUT.assistantDmel]: new ort.Tensor('uint8', features.assistantDmel, [1, 16, 80]),
        [NATIVE_INPUT.playback]: new ort.Tensor('float32', features.playback, [1, PLAYBACK_FEATURES]),
        [NATIVE_INPUT.textTokens]: new ort.Tensor('int32', features.textTokens, [1, MAX_TEXT_TOKENS]),
        [NATIVE_INPUT.eventTokens]: new ort.Tensor('int32', features.eventTokens, [1, MAX_EVENT_TOKENS]),
        [NATIVE_INPUT.patches]: new ort.Tensor('uint8', features.patches, [1, MAX_PATCHES, 40, 40, 3]),
        [NATIVE_INPUT.patchSource]: new ort.Tensor('int32', features.patchSource, [1, MAX_PATCHES]),
        [NATIVE_INPUT.patchPos]: new ort.Tensor('int32', features.patchPos, [1, MAX_PATCHES]),
      },
      pastKey: new ort.Tensor('float32', new Float32Array(cacheSize), cacheDims),
      pastValue: new ort.Tensor('float32', new Float32Array(cacheSize), cacheDims),
      pastValid: new ort.Tensor('float32', new Float32Array(window), [1, window]),
      current: null,
      userSpeaking: false,
      userSpeechStartMs: 0,
      userSpeechEndMs: null,
      userSpokeSinceReply: false,
      floorFree: true,
      turnWords: new Map(),
      weaving: createWeavingState(),
      timed: createTimedSpeechState(),
      perception: createPerceptionWeavingState(),
      counting: false,
      overUserSegmentMs: null,
    };
  }

  createState(): NativeState {
    return NativeModel.initialState(this.manifest);
  }

  /** One network step: the action probabilities (ACTIONS order) and the heads; the cache moves on. */
  async infer(input: MicroTurnInput, state: NativeState): Promise<{ actions: Float32Array; heads: Float32Array }> {
    const context: NativeStepContext = {
      currentKind: input.assistant.speaking ? (state.current?.kind ?? null) : null,
      pendingReply: state.weaving.cancelAckDue || state.weaving.tasks.some((task) => task.status === 'ready' || task.status === 'failed') || state.timed.replies.length > 0,
      pendingInterjection: state.timed.due.length > 0 || state.perception.findingsDue.length > 0,
      counting: state.counting,
    };
    packStep(input, context, this.vocab, state.features);
    const out = await this.session.run({ ...state.inputs, [NATIVE_INPUT.pastKey]: state.pastKey, [NATIVE_INPUT.pastValue]: state.pastValue, [NATIVE_INPUT.pastValid]: state.pastValid });
    state.pastKey = out[NATIVE_OUTPUT.nextKey];
    state.pastValue = out[NATIVE_OUTPUT.nextValue];
    state.pastValid = out[NATIVE_OUTPUT.nextValid];
    const logits = out[NATIVE_OUTPUT.actionLogits].data as Float32Array;
    const actions = new Float32Array(ACTIONS.length);
    let max = Number.NEGATIVE_INFINITY;
    for (const value of logits) max = Math.max(max, value);
    let sum = 0;
    for (let i = 0; i < actions.length; i++) sum += actions[i] = Math.exp(logits[i] - max);
    for (let i = 0; i < actions.length; i++) actions[i] /= sum;
    return { actions, heads: Float32Array.from(out[NATIVE_OUTPUT.heads].data as Float32Array) };
  }

  async step(input: MicroTurnInput, state: NativeState): Promise<MicroTurnOutput> {
    const { actions, heads } = await this.infer(input, state);
    const p = (action: Action) => actions[ACTIONS.indexOf(action)];
    const events: ModelEvent[] = [];
    const nowMs = input.atMs + MICRO_TURN_MS;

    // The user-speaking head stands in for a VAD: the engine's recognizer cuts its segments on these events.
    const speakingP = heads[NATIVE_HEADS.indexOf('user_speaking')];
    if (!state.userSpeaking && speakingP >= USER_SPEAKING_ON) {
      state.userSpeaking = true;
      state.userSpeechStartMs = input.atMs + MICRO_TURN_MS / 2;
      state.userSpokeSinceReply = true;
      events.push({ kind: 'user_speech_started', payload: { atMs: state.userSpeechStartMs } });
    } else if (state.userSpeaking && speakingP < USER_SPEAKING_OFF) {
      state.userSpeaking = false;
      state.userSpeechEndMs = input.atMs + MICRO_TURN_MS / 2;
      events.push({ kind: 'user_speech_ended', payload: { atMs: state.userSpeechEndMs, durationMs: state.userSpeechEndMs - state.userSpeechStartMs } });
    }
    state.floorFree = heads[NATIVE_HEADS.indexOf('floor_free')] >= FLOOR_FREE;

    for (const item of input.text) events.push(...routeRequest(state, this.config, item.text, item.atMs, input.turn, nowMs));
    for (const event of input.events) {
      if (event.kind === 'timer_due') onTimerDue(state.timed, this.config.timerDue, event);
      if (event.kind === 'watch_fired') onWatchFired(state.timed, event);
      onPerceptionEvent(state.perception, event);
      if (event.kind === 'background_update') onBackgroundUpdate(state.weaving, event.payload, event.atMs);
    }
    for (const word of input.words) if (word.word.trim() !== '') state.turnWords.set(word.startMs, word.word.trim());
    for (const event of events) {
      if (event.kind === 'start_counting') {
        state.counting = true;
        onCountingStarted(state.perception, typeof event.payload.exercise === 'string' ? event.payload.exercise : 'repetitions');
      }
      if (event.kind === 'stop_counting') {
        state.counting = false;
        onCountingStopped(state.perception);
      }
    }

    const decided = this.decide(input, state, p, events);
    const scores: Record<string, number> = {};
    ACTIONS.forEach((action, i) => (scores[`p_${action}`] = actions[i]));
    NATIVE_HEADS.forEach((head, i) => (scores[head] = heads[i]));
    return { action: decided.action, ...(decided.utterance ? { utterance: decided.utterance } : {}), events, scores };
  }

  private decide(input: MicroTurnInput, state: NativeState, p: (action: Action) => number, events: ModelEvent[]): { action: Action; utterance?: Utterance } {
    const { thresholds } = this.manifest;
    const nowMs = input.atMs + MICRO_TURN_MS;
    // A repetition count is said the moment it is known, over whatever is being said (the number is the point).
    const count = takeCountUtterance(state.perception);
    if (count) {
      events.push(...count.events);
      return this.start('interject', { id: `u${input.turn}`, text: count.text, kind: 'interjection' }, state);
    }

    if (input.assistant.speaking) {
      const current = state.current && (input.assistant.utteranceId ?? state.current.id) === state.current.id ? state.current : undefined;
      const spokenOver = state.overUserSegmentMs !== null && state.userSpeechStartMs === state.overUserSegmentMs;
      if (current?.kind !== 'backchannel' && !spokenOver && p('yield') >= thresholds.yield) {
        state.current = null;
        state.overUserSegmentMs = null;
        state.userSpokeSinceReply = true;
        return { action: 'yield', ...(current ? { utterance: current } : {}) };
      }
      if (this.config.timerDue.interruptOwnSpeech && current && current.kind !== 'interjection') {
        const timer = this.dueTimer(input, state, events);
        if (timer) return timer;
      }
      return { action: 'keep_speaking', ...(current ? { utterance: current } : {}) };
    }

    state.current = null;
    state.overUserSegmentMs = null;
    const timer = this.dueTimer(input, state, events);
    if (timer) return timer;

    // The network says the user's turn is over and it is ours: answer what they said.
    if (state.userSpokeSinceReply && p('speak') >= thresholds.speak) {
      state.userSpokeSinceReply = false;
      const words = [...state.turnWords.entries()].sort((a, b) => a[0] - b[0]).map(([, word]) => word).join(' ').trim();
      state.turnWords.clear();
      if (words === '') return this.start('speak', { id: `u${input.turn}`, text: this.config.reply.text, kind: 'reply' }, state);
      // With recognized words the turn is a request: it is routed, and whatever it has to say right away is said now.
      events.push(...routeRequest(state, this.config, words, state.userSpeechEndMs ?? input.atMs, input.turn, nowMs));
    }

    // Answers, acknowledgements and findings wait for a moment the network calls free: nobody holds the floor.
    const free = state.floorFree && !state.userSpeaking;
    const woven = free ? nextBackgroundUtterance(state.weaving, this.config.background, nowMs) : null;
    if (woven) {
      events.push(...woven.events);
      return this.start('speak', { id: `u${input.turn}`, text: woven.text, kind: 'reply' }, state);
    }
    if (free && state.timed.replies.length > 0) {
      return this.start('speak', { id: `u${input.turn}`, text: state.timed.replies.shift() as string, kind: 'reply' }, state);
    }
    const finding = free || p('interject') >= (thresholds.interject ?? 1) ? takeFindingUtterance(state.perception) : null;
    if (finding) {
      events.push(...finding.events);
      return this.start('interject', { id: `u${input.turn}`, text: finding.text, kind: 'interjection' }, state);
    }
    if (!state.floorFree && p('backchannel') >= thresholds.backchannel) {
      return this.start('backchannel', { id: `u${input.turn}`, text: this.config.backchannel.text, kind: 'backchannel' }, state);
    }
    return { action: 'listen' };
  }

  private start(action: Action, utterance: Utterance, state: NativeState): { action: Action; utterance: Utterance } {
    state.current = utterance;
    return { action, utterance };
  }

  /** Starts saying the oldest due timer if its moment has come (nextDueTimer, with the network's view of the floor). */
  private dueTimer(input: MicroTurnInput, state: NativeState, events: ModelEvent[]): { action: Action; utterance: Utterance } | null {
    const nowMs = input.atMs + MICRO_TURN_MS;
    const floor: FloorView = {
      nowMs,
      floorFree: state.floorFree && !state.userSpeaking,
      userSpeaking: state.userSpeaking,
      // The silence since the user-speaking head last went off (or since the session began), whatever the floor-free
      // head says: that head has never seen typed text or timer tokens in training and may call a silent room taken.
      pauseMs: state.userSpeaking ? null : nowMs - (state.userSpeechEndMs ?? 0),
    };
    const next = nextDueTimer(state.timed, this.config.timerDue, floor);
    if (!next) return null;
    events.push(...next.events);
    const started = this.start('interject', { id: `u${input.turn}`, text: next.timer.text, kind: 'interjection' }, state);
    state.overUserSegmentMs = next.overUser ? state.userSpeechStartMs : null;
    return started;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
