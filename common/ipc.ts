// The IPC contract between Electron main, the preload and the renderer: channel names, payload schemas, inferred types.

import { z } from 'zod';
import { TimelineEventSchema, type TimelineEvent } from './timeline';
import { WatchSpecSchema } from './perception';

// Every schema is strict: a payload with an unexpected key is rejected rather than passed through,
// because whatever crosses the boundary unchecked becomes something main has to trust.

/** What the app reports about itself. */
export const AppInfoSchema = z.strictObject({
  /** The app's version as in package.json. */
  version: z.string().min(1),
  /** The operating system as Node names it (`linux`, `darwin`, `win32`, …). */
  platform: z.string().min(1),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SESSION_STATES = ['idle', 'running', 'paused', 'stopped'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Where the micro-turn session is: its lifecycle state and the micro-turn it reached. */
export const SessionStatusSchema = z.strictObject({
  state: z.enum(SESSION_STATES),
  turn: z.number().int().nonnegative(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/**
 * Main's note that a session continues one that died with the engine process: recorded in the new
 * session_started payload (as `continuesAfterEngineCrash`) so the timeline says why it began.
 */
export const EngineCrashMarkerSchema = z.strictObject({
  /** Folder of the session that was running when the engine died, when main knew it. */
  previousSessionFolder: z.string().max(4_096).nullable(),
  /** The engine process's exit code. */
  exitCode: z.number().int(),
});
export type EngineCrashMarker = z.infer<typeof EngineCrashMarkerSchema>;

/** Which interaction model a live session runs (`harness` today). */
// ---- background model settings (the providers main/background can run; the `background` section of the settings) ----

const providerId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');

/** An OpenAI-compatible endpoint (Ollama, LM Studio, vLLM, OpenAI). Only a non-loopback baseURL sends anything off the machine. */
export const OpenAiProviderSettingsSchema = z.strictObject({
  id: providerId,
  kind: z.literal('openai'),
  baseURL: z.url({ protocol: /^https?$/ }),
  /** Local servers ignore it. Stored in the settings file (mode 0600). */
  apiKey: z.string().max(1024).optional(),
  model: z.string().min(1).max(256),
  /** The whole answer (every tool round) must finish within this. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** No byte from the server for this long counts as a stalled server. */
  idleTimeoutMs: z.number().int().min(200).max(600_000).default(20_000),
  maxTokens: z.number().int().min(1).max(32_768).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

/** A local GGUF model run by node-llama-cpp: nothing leaves the machine. */
export const GgufProviderSettingsSchema = z.strictObject({
  id: providerId,
  kind: z.literal('gguf'),
  /** Absolute path of the .gguf file (the model catalog puts them in the data folder). */
  modelPath: z.string().min(1).max(4096),
  contextSize: z.number().int().min(64).max(131_072).default(4096),
  maxTokens: z.number().int().min(1).max(32_768).default(512),
  /** `auto`: CUDA, Vulkan or Metal when node-llama-cpp finds one; `cpu`: never a GPU. */
  gpu: z.enum(['auto', 'cpu']).default('auto'),
  /** CPU threads for inference; 0: node-llama-cpp decides. On a busy machine spinning threads cost more than they give: 1–2 can be much faster. */
  threads: z.number().int().min(0).max(256).default(0),
  timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
});

export const BackgroundProviderSettingsSchema = z.discriminatedUnion('kind', [OpenAiProviderSettingsSchema, GgufProviderSettingsSchema]);
export type BackgroundProviderSettings = z.infer<typeof BackgroundProviderSettingsSchema>;

/** The providers the user configured and which one is active (null: none; the assistant then says it has no language model). */
export const BackgroundSettingsSchema = z
  .strictObject({
    active: providerId.nullable().default(null),
    providers: z.array(BackgroundProviderSettingsSchema).max(32).default([]),
    /** Characters of conversation the context package keeps in full (~4 per token); older parts are summarized. */
    contextChars: z.number().int().min(500).max(500_000).default(12_000),
  })
  .superRefine((value, context) => {
    const ids = value.providers.map((p) => p.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: ['providers', index, 'id'], message: `duplicate provider id "${id}"` });
    });
    if (value.active !== null && !ids.includes(value.active)) {
      context.addIssue({ code: 'custom', path: ['active'], message: `names no configured provider (have: ${ids.join(', ') || 'none'})` });
    }
  });
export type BackgroundSettings = z.infer<typeof BackgroundSettingsSchema>;
/** The assistant's voice: a name as `tandem run --voice` takes it (espeak, espeak:en-us+f3, piper:MODEL, placeholder) and espeak-ng's rate and pitch. */
export const VoiceSettingsSchema = z.strictObject({
  name: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.+:-]+$/, 'letters, digits and _ . + : - only').default('espeak'),
  /** Words per minute (espeak-ng voices). */
  rate: z.number().int().min(80).max(450).default(175),
  /** 0–99, 50 is espeak-ng's default (espeak-ng voices). */
  pitch: z.number().int().min(0).max(99).default(50),
});
export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;

export const StartSessionSchema = z.strictObject({
  im: z.string().min(1).max(64).optional(),
  /** Where onnxruntime should run the model; absent: the settings' choice (main or serve mode fills it in). */
  executionProvider: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml']).optional(),
  /** Set by Electron main when it restarts the session after the engine process died. */
  afterEngineCrash: EngineCrashMarkerSchema.optional(),
  /** The background model's providers; absent: the settings' section (main or serve mode fills it in). */
  background: BackgroundSettingsSchema.optional(),
  /** The voice; absent: the settings' choice (serve mode fills it in), else the embedded espeak-ng voice. */
  voice: VoiceSettingsSchema.optional(),
});

/** A renderer that (re)connects asks for what it missed: events from `sinceSeq` on that are still in memory. */
export const SyncRequestSchema = z.strictObject({ sinceSeq: z.number().int().nonnegative() });
export const SyncResponseSchema = z.strictObject({
  status: SessionStatusSchema,
  events: z.array(TimelineEventSchema).max(20_000),
  /** True when events between sinceSeq and the first returned one were folded out of memory. */
  truncated: z.boolean(),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

export const SendTextSchema = z.strictObject({ text: z.string().min(1).max(2_000) });
export const AcceptedSchema = z.strictObject({ accepted: z.literal(true) });

export const INPUT_SOURCES = ['mic', 'camera', 'screen'] as const;
/** A capture device came or went (unplugged, permission revoked, the user turned it off). */
export const SourcePresenceSchema = z.strictObject({ source: z.enum(INPUT_SOURCES), present: z.boolean() });

/** The heartbeat of one micro-turn: how late it fired and what it cost. */
export const TickMeasureSchema = z.strictObject({
  turn: z.number().int().nonnegative(),
  latenessMs: z.number(),
  stepMs: z.number().nonnegative(),
  overheadMs: z.number(),
});
export type TickMeasure = z.infer<typeof TickMeasureSchema>;

// ---- reminders (the engine's timers) ----

/** A pending timer as the engine holds it; times are media time (they stand still while the session is paused). */
export const PendingTimerSchema = z.strictObject({
  id: z.string().min(1),
  dueAtMs: z.number().nonnegative(),
  /** dueAtMs minus the media time now; ≤ 0 when it falls due in the chunk being collected. */
  dueInMs: z.number(),
  text: z.string(),
  repeatEveryMs: z.number().positive().optional(),
});
export type PendingTimer = z.infer<typeof PendingTimerSchema>;
export const TimersListSchema = z.strictObject({ timers: z.array(PendingTimerSchema).max(1_000) });
/** A reminder in `inMs` (at most a day); it repeats every repeatEveryMs (at least a second) when given. */
export const AddTimerSchema = z.strictObject({
  inMs: z.number().int().min(0).max(86_400_000),
  text: z.string().trim().min(1).max(500),
  repeatEveryMs: z.number().int().min(1_000).max(86_400_000).optional(),
});
export const CancelTimerSchema = z.strictObject({ id: z.string().min(1).max(64) });
/** `cancelled` is false when no pending timer had that id (it already fell due, or was cancelled). */
export const CancelTimerResponseSchema = z.strictObject({ cancelled: z.boolean() });

// ---- visual watches ("tell me when the build turns red"), held by the engine like timers ----

/** A watch in force. */
export const WatchSchema = WatchSpecSchema.safeExtend({
  id: z.string().min(1).max(64),
  addedAtMs: z.number().nonnegative(),
  fired: z.number().int().nonnegative(),
});
export const WatchesListSchema = z.strictObject({ watches: z.array(WatchSchema).max(1_000) });
export const AddWatchSchema = WatchSpecSchema;
export const CancelWatchSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const CancelWatchResponseSchema = z.strictObject({ cancelled: z.boolean() });

/** The assistant yielded: playback must drop what it buffered, now. */
export const PlaybackFlushSchema = z.strictObject({ turn: z.number().int().nonnegative() });

// ---- settings (persisted by main/live/settingsStore.ts; main owns them in Electron, serve mode in Node) ----

/** Where onnxruntime runs the interaction model: `auto` tries the fastest the platform can have, CPU last. */
export const EXECUTION_PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type ExecutionProviderChoice = (typeof EXECUTION_PROVIDER_CHOICES)[number];

/** A device id as Chromium's enumerateDevices reports it (opaque, bounded). */

// ---- tools (main/background/tools: the registry, its permission table and the desktop tools the renderer runs) ----

/** auto: runs without asking; ask: the user confirms each call in a prompt; deny: never runs. */
export const TOOL_PERMISSION_CLASSES = ['auto', 'ask', 'deny'] as const;
export type ToolPermissionClass = (typeof TOOL_PERMISSION_CLASSES)[number];
export const ToolNameSchema = z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _');
/** Where web_search sends queries: a SearXNG instance (JSON API), or Brave's or Tavily's search API; `none` until the user configures one. */
export const WEB_SEARCH_PROVIDERS = ['none', 'searxng', 'brave', 'tavily'] as const;
export const ToolOptionsSchema = z.strictObject({
  webSearch: z.strictObject({
    provider: z.enum(WEB_SEARCH_PROVIDERS),
    /** The endpoint URL (http or https), e.g. https://searx.example/search or https://api.search.brave.com/res/v1/web/search. */
    endpoint: z.string().max(2_000).nullable(),
    apiKey: z.string().max(500).nullable(),
  }),
  /** The folder the user chose for find_files (absolute); null: find_files says no folder was chosen. */
  filesFolder: z.string().max(4_096).nullable(),
});
export type ToolOptions = z.infer<typeof ToolOptionsSchema>;
/** What a tool gives back to the model: content, or an error the model reads (a tool never throws at it). */
export const ToolResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), content: z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]) }),
  z.strictObject({ ok: z.literal(false), error: z.string().max(10_000) }),
]);
export type ToolResult = z.infer<typeof ToolResultSchema>;
const ToolCallIdSchema = z.string().min(1).max(64);
/** engine → renderer: run desktop tool `tool` with `args` (already validated and permitted) and answer with tool:result. */
export const ToolRequestSchema = z.strictObject({ callId: ToolCallIdSchema, tool: ToolNameSchema, args: z.record(z.string(), z.unknown()) });
export type ToolRequest = z.infer<typeof ToolRequestSchema>;
/** engine → renderer: ask the user whether `tool` may run with `args`; `why` says why it asks. Answered with tool:decide. */
export const ToolAskSchema = z.strictObject({
  callId: ToolCallIdSchema,
  tool: ToolNameSchema,
  description: z.string().max(1_000),
  args: z.record(z.string(), z.unknown()),
  why: z.string().max(1_000),
  /** The request came from screen or camera content: "remember" is not offered, since the rule asks every time. */
  fromVisualContent: z.boolean(),
});
export type ToolAsk = z.infer<typeof ToolAskSchema>;
/** engine → renderer: the tool:ask prompt `callId` is settled (decided, timed out, or answered in another window): close it. */
export const ToolAskSettledSchema = z.strictObject({ callId: ToolCallIdSchema });
export const ToolResultRequestSchema = z.strictObject({ callId: ToolCallIdSchema, result: ToolResultSchema });
/** The user's answer to a prompt; `tool` names the tool the prompt was for (main saves a remembered class under it). */
export const ToolDecideSchema = z.strictObject({ callId: ToolCallIdSchema, tool: ToolNameSchema, allow: z.boolean(), remember: z.boolean().optional() });
/** A tool as the settings page lists it. */
export const ToolInfoSchema = z.strictObject({
  name: ToolNameSchema,
  description: z.string().max(1_000),
  defaultClass: z.enum(TOOL_PERMISSION_CLASSES),
  /** Why the default is what it is (from the permission table). */
  why: z.string().max(1_000),
  sideEffect: z.boolean(),
  /** Runs in the renderer (clipboard, notifications, cards, opening links). */
  desktop: z.boolean(),
});
export type ToolInfo = z.infer<typeof ToolInfoSchema>;
export const ToolsListSchema = z.strictObject({ tools: z.array(ToolInfoSchema).max(200) });
/** Electron only: main opens an http(s) link in the user's browser (open_url's desktop step, after the engine's permission check). */
export const OpenUrlSchema = z.strictObject({ url: z.string().url().max(2_000) });

/** Everything the user can set. Every field has a default, so a missing or broken settings file still gives a whole value. */
export const SettingsSchema = z.strictObject({
  /** Interaction model session:start uses when the request names none. */
  interactionModel: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -').default('harness'),
  executionProvider: z.enum(EXECUTION_PROVIDER_CHOICES).default('auto'),
  /** The user's toggles: main denies a capture whose toggle is off, whatever the page asks. */
  permissions: z
    .strictObject({ microphone: z.boolean().default(true), camera: z.boolean().default(true), screen: z.boolean().default(true) })
    .default({ microphone: true, camera: true, screen: true }),
  /** Whether the always-on-top HUD window is shown. */
  showHud: z.boolean().default(true),
  /** The background model's providers. */
  background: BackgroundSettingsSchema.prefault({}),
  /** The user's permission class per tool (overrides main/background/tools/toolPermissions.ts); a tool not named keeps its default. */
  tools: z.record(ToolNameSchema, z.enum(TOOL_PERMISSION_CLASSES)).default({}),
  /** What the tools need to know: the web search endpoint and the one folder find_files may search. */
  toolOptions: ToolOptionsSchema.default({ webSearch: { provider: 'none', endpoint: null, apiKey: null }, filesFolder: null }),
  /** The assistant's voice for new sessions. */
  voice: VoiceSettingsSchema.default({ name: 'espeak', rate: 175, pitch: 50 }),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type PermissionToggles = Settings['permissions'];

/** settings:set takes a partial update: top-level fields replace, `permissions` merges key by key. */
export const SettingsPatchSchema = z.strictObject({
  interactionModel: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -').optional(),
  executionProvider: z.enum(EXECUTION_PROVIDER_CHOICES).optional(),
  permissions: z.strictObject({ microphone: z.boolean().optional(), camera: z.boolean().optional(), screen: z.boolean().optional() }).optional(),
  showHud: z.boolean().optional(),
  /** Replaces the whole background section (the UI edits the provider list as one value). */
  background: BackgroundSettingsSchema.optional(),
  /** Merged tool by tool, like permissions. */
  tools: z.record(ToolNameSchema, z.enum(TOOL_PERMISSION_CLASSES)).optional(),
  /** Replaces the tool options whole. */
  toolOptions: ToolOptionsSchema.optional(),
  voice: VoiceSettingsSchema.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---- session history (main/live/sessionHistory.ts reads the session folders) ----

/** A session's id is its folder name under the sessions folder: no separators, no dots first, so it can never leave it. */
export const SessionIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a session folder name (letters, digits, - and _)');

export const HistoryListRequestSchema = z.strictObject({ limit: z.number().int().min(1).max(500).optional() });
export const HistoryIdRequestSchema = z.strictObject({ id: SessionIdSchema });
export const HistoryOpenRequestSchema = z.strictObject({
  id: SessionIdSchema,
  sinceSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(5_000),
});

/** One recorded session as the history list shows it. */
export const HistoryEntrySchema = z.strictObject({
  id: SessionIdSchema,
  /** ISO time the session started (from session_started, else the folder's time). */
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  turns: z.number().int().nonnegative(),
  interactionModel: z.string().nullable(),
  /** session_stopped is in the log; false means the log was cut short (a crash): "ended abruptly". */
  endedCleanly: z.boolean(),
  userTurns: z.number().int().nonnegative(),
  assistantUtterances: z.number().int().nonnegative(),
  interruptions: z.number().int().nonnegative(),
  /** Lines of timeline.jsonl that could not be read (skipped). */
  corruptLines: z.number().int().nonnegative(),
  /** The session is the one running now (it cannot be deleted). */
  live: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export const HistoryListSchema = z.strictObject({ sessions: z.array(HistoryEntrySchema).max(500) });

export const HistoryOpenSchema = z.strictObject({
  entry: HistoryEntrySchema,
  events: z.array(TimelineEventSchema).max(5_000),
  /** The seq to ask for next, or null when the log has no more events. */
  nextSeq: z.number().int().nonnegative().nullable(),
});
export type HistoryOpen = z.infer<typeof HistoryOpenSchema>;

/** A slice of a recorded session's audio: the mic (mic.wav) or the assistant (output.wav), both on media time. */
export const HistoryAudioRequestSchema = z.strictObject({
  id: SessionIdSchema,
  track: z.enum(['mic', 'output']),
  fromMs: z.number().int().nonnegative(),
  /** At most 2 s per answer, so one message stays small. */
  durationMs: z.number().int().min(1).max(2_000),
});
export const HistoryAudioSchema = z.strictObject({
  track: z.enum(['mic', 'output']),
  fromMs: z.number().int().nonnegative(),
  sampleRateHz: z.literal(16_000),
  /** 16-bit PCM as recorded; fewer than asked (or none) past the end of the file. */
  samples: z.array(z.number().int().min(-32_768).max(32_767)).max(32_000),
});
export type HistoryAudio = z.infer<typeof HistoryAudioSchema>;

/** Whether re-running the engine on a session's recorded inputs gives the same decisions. */
export const HistoryVerifySchema = z.strictObject({
  verdict: z.enum(['identical', 'diverged', 'cannot-verify']),
  comparedEvents: z.number().int().nonnegative(),
  message: z.string(),
});
export type HistoryVerify = z.infer<typeof HistoryVerifySchema>;

/**
 * Request/response channels: the renderer invokes, main answers.
 * `request` is the single argument the renderer passes (`z.undefined()` when it passes none).
 */
// ---- the model catalog in the app (models:*): what `tandem models` does, with progress for a settings page ----

/** What a catalog model is for (resources/catalog.json); main/models/catalog uses the same list. */
export const MODEL_ROLES = ['asr', 'tts', 'llm', 'interaction', 'vad'] as const;
const ModelNameSchema = z.string().min(1).max(128).regex(/^[a-z0-9][a-z0-9._-]*$/, 'a catalog model name (lowercase letters, digits, . _ -)');

/** One catalog model as the settings page shows it. */
export const ModelEntrySchema = z.strictObject({
  name: ModelNameSchema,
  role: z.enum(MODEL_ROLES),
  description: z.string().max(2_000),
  licence: z.string().max(200),
  /** The catalog's default for its role. */
  isDefault: z.boolean(),
  /** Sum of the files' sizes; a lower bound when totalBytesKnown is false. */
  totalBytes: z.number().int().nonnegative(),
  totalBytesKnown: z.boolean(),
  /** Bytes on disk now (complete files and resumable partial downloads). */
  installedBytes: z.number().int().nonnegative(),
  /** installed: every file present and verified; partial: a download was interrupted (it resumes); absent: nothing. */
  state: z.enum(['installed', 'partial', 'absent']),
  /** A download of it is running now. */
  pulling: z.boolean(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export const ModelsListSchema = z.strictObject({ models: z.array(ModelEntrySchema).max(500), modelsDir: z.string().max(4_096) });
export type ModelsList = z.infer<typeof ModelsListSchema>;
export const ModelNameRequestSchema = z.strictObject({ name: ModelNameSchema });

/** A download's progress; `done`, `failed` and `cancelled` end it (a cancelled or failed one resumes on the next pull). */
export const ModelProgressSchema = z.strictObject({
  name: ModelNameSchema,
  phase: z.enum(['checking', 'downloading', 'verifying', 'done', 'failed', 'cancelled']),
  /** The file being worked on, relative to the model's folder. */
  file: z.string().max(1_024).nullable(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  rateBytesPerS: z.number().nonnegative(),
  /** Why it failed, with what to do (phase failed only). */
  error: z.string().max(4_000).optional(),
});
export type ModelProgress = z.infer<typeof ModelProgressSchema>;

export const IPC_INVOKE_CHANNELS = {
  'app:getInfo': { request: z.undefined(), response: AppInfoSchema },
  'session:start': { request: StartSessionSchema, response: SessionStatusSchema },
  'session:pause': { request: z.undefined(), response: SessionStatusSchema },
  'session:resume': { request: z.undefined(), response: SessionStatusSchema },
  'session:stop': { request: z.undefined(), response: SessionStatusSchema },
  'session:sync': { request: SyncRequestSchema, response: SyncResponseSchema },
  'text:send': { request: SendTextSchema, response: AcceptedSchema },
  'source:setPresent': { request: SourcePresenceSchema, response: AcceptedSchema },
  'timers:list': { request: z.undefined(), response: TimersListSchema },
  'timers:add': { request: AddTimerSchema, response: PendingTimerSchema },
  'timers:cancel': { request: CancelTimerSchema, response: CancelTimerResponseSchema },
  'watches:list': { request: z.undefined(), response: WatchesListSchema },
  'watches:add': { request: AddWatchSchema, response: WatchSchema },
  'watches:cancel': { request: CancelWatchSchema, response: CancelWatchResponseSchema },
  'settings:get': { request: z.undefined(), response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema },
  'history:list': { request: HistoryListRequestSchema, response: HistoryListSchema },
  'history:open': { request: HistoryOpenRequestSchema, response: HistoryOpenSchema },
  'history:delete': { request: HistoryIdRequestSchema, response: AcceptedSchema },
  'history:verify': { request: HistoryIdRequestSchema, response: HistoryVerifySchema },
  'history:audio': { request: HistoryAudioRequestSchema, response: HistoryAudioSchema },
  'tools:list': { request: z.undefined(), response: ToolsListSchema },
  'tool:result': { request: ToolResultRequestSchema, response: AcceptedSchema },
  'tool:decide': { request: ToolDecideSchema, response: AcceptedSchema },
  'url:open': { request: OpenUrlSchema, response: AcceptedSchema },
  'models:list': { request: z.undefined(), response: ModelsListSchema },
  'models:pull': { request: ModelNameRequestSchema, response: AcceptedSchema },
  'models:cancel': { request: ModelNameRequestSchema, response: AcceptedSchema },
  'models:remove': { request: ModelNameRequestSchema, response: AcceptedSchema },
} as const;

/** Event channels: main sends, the renderer subscribes. */
export const IPC_EVENT_CHANNELS = {
  'session:status': SessionStatusSchema,
  'timeline:event': TimelineEventSchema,
  'tick:measure': TickMeasureSchema,
  'playback:flush': PlaybackFlushSchema,
  'settings:changed': SettingsSchema,
  'tool:request': ToolRequestSchema,
  'tool:ask': ToolAskSchema,
  'tool:askSettled': ToolAskSettledSchema,
  'models:progress': ModelProgressSchema,
} as const;

export type IpcInvokeChannel = keyof typeof IPC_INVOKE_CHANNELS;
export type IpcEventChannel = keyof typeof IPC_EVENT_CHANNELS;
export type IpcChannel = IpcInvokeChannel | IpcEventChannel;

export type IpcRequest<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE_CHANNELS)[C]['request']>;
export type IpcResponse<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE_CHANNELS)[C]['response']>;
export type IpcEvent<C extends IpcEventChannel> = z.infer<(typeof IPC_EVENT_CHANNELS)[C]>;
/** What travels on a channel from its sender: the request for invoke channels, the event for event channels. */
export type IpcPayload<C extends IpcChannel> = C extends IpcInvokeChannel
  ? IpcRequest<C>
  : C extends IpcEventChannel
    ? IpcEvent<C>
    : never;

export function isIpcInvokeChannel(channel: string): channel is IpcInvokeChannel {
  return Object.hasOwn(IPC_INVOKE_CHANNELS, channel);
}

export function isIpcEventChannel(channel: string): channel is IpcEventChannel {
  return Object.hasOwn(IPC_EVENT_CHANNELS, channel);
}

export type IpcValidation<T> = { ok: true; value: T } | { ok: false; channel: string; reason: string };

/**
 * Checks what a sender put on a channel: the request of an invoke channel or the event of an event channel.
 * Never throws; an unknown channel is a failed validation, not an exception.
 */
export function validateIpcPayload<C extends IpcChannel>(channel: C, payload: unknown): IpcValidation<IpcPayload<C>>;
export function validateIpcPayload(channel: string, payload: unknown): IpcValidation<unknown>;
export function validateIpcPayload(channel: string, payload: unknown): IpcValidation<unknown> {
  if (isIpcInvokeChannel(channel)) {
    return toValidation(channel, IPC_INVOKE_CHANNELS[channel].request.safeParse(payload));
  }
  if (isIpcEventChannel(channel)) {
    return toValidation(channel, IPC_EVENT_CHANNELS[channel].safeParse(payload));
  }
  return { ok: false, channel, reason: `unknown IPC channel; the known ones are listed in common/ipc.ts` };
}

/** Checks what main answers on an invoke channel, so a bug in main cannot hand the renderer a malformed value. */
export function validateIpcResponse<C extends IpcInvokeChannel>(channel: C, response: unknown): IpcValidation<IpcResponse<C>>;
export function validateIpcResponse(channel: string, response: unknown): IpcValidation<unknown>;
export function validateIpcResponse(channel: string, response: unknown): IpcValidation<unknown> {
  if (!isIpcInvokeChannel(channel)) {
    return { ok: false, channel, reason: `not an invoke channel; the known ones are listed in common/ipc.ts` };
  }
  return toValidation(channel, IPC_INVOKE_CHANNELS[channel].response.safeParse(response));
}

function toValidation(channel: string, result: z.ZodSafeParseResult<unknown>): IpcValidation<unknown> {
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, channel, reason: z.prettifyError(result.error) };
}

/**
 * What the preload exposes as `window.tandem`: one function per message, subscriptions return their
 * unsubscribe. Serve mode's WebSocket bridge implements the same interface, so the renderer cannot tell
 * the transports apart.
 */
export interface TandemBridge {
  getInfo(): Promise<AppInfo>;
  startSession(request: z.infer<typeof StartSessionSchema>): Promise<SessionStatus>;
  pauseSession(): Promise<SessionStatus>;
  resumeSession(): Promise<SessionStatus>;
  stopSession(): Promise<SessionStatus>;
  sync(request: z.infer<typeof SyncRequestSchema>): Promise<SyncResponse>;
  sendText(request: z.infer<typeof SendTextSchema>): Promise<{ accepted: true }>;
  setSourcePresent(request: z.infer<typeof SourcePresenceSchema>): Promise<{ accepted: true }>;
  listTimers(): Promise<z.infer<typeof TimersListSchema>>;
  addTimer(request: z.infer<typeof AddTimerSchema>): Promise<PendingTimer>;
  cancelTimer(request: z.infer<typeof CancelTimerSchema>): Promise<z.infer<typeof CancelTimerResponseSchema>>;
  listWatches(): Promise<z.infer<typeof WatchesListSchema>>;
  addWatch(request: z.infer<typeof AddWatchSchema>): Promise<z.infer<typeof WatchSchema>>;
  cancelWatch(request: z.infer<typeof CancelWatchSchema>): Promise<z.infer<typeof CancelWatchResponseSchema>>;
  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  listHistory(request: z.infer<typeof HistoryListRequestSchema>): Promise<z.infer<typeof HistoryListSchema>>;
  openHistory(request: z.infer<typeof HistoryOpenRequestSchema>): Promise<HistoryOpen>;
  deleteHistory(request: z.infer<typeof HistoryIdRequestSchema>): Promise<{ accepted: true }>;
  verifyHistory(request: z.infer<typeof HistoryIdRequestSchema>): Promise<HistoryVerify>;
  historyAudio(request: z.infer<typeof HistoryAudioRequestSchema>): Promise<HistoryAudio>;
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
  /** The model catalog: list, download with progress (resumable), cancel, remove. */
  listModels(): Promise<ModelsList>;
  pullModel(request: z.infer<typeof ModelNameRequestSchema>): Promise<{ accepted: true }>;
  cancelModelPull(request: z.infer<typeof ModelNameRequestSchema>): Promise<{ accepted: true }>;
  removeModel(request: z.infer<typeof ModelNameRequestSchema>): Promise<{ accepted: true }>;
  onModelProgress(listener: (progress: ModelProgress) => void): () => void;
  /** Mic audio, 16 kHz mono, any frame length up to 1 s; fire and forget on the audio path. */
  sendMicAudio(samples: Float32Array): void;
  /** A camera or screen frame (RGB, each side ≤ MAX_VIDEO_FRAME_SIDE); fire and forget on the same path as mic audio. */
  sendVideoFrame(source: VideoSource, frame: VideoFramePixels): void;
  onSessionStatus(listener: (status: SessionStatus) => void): () => void;
  onTimelineEvent(listener: (event: TimelineEvent) => void): () => void;
  onTickMeasure(listener: (measure: TickMeasure) => void): () => void;
  onPlaybackFlush(listener: (flush: { turn: number }) => void): () => void;
  /** Output chunk k of the assistant's voice: 3 200 samples at 16 kHz to play next. */
  onAudioOutput(listener: (turn: number, samples: Float32Array) => void): () => void;
  listTools(): Promise<z.infer<typeof ToolsListSchema>>;
  /** The renderer's answer to a tool:request (a desktop tool it ran). */
  sendToolResult(request: z.infer<typeof ToolResultRequestSchema>): Promise<{ accepted: true }>;
  /** The user's answer to a tool:ask prompt. */
  decideTool(request: z.infer<typeof ToolDecideSchema>): Promise<{ accepted: true }>;
  /** Opens an http(s) link in the user's browser (Electron: main's shell.openExternal; serve mode: a new tab). */
  openUrl(request: z.infer<typeof OpenUrlSchema>): Promise<{ accepted: true }>;
  onToolRequest(listener: (request: ToolRequest) => void): () => void;
  onToolAsk(listener: (ask: ToolAsk) => void): () => void;
  onToolAskSettled(listener: (settled: { callId: string }) => void): () => void;
}

// ---- binary media frames (the hot path: a MessagePort in Electron, binary WebSocket messages in serve mode) ----

/**
 * Largest video frame on the hot path, per side. The renderer sends the camera at ≤ 320 px but the screen at
 * ≤ 1920 px on its long side, because OCR cannot read code at 320 px (a 1920×1080 frame is 6.2 MB of RGB; it is
 * sent at most twice a second and only when it changed).
 */
export const MAX_VIDEO_FRAME_SIDE = 1920;
/** The visual sources a video frame can come from. */
export const VIDEO_SOURCES = ['camera', 'screen'] as const;
export type VideoSource = (typeof VIDEO_SOURCES)[number];

/** The header of a binary frame: audio (Float32 PCM at 16 kHz follows) or video (tightly packed RGB follows). */
export const MediaFrameHeaderSchema = z.discriminatedUnion('kind', [
  /** Mic audio from the renderer; seq counts frames so a gap is visible. */
  z.strictObject({ kind: z.literal('mic'), seq: z.number().int().nonnegative(), samples: z.number().int().min(1).max(16_000) }),
  /** Output chunk `turn` of the assistant's voice. */
  z.strictObject({ kind: z.literal('out'), turn: z.number().int().nonnegative(), samples: z.number().int().min(1).max(16_000) }),
  /** A camera or screen frame from the renderer: width·height·3 RGB bytes follow (row-major, no padding); seq counts frames per source. */
  z.strictObject({
    kind: z.literal('video'),
    source: z.enum(VIDEO_SOURCES),
    seq: z.number().int().nonnegative(),
    width: z.number().int().min(1).max(MAX_VIDEO_FRAME_SIDE),
    height: z.number().int().min(1).max(MAX_VIDEO_FRAME_SIDE),
  }),
]);
export type MediaFrameHeader = z.infer<typeof MediaFrameHeaderSchema>;
export type AudioFrameHeader = Extract<MediaFrameHeader, { kind: 'mic' | 'out' }>;
export type VideoFrameHeader = Extract<MediaFrameHeader, { kind: 'video' }>;

/** What a video frame carries, as the renderer hands it to TandemBridge.sendVideoFrame. */
export interface VideoFramePixels {
  /** Tightly packed RGB, row-major: width·height·3 bytes. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Why a frame cannot be sent as a video frame (wrong type, size out of bounds, byte count not width·height·3), or null when it can. */
export function videoFrameProblem(frame: VideoFramePixels): string | null {
  if (!frame || !(frame.rgb instanceof Uint8Array)) return 'rgb must be a Uint8Array';
  const { width, height } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_VIDEO_FRAME_SIDE || height > MAX_VIDEO_FRAME_SIDE) {
    return `a frame is 1..${MAX_VIDEO_FRAME_SIDE} px per side, got ${String(width)}×${String(height)}`;
  }
  if (frame.rgb.length !== width * height * 3) return `${width}×${height} RGB needs ${width * height * 3} bytes, got ${frame.rgb.length}`;
  return null;
}

/**
 * Packs a frame as: u32 little-endian header length (padded to 4 bytes), the JSON header, the payload
 * (4-byte aligned, so the receiver reads Float32 samples or RGB bytes without copying).
 */
export function encodeMediaFrame(header: AudioFrameHeader, samples: Float32Array): ArrayBuffer;
export function encodeMediaFrame(header: VideoFrameHeader, rgb: Uint8Array): ArrayBuffer;
export function encodeMediaFrame(header: MediaFrameHeader, payload: Float32Array | Uint8Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const buffer = new ArrayBuffer(4 + headerBytes + payload.byteLength);
  new DataView(buffer).setUint32(0, headerBytes, true);
  const bytes = new Uint8Array(buffer);
  bytes.fill(0x20, 4, 4 + headerBytes); // spaces pad the JSON
  bytes.set(json, 4);
  bytes.set(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), 4 + headerBytes);
  return buffer;
}

/** A decoded frame; `kind` repeats the header's kind at the top so a check on it narrows the whole result. */
export type MediaFrameDecoding =
  | { ok: true; kind: 'mic'; header: Extract<MediaFrameHeader, { kind: 'mic' }>; samples: Float32Array }
  | { ok: true; kind: 'out'; header: Extract<MediaFrameHeader, { kind: 'out' }>; samples: Float32Array }
  | { ok: true; kind: 'video'; header: VideoFrameHeader; rgb: Uint8Array }
  | { ok: false; reason: string };

/** Unpacks and validates a binary frame of any kind; never throws. The payload is a view on `buffer`, not a copy. */
export function decodeMediaFrame(buffer: ArrayBuffer): MediaFrameDecoding {
  // Checked by tag, not instanceof: a buffer from another realm (a worker, a test environment) is still an ArrayBuffer.
  if (Object.prototype.toString.call(buffer) !== '[object ArrayBuffer]') return { ok: false, reason: 'frame is not an ArrayBuffer' };
  if (buffer.byteLength < 8) return { ok: false, reason: `frame of ${buffer.byteLength} bytes is shorter than a header` };
  const headerBytes = new DataView(buffer).getUint32(0, true);
  if (headerBytes % 4 !== 0 || 4 + headerBytes > buffer.byteLength || headerBytes > 1024) {
    return { ok: false, reason: `header length ${headerBytes} does not fit a ${buffer.byteLength}-byte frame` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerBytes)));
  } catch {
    return { ok: false, reason: 'frame header is not JSON' };
  }
  const header = MediaFrameHeaderSchema.safeParse(parsed);
  if (!header.success) return { ok: false, reason: z.prettifyError(header.error) };
  const payloadBytes = buffer.byteLength - 4 - headerBytes;
  if (header.data.kind === 'video') {
    const { width, height } = header.data;
    if (payloadBytes !== width * height * 3) {
      return { ok: false, reason: `header says ${width}×${height} RGB (${width * height * 3} bytes), payload holds ${payloadBytes} bytes` };
    }
    return { ok: true, kind: 'video', header: header.data, rgb: new Uint8Array(buffer, 4 + headerBytes, payloadBytes) };
  }
  if (payloadBytes !== header.data.samples * 4) {
    return { ok: false, reason: `header says ${header.data.samples} samples, payload holds ${payloadBytes / 4}` };
  }
  const samples = new Float32Array(buffer, 4 + headerBytes, header.data.samples);
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) return { ok: false, reason: `sample ${i} is not a finite number` };
  }
  return header.data.kind === 'mic'
    ? { ok: true, kind: 'mic', header: header.data, samples }
    : { ok: true, kind: 'out', header: header.data, samples };
}

// ---- serve mode: the same contract over a WebSocket (text messages are JSON; audio goes in binary frames) ----

/** What the renderer sends over the WebSocket: an invoke of an IPC_INVOKE_CHANNELS channel, numbered for its answer. */
export const WsClientMessageSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(64),
  payload: z.unknown().optional(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** What the engine sends back: the answer to invoke `id`, or an event of IPC_EVENT_CHANNELS. */
// A plain union: two members share type 'result' (ok and error), which a discriminated union rejects.
export const WsServerMessageSchema = z.union([
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative().nullable(), ok: z.literal(false), error: z.string() }),
  z.strictObject({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/** The query parameter that carries serve mode's random token (printed by `tandem serve`, put in the URL it opens). */
export const SERVE_TOKEN_PARAM = 'token';
/** Path of the bridge WebSocket on the serve-mode server. */
export const SERVE_BRIDGE_PATH = '/bridge';

/**
 * Electron only: main posts one MessagePort to each Tandem page on this channel after it loads; binary audio
 * frames (encodeMediaFrame: mic audio and video out, assistant audio in) travel over it both ways as transferred ArrayBuffers, never through invoke.
 */
export const AUDIO_PORT_CHANNEL = 'audio:port';
