// The desktop tools: clipboard read/write, notify, show_card and open_url, run in the renderer through the bridge (DesktopToolBroker).

import { z } from 'zod';
import type { DesktopToolBroker } from '../desktopToolBroker';
import type { ToolDefinition } from '../toolTypes';

/** The arguments of each desktop tool; the renderer's executors (renderer/src/tools) read the same shapes. */
export const DESKTOP_TOOL_ARGS = {
  clipboard_read: z.strictObject({}),
  clipboard_write: z.strictObject({ text: z.string().max(100_000).describe('The text to put on the clipboard.') }),
  notify: z.strictObject({
    title: z.string().trim().min(1).max(120).describe('Short title of the notification.'),
    body: z.string().max(1_000).optional().describe('Its text.'),
  }),
  show_card: z.strictObject({
    title: z.string().trim().min(1).max(200),
    markdown: z.string().max(20_000).optional().describe('Body text; **bold**, *italic*, `code` and paragraphs are shown.'),
    items: z.array(z.string().max(500)).max(50).optional().describe('A list shown under the text.'),
    links: z.array(z.strictObject({ title: z.string().max(200), url: z.url({ protocol: /^https?$/ }).max(2_000) })).max(20).optional(),
  }),
  open_url: z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2_000).describe('An http or https address.') }),
} as const;

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
