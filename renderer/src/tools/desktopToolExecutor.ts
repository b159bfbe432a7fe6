// Runs one desktop tool request in the page (clipboard, notification, card, link) and turns every outcome into a ToolResult.

import { DESKTOP_TOOL_ARGS, isDesktopToolName, type ShowCardArgs } from '../../../common/desktopTools';
import type { ToolRequest, ToolResult } from '../../../common/ipc';

/** What the executors touch in the page; tests hand in small fakes, the app the browser's own APIs. */
export interface DesktopToolEnvironment {
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  /** Shows a notification; says where it appeared (the system, or Tandem's window when the system refuses). */
  notify(title: string, body: string | undefined): Promise<'system' | 'in-app'>;
  showCard(callId: string, card: ShowCardArgs): void;
  openUrl(url: string): Promise<void>;
}

/** Never throws: a refused clipboard, a blocked link or malformed arguments come back as an error for the model. */
export async function runDesktopTool(request: ToolRequest, env: DesktopToolEnvironment): Promise<ToolResult> {
  if (!isDesktopToolName(request.tool)) return { ok: false, error: `${request.tool} is not a desktop tool this window can run` };
  // The engine validated the arguments; they are checked again because this page trusts nothing it did not check.
  const parsed = DESKTOP_TOOL_ARGS[request.tool].safeParse(request.args);
  if (!parsed.success) return { ok: false, error: `invalid arguments for ${request.tool}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'args'}: ${issue.message}`).join('; ')}` };
  try {
    switch (request.tool) {
      case 'clipboard_read': {
        const text = await env.readClipboard();
        return { ok: true, content: text === '' ? '(the clipboard holds no text)' : text.slice(0, 100_000) };
      }
      case 'clipboard_write': {
        const { text } = parsed.data as { text: string };
        await env.writeClipboard(text);
        return { ok: true, content: `copied ${text.length} characters to the clipboard` };
      }
      case 'notify': {
        const { title, body } = parsed.data as { title: string; body?: string };
        const where = await env.notify(title, body);
        return { ok: true, content: where === 'system' ? 'notification shown' : 'notification shown in Tandem\'s window (system notifications are not allowed)' };
      }
      case 'show_card':
        env.showCard(request.callId, parsed.data as ShowCardArgs);
        return { ok: true, content: 'card shown in the Cards panel' };
      case 'open_url': {
        const { url } = parsed.data as { url: string };
        await env.openUrl(url);
        return { ok: true, content: `opened ${url} in the browser` };
      }
    }
  } catch (error) {
    return { ok: false, error: `${request.tool} failed in the window: ${error instanceof Error ? error.message : String(error)}` };
  }
}
