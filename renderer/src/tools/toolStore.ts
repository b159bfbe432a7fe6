// The tools' state in the page: cards shown by show_card, in-app notifications, and the permission prompts waiting for the user.

import { create } from 'zustand';
import type { ShowCardArgs } from '../../../common/desktopTools';
import type { TandemBridge, ToolAsk } from '../../../common/ipc';
import { runDesktopTool, type DesktopToolEnvironment } from './desktopToolExecutor';

export interface ShownCard extends ShowCardArgs {
  callId: string;
  /** Wall time it arrived (ms since epoch), for ordering and display. */
  shownAtMs: number;
}
export interface InAppNotice {
  id: string;
  title: string;
  body?: string;
}

export interface ToolView {
  cards: ShownCard[];
  notices: InAppNotice[];
  asks: ToolAsk[];
}

/** Cards kept: the newest, so a chatty model cannot grow the page without bound. */
export const MAX_CARDS = 50;

export const useToolStore = create<ToolView>(() => ({ cards: [], notices: [], asks: [] }));

export function addCard(callId: string, card: ShowCardArgs, nowMs = Date.now()): void {
  const { cards } = useToolStore.getState();
  useToolStore.setState({ cards: [{ ...card, callId, shownAtMs: nowMs }, ...cards.filter((shown) => shown.callId !== callId)].slice(0, MAX_CARDS) });
}
export function dismissCard(callId: string): void {
  useToolStore.setState({ cards: useToolStore.getState().cards.filter((card) => card.callId !== callId) });
}
export function dismissNotice(id: string): void {
  useToolStore.setState({ notices: useToolStore.getState().notices.filter((notice) => notice.id !== id) });
}
function settleAsk(callId: string): void {
  useToolStore.setState({ asks: useToolStore.getState().asks.filter((ask) => ask.callId !== callId) });
}

/** The browser's APIs behind the executors; notifications fall back to an in-app notice when the system refuses them. */
export function browserToolEnvironment(bridge: Pick<TandemBridge, 'openUrl'>): DesktopToolEnvironment {
  return {
    readClipboard: () => navigator.clipboard.readText(),
    writeClipboard: (text) => navigator.clipboard.writeText(text),
    async notify(title, body) {
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        new Notification(title, body ? { body } : {});
        return 'system';
      }
      const notice = { id: `notice-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, title, ...(body ? { body } : {}) };
      useToolStore.setState({ notices: [...useToolStore.getState().notices, notice].slice(-5) });
      return 'in-app';
    },
    showCard: (callId, card) => addCard(callId, card),
    openUrl: async (url) => {
      await bridge.openUrl({ url });
    },
  };
}

/**
 * Runs desktop tool requests from the engine and collects its permission prompts. Only the full window
 * connects (the HUD does not), so a request runs once per window that can show its result.
 */
export function connectTools(bridge: TandemBridge, env: DesktopToolEnvironment = browserToolEnvironment(bridge)): () => void {
  const unsubscribes = [
    bridge.onToolRequest((request) => {
      void runDesktopTool(request, env).then((result) =>
        bridge.sendToolResult({ callId: request.callId, result }).catch((error: unknown) => console.warn(`[tandem] could not answer ${request.tool}: ${String(error)}`)),
      );
    }),
    bridge.onToolAsk((ask) => {
      const { asks } = useToolStore.getState();
      if (!asks.some((pending) => pending.callId === ask.callId)) useToolStore.setState({ asks: [...asks, ask] });
    }),
    bridge.onToolAskSettled(({ callId }) => settleAsk(callId)),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

/** The user's answer to a prompt; the prompt closes at once (tool:askSettled confirms it for every window). */
export async function decideAsk(bridge: Pick<TandemBridge, 'decideTool'>, ask: ToolAsk, allow: boolean, remember: boolean): Promise<void> {
  settleAsk(ask.callId);
  await bridge.decideTool({ callId: ask.callId, tool: ask.tool, allow, ...(remember && !ask.fromVisualContent ? { remember: true } : {}) });
}
