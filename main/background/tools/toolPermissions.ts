// The tool permission table: each built-in tool's default class (auto / ask / deny) and why, and the rule that decides a call.

import type { ToolPermissionClass } from '../../../common/ipc';

/**
 * Defaults, one line each with the reason. The user can change any of them in Settings (settings.tools);
 * a tool missing here (one added later) asks, the safe default.
 */
export const TOOL_PERMISSION_DEFAULTS: Readonly<Record<string, { permission: ToolPermissionClass; why: string }>> = {
  set_timer: { permission: 'auto', why: 'a timer only speaks later; it shows in the Reminders panel and can be cancelled there' },
  remind: { permission: 'auto', why: 'like set_timer: visible in the Reminders panel and cancellable' },
  web_search: { permission: 'auto', why: 'sends only the query, to the search provider the user configured' },
  read_screen: { permission: 'auto', why: 'reads the screen frames the user already shares with the session, nothing more' },
  clipboard_read: { permission: 'ask', why: 'the clipboard often holds passwords and private text the user did not mean to share' },
  clipboard_write: { permission: 'ask', why: 'it replaces what the user copied' },
  open_url: { permission: 'ask', why: 'it opens a page in the browser, which can act on the user\'s logged-in sessions' },
  notify: { permission: 'auto', why: 'a notification only shows text to the user' },
  find_files: { permission: 'auto', why: 'searches names only, inside the one folder the user chose' },
  show_card: { permission: 'auto', why: 'a card only shows text in Tandem\'s own window' },
};

export function defaultPermissionOf(tool: string): ToolPermissionClass {
  return TOOL_PERMISSION_DEFAULTS[tool]?.permission ?? 'ask';
}

/** What the policy says before any prompt: run it, ask the user, or refuse. */
export type PolicyVerdict = { verdict: 'run' | 'ask' | 'deny'; why: string };

/**
 * The one rule: deny wins; then a side-effecting call triggered by screen or camera content asks, whatever its
 * class (what is on a screen can be written by anyone, so it must not act unconfirmed); then the class decides.
 */
export function decideToolPolicy(input: { tool: string; permission: ToolPermissionClass; sideEffect: boolean; fromVisualContent: boolean }): PolicyVerdict {
  if (input.permission === 'deny') return { verdict: 'deny', why: `${input.tool} is set to "deny" in Settings → Tools` };
  if (input.sideEffect && input.fromVisualContent) {
    return { verdict: 'ask', why: `the request came from what is on the screen or camera, and ${input.tool} acts outside the conversation` };
  }
  if (input.permission === 'ask') return { verdict: 'ask', why: `${input.tool} is set to "ask": ${TOOL_PERMISSION_DEFAULTS[input.tool]?.why ?? 'it is not a built-in tool'}` };
  return { verdict: 'run', why: `${input.tool} is set to "auto"` };
}
