// The desktop tools' argument schemas, shared by the engine's registry (validation, JSON Schema) and the renderer's executors.

import { z } from 'zod';

export const DESKTOP_TOOL_NAMES = ['clipboard_read', 'clipboard_write', 'notify', 'show_card', 'open_url'] as const;
export type DesktopToolName = (typeof DESKTOP_TOOL_NAMES)[number];

// The pattern repeats the protocol rule so the JSON Schema the model sees carries it too (a format alone does not).
const httpUrl = z.url({ protocol: /^https?$/ }).max(2_000).regex(/^https?:\/\//i, 'an http or https URL');

export const DESKTOP_TOOL_ARGS = {
  clipboard_read: z.strictObject({}),
  clipboard_write: z.strictObject({ text: z.string().max(100_000).describe('The text to put on the clipboard.') }),
  notify: z.strictObject({
    title: z.string().trim().min(1).max(120).describe('Short title of the notification.'),
    body: z.string().max(1_000).optional().describe('Its text.'),
  }),
  show_card: z.strictObject({
    title: z.string().trim().min(1).max(200).describe('The card\'s title.'),
    markdown: z.string().max(20_000).optional().describe('Body text; paragraphs, **bold**, *italic* and `code` are shown.'),
    items: z.array(z.string().max(500)).max(50).optional().describe('A list shown under the text.'),
    links: z.array(z.strictObject({ title: z.string().max(200), url: httpUrl })).max(20).optional().describe('Links (http or https) the user can open.'),
  }),
  open_url: z.strictObject({ url: httpUrl.describe('An http or https address.') }),
} as const satisfies Record<DesktopToolName, z.ZodType>;

export type ShowCardArgs = z.infer<(typeof DESKTOP_TOOL_ARGS)['show_card']>;

export function isDesktopToolName(name: string): name is DesktopToolName {
  return (DESKTOP_TOOL_NAMES as readonly string[]).includes(name);
}
