// The desktop tools: clipboard read/write, notify, show_card and open_url, run in the renderer through the bridge (DesktopToolBroker).

import { DESKTOP_TOOL_ARGS } from '../../../../common/desktopTools';
import type { DesktopToolBroker } from '../desktopToolBroker';
import type { ToolDefinition } from '../toolTypes';

const DESCRIPTIONS: Record<keyof typeof DESKTOP_TOOL_ARGS, string> = {
  clipboard_read: 'Read the text on the user\'s clipboard.',
  clipboard_write: 'Put text on the user\'s clipboard, replacing what is there.',
  notify: 'Show the user a desktop notification.',
  show_card: 'Show a card in Tandem\'s Cards panel (title, text, a list, links) while the conversation goes on.',
  open_url: 'Open an http(s) link in the user\'s web browser.',
};

/** Reading the clipboard has no effect outside; the others change something the user sees or owns. */
const SIDE_EFFECT: Record<keyof typeof DESKTOP_TOOL_ARGS, boolean> = {
  clipboard_read: false,
  clipboard_write: true,
  notify: true,
  show_card: true,
  open_url: true,
};

export function desktopTools(broker: DesktopToolBroker, timeoutMs = 10_000): ToolDefinition[] {
  return (Object.keys(DESKTOP_TOOL_ARGS) as Array<keyof typeof DESKTOP_TOOL_ARGS>).map((name) => ({
    name,
    description: DESCRIPTIONS[name],
    parameters: DESKTOP_TOOL_ARGS[name],
    sideEffect: SIDE_EFFECT[name],
    desktop: true,
    // A call with no window to run it fails after this (the broker waits for an answer that never comes).
    timeoutMs,
    run: (args: Record<string, unknown>, env) => broker.run(env.callId, name, args, env.signal),
  }));
}
