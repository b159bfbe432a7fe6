// One background task: the context package as chat messages, streamed model turns, the tool-call loop, and the updates it reports.

import type { BackgroundUpdatePayload } from '../../common/timeline';
import { ProviderError, type ChatMessage, type ChatProvider, type ChatToolCall } from './chatProvider';
import type { ContextPackage } from './contextPackage';
import type { ToolHost } from './toolHost';

/** What the background model is told it is; the interaction model speaks its answer, so answers must be short and speakable. */
export const BACKGROUND_SYSTEM_PROMPT =
  'You are the background model of Tandem, a desktop voice assistant. The assistant speaks your answer aloud, ' +
  'so answer in one to three short plain sentences, no markdown. Use the tools when they help. ' +
  'The conversation so far is below; answer the user\'s latest request.';

export interface BackgroundTaskOptions {
  /** Model turns with tool calls before the task gives up (a model that calls tools forever). */
  maxToolRounds: number;
  /** Screen- or camera-derived content triggered the task (side-effecting tools then always ask). */
  fromVisualContent: boolean;
}

export const DEFAULT_TASK_OPTIONS: BackgroundTaskOptions = { maxToolRounds: 4, fromVisualContent: false };

/** The package as chat messages: a system message with the summary, observations and timers, then the conversation, ending with the query. */
export function chatMessagesOf(pkg: ContextPackage): ChatMessage[] {
  const system: string[] = [BACKGROUND_SYSTEM_PROMPT, `Session time now: ${formatMs(pkg.nowMs)}.`];
  if (pkg.summary) system.push(`Earlier in the conversation (summarized):\n${pkg.summary}`);
  if (pkg.pendingTimers.length > 0) {
    system.push(`Pending reminders:\n${pkg.pendingTimers.map((t) => `- ${t.id} at ${formatMs(t.dueAtMs)}: ${t.label}${t.repeatEveryMs ? ` (every ${formatMs(t.repeatEveryMs)})` : ''}`).join('\n')}`);
  }
  const messages: ChatMessage[] = [{ role: 'system', content: system.join('\n\n') }];
  for (const entry of pkg.entries) {
    // Observations and earlier tool answers are facts for the model, given in the user's channel with a label.
    const role = entry.role === 'assistant' ? 'assistant' : 'user';
    const text = entry.role === 'user' || entry.role === 'assistant' ? entry.text : `[${entry.role} at ${formatMs(entry.atMs)}] ${entry.text}`;
    const last = messages[messages.length - 1];
    if (last.role === role && messages.length > 1) last.content = `${last.content}\n${text}`;
    else messages.push(role === 'assistant' ? { role, content: text } : { role, content: text });
  }
  const last = messages[messages.length - 1];
  // The query is normally the last user entry already (its user_text is in the timeline); say it once.
  if (!(last.role === 'user' && last.content.split('\n').at(-1) === pkg.query)) messages.push({ role: 'user', content: pkg.query });
  return messages;
}

/**
 * Runs the task to its end and reports every step through `emit`: started, text deltas, tool calls and
 * results, then exactly one of done / failed / cancelled. Never throws.
 */
export async function runBackgroundTask(
  pkg: ContextPackage,
  provider: ChatProvider,
  tools: ToolHost,
  signal: AbortSignal,
  emit: (update: BackgroundUpdatePayload) => void,
  options: BackgroundTaskOptions = DEFAULT_TASK_OPTIONS,
): Promise<void> {
  const { taskId } = pkg;
  emit({ taskId, type: 'started', title: titleOf(pkg.query), query: pkg.query.slice(0, 10_000) });
  const messages = chatMessagesOf(pkg);
  let answer = '';
  try {
    for (let round = 0; ; round++) {
      let turnText = '';
      const calls: ChatToolCall[] = [];
      for await (const chunk of provider.streamTurn({ messages, tools: tools.specs(), signal })) {
        if (signal.aborted) break;
        if (chunk.type === 'text') {
          if (chunk.delta === '') continue;
          turnText += chunk.delta;
          emit({ taskId, type: 'text', delta: chunk.delta });
        } else {
          calls.push(chunk.call);
        }
      }
      if (signal.aborted) throw new ProviderError('cancelled', String(signal.reason ?? 'cancelled'));
      answer += turnText;
      if (calls.length === 0) break;
      if (round >= options.maxToolRounds) {
        throw new ProviderError('tool_loop', `The model kept calling tools after ${options.maxToolRounds} rounds; the task was stopped.`);
      }
      messages.push({ role: 'assistant', content: turnText, toolCalls: calls });
      for (const call of calls) {
        const parsed = parseArguments(call.argumentsJson);
        emit({ taskId, type: 'tool_call', callId: call.callId, name: call.name, arguments: parsed.record });
        const result = await tools.call(call.name, parsed.value, { taskId, fromVisualContent: options.fromVisualContent }).catch(
          (error: unknown) => ({ ok: false as const, error: `The tool ${call.name} threw: ${(error as Error)?.message ?? String(error)}` }),
        );
        const text = result.ok ? (typeof result.content === 'string' ? result.content : JSON.stringify(result.content)) : result.error;
        emit({ taskId, type: 'tool_result', callId: call.callId, ok: result.ok, result: text });
        messages.push({ role: 'tool', toolCallId: call.callId, name: call.name, content: text });
        if (signal.aborted) throw new ProviderError('cancelled', String(signal.reason ?? 'cancelled'));
      }
    }
    emit({ taskId, type: 'done', text: answer.trim() });
  } catch (error) {
    if (signal.aborted || (error instanceof ProviderError && error.code === 'cancelled')) {
      emit({ taskId, type: 'cancelled', reason: String(signal.reason ?? (error as Error).message) });
    } else if (error instanceof ProviderError) {
      emit({ taskId, type: 'failed', error: error.message, code: error.code === 'cancelled' ? 'provider_error' : error.code });
    } else {
      emit({ taskId, type: 'failed', error: `The background model failed unexpectedly: ${(error as Error)?.message ?? String(error)}`, code: 'provider_error' });
    }
  }
}

/** Arguments as the timeline records them (always an object) and as the tool receives them (parsed JSON, or the raw text when it is not JSON). */
function parseArguments(json: string): { record: Record<string, unknown>; value: unknown } {
  try {
    const value: unknown = JSON.parse(json === '' ? '{}' : json);
    const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
    return { record, value };
  } catch {
    return { record: { unparsedArguments: json }, value: json };
  }
}

function titleOf(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 80 ? oneLine : `${oneLine.slice(0, 79)}…`;
}

function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
