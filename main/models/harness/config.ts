// The harness's parameters: one zod schema, every default documented here and spelled out in harness.config.json.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { resourcePath } from '../resources';
import { TandemError } from '../../../common/errors';
import { EXECUTION_PROVIDERS } from '../ort/executionProviders';

const probability = z.number().min(0).max(1);
const durationMs = z.number().nonnegative().finite();
const threads = z.number().int().min(1).max(64);
const text = z.string().trim().min(1);

const VadConfigSchema = z
  .strictObject({
    /** Override of the Silero VAD v5 file (relative paths are relative to the config file); null = the one in @ricky0123/vad-web. */
    modelPath: z.string().min(1).nullable().default(null),
    /** CPU only: a 32 ms frame is ~0.1 ms of work, far less than a GPU round trip. */
    providers: z.array(z.enum(EXECUTION_PROVIDERS)).min(1).default(['cpu']),
    /** One thread: the VAD runs beside the rest of the micro-turn on a 2-core machine. */
    intraOpThreads: threads.default(1),
    interOpThreads: threads.default(1),
    /** A frame counts as speech at p ≥ 0.5 (Silero's own default threshold)… */
    onsetProbability: probability.default(0.5),
    /** …and stays speech until p < 0.35 (Silero's threshold − 0.15 hysteresis), so dips inside words do not end it. */
    offsetProbability: probability.default(0.35),
    /** Speech must last 96 ms (3 frames) before it counts: clicks and taps are one or two frames. */
    minSpeechMs: durationMs.default(96),
    /** Silence must last 96 ms (3 frames) before a speech segment ends: the gap inside a plosive is shorter. */
    minSilenceMs: durationMs.default(96),
  })
  .superRefine((vad, context) => {
    if (vad.offsetProbability > vad.onsetProbability) {
      context.addIssue({ code: 'custom', path: ['offsetProbability'], message: `must be ≤ onsetProbability (${vad.onsetProbability})` });
    }
  });

const TurnTakingConfigSchema = z.strictObject({
  /**
   * Silence after the user's last speech before the assistant takes the turn. 700 ms sits among
   * today's voice stacks (LiveKit Agents' endpointing minDelay 500 ms, pipecat's VAD stop_secs 0.8 s):
   * long enough to hold most mid-sentence pauses, which is exactly the weakness the native model addresses.
   */
  silenceTimeoutMs: durationMs.default(700),
  /** A user turn shorter than this (first speech to last speech) is a cough or a click, not worth an answer; "yes" is ~300 ms. */
  minUserTurnMs: durationMs.default(200),
});

const BargeInConfigSchema = z.strictObject({
  /**
   * The user must speak this long over the assistant before it yields, so a user's "mm-hmm" or a
   * cough does not cut the reply (LiveKit Agents' interruption minDuration is also 500 ms).
   */
  minUserSpeechMs: durationMs.default(500),
});

/**
 * Backchannel rules. The harness cannot know whether a pause is the last one, so in a long turn it may
 * say "mm-hmm" in the final pause and reply right after; hearing the end of a turn is the native model's job.
 */
const BackchannelConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Only once the user has held the floor this long (turn start to now): short turns get a reply, not an "mm-hmm". */
  minUserFloorMs: durationMs.default(3000),
  /**
   * Only in a pause at least this long (and shorter than silenceTimeoutMs): the end of a phrase, not a
   * gap between words. 300 ms leaves a 400 ms window before the timeout, so every pause that reaches
   * the timeout is seen inside the window by at least one 200 ms micro-turn.
   */
  minPauseMs: durationMs.default(300),
  /** At most one per this interval: backchannels every pause sound mechanical. */
  minIntervalMs: durationMs.default(5000),
  /** What the assistant says. */
  text: text.default('mm-hmm'),
});

const ReplyConfigSchema = z.strictObject({
  /** What the assistant says when it takes the turn after a spoken turn with no recognized words (nothing to delegate: without ASR the harness only knows that the user spoke). */
  text: text.default('I hear you. Tell me more about that.'),
});

/**
 * How background results are woven in. Typed text (and a spoken turn with recognized words) is delegated
 * to the background model at once; the answer is spoken at the first micro-turn where neither the user nor
 * the assistant holds the floor (the user's turn ended: silence of turnTaking.silenceTimeoutMs).
 */
const BackgroundConfigSchema = z.strictObject({
  /** No answer this long after delegating: say the filler, so the user knows the question was heard (700 ms: about the silence timeout, the gap a person starts to notice). */
  fillerAfterMs: durationMs.default(700),
  fillerText: text.default('Let me look.'),
  /** An answer that finds no pause within this long is dropped: by then it would interrupt a different conversation. */
  maxDeliverWaitMs: durationMs.default(20_000),
  /** An answer to a question the user has since moved on from (they asked something else): `prefix` says it with stalePrefix, `drop` never says it. */
  staleResults: z.enum(['prefix', 'drop']).default('prefix'),
  stalePrefix: text.default('About your earlier question:'),
  /** Said instead of an answer when no background model is configured (failed with code no_provider). */
  noProviderText: text.default('I have no language model set up; add one in settings.'),
  /** Said when the background model failed; `{error}` is replaced by the first sentence of its error. */
  failedText: text.default('Sorry, I could not get an answer: {error}'),
  /** Said when the model finished without any text. */
  emptyAnswerText: text.default('I found nothing to say about that.'),
  /** Typed text or recognized words that are one of these (case and punctuation ignored) cancel every unanswered task. */
  cancelPhrases: z.array(text).default(['cancel that', 'cancel', 'never mind', 'nevermind', 'forget it', 'forget about it', 'stop that']),
  /** Said after a cancellation that stopped at least one task. */
  cancelledText: text.default('Okay, dropped it.'),
});

const TimerDueConfigSchema = z.strictObject({
  /**
   * A timer_due event is answered with `interject` at the first micro-turn where neither the user
   * nor the assistant holds the floor. This text is used when the event has no label…
   */
  text: text.default('Your timer is up.'),
  /** …and this one, with `{label}` replaced by the payload's `label`, when it has one (a timer the harness set itself says its request's own `say`). */
  labelledText: text.default('Reminder: {label}.'),
  /**
   * While the user's turn is open, a due timer goes into a pause at least this long after their speech:
   * shorter than turnTaking.silenceTimeoutMs (the user asked for that time, so it need not wait for the turn
   * to end) and as long as backchannel.minPauseMs (the end of a phrase, not a gap between words).
   */
  pauseMs: durationMs.default(300),
  /** A due timer is said at the latest this long after its due moment, even over the user (the issue's "at most 2 s late"). */
  maxLateMs: durationMs.default(2000),
  /**
   * A timer falling due while the assistant says something else (a reply, a filler, a backchannel) cuts it:
   * the user asked for that moment; the cut reply is not repeated. Another timer's sentence is never cut.
   */
  interruptOwnSpeech: z.boolean().default(true),
  /** Said when a timed request is understood; `{when}` becomes "in 20 seconds" or "every 30 seconds until you say stop". */
  ackText: text.default('Okay, {when}.'),
  /** Said instead when ackText would contain a word of what is to be said at the due time (it must not be said early). */
  ackFallbackText: text.default('Okay.'),
  /** Said when the user stops the repeating timers ("stop", "that's enough"). */
  stoppedText: text.default('Okay, I stopped.'),
  /** Said when the user cancels their timers ("cancel the reminder"). */
  cancelledText: text.default('Okay, I cancelled your reminders.'),
});

const WatchConfigSchema = z.strictObject({
  /** Said when a watch is set; never the watch's own words (those would sound like it already happened). */
  ackText: text.default("Okay, I'll keep an eye on it."),
  /** Said when the user stops the watches ("stop watching"). */
  stoppedText: text.default('Okay, I stopped watching.'),
});

export const HarnessConfigSchema = z
  .strictObject({
    /** Free text for people reading the JSON file. */
    $comment: z.string().optional(),
    // prefault (not default): an absent section is parsed from {}, so its fields get their defaults.
    vad: VadConfigSchema.prefault({}),
    turnTaking: TurnTakingConfigSchema.prefault({}),
    bargeIn: BargeInConfigSchema.prefault({}),
    backchannel: BackchannelConfigSchema.prefault({}),
    reply: ReplyConfigSchema.prefault({}),
    background: BackgroundConfigSchema.prefault({}),
    timerDue: TimerDueConfigSchema.prefault({}),
    watch: WatchConfigSchema.prefault({}),
  })
  .superRefine((config, context) => {
    if (config.timerDue.pauseMs > config.turnTaking.silenceTimeoutMs) {
      context.addIssue({
        code: 'custom',
        path: ['timerDue', 'pauseMs'],
        message: `must be ≤ turnTaking.silenceTimeoutMs (${config.turnTaking.silenceTimeoutMs}); a pause that long already ends the user's turn`,
      });
    }
    if (config.backchannel.minPauseMs >= config.turnTaking.silenceTimeoutMs) {
      context.addIssue({
        code: 'custom',
        path: ['backchannel', 'minPauseMs'],
        message: `must be < turnTaking.silenceTimeoutMs (${config.turnTaking.silenceTimeoutMs}); a pause that long already ends the user's turn`,
      });
    }
  });

export type HarnessConfig = z.output<typeof HarnessConfigSchema>;
/** A config as written: every field optional. */
export type HarnessConfigInput = z.input<typeof HarnessConfigSchema>;

/** Validates a config object; `source` names where it came from in errors (a file path, "--im-config"). */
export function parseHarnessConfig(raw: unknown, source = 'harness config'): HarnessConfig {
  const result = HarnessConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [])];
  const field = path.length > 0 ? path.join('.') : '(root)';
  throw new TandemError(
    'CONFIG_INVALID',
    `Invalid harness config field ${field}: ${issue.message}`,
    `${source}: ${field}`,
    'Fix or remove the field; resources/models/harness.config.json lists every field with its default.',
  );
}

/** Every parameter at its documented default. */
export const HARNESS_CONFIG_DEFAULTS: HarnessConfig = parseHarnessConfig({});

/** The config shipped with the app. Packaged builds pass their own path (it sits under resources/). */
export function defaultHarnessConfigPath(): string {
  return resourcePath('models', 'harness.config.json');
}

/** Reads and validates a config file; a relative vad.modelPath is taken relative to the file. */
export async function loadHarnessConfig(path = defaultHarnessConfigPath()): Promise<HarnessConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new TandemError('CONFIG_INVALID', 'Could not read the harness config as JSON', path, 'Check that the file exists and is valid JSON.', {
      cause: error,
    });
  }
  const config = parseHarnessConfig(raw, path);
  const modelPath = config.vad.modelPath;
  if (modelPath !== null && !isAbsolute(modelPath)) config.vad.modelPath = resolve(dirname(path), modelPath);
  return config;
}
