// Which desktopCapturer source a getDisplayMedia request gets: the pure part of our own screen/window picker.

import type { PermissionToggles } from '../../common/ipc';
import { isOwnUrl, type RendererOrigin } from './rendererOrigin';
export interface CaptureSource {
  id: string;
  name: string;
  /** desktopCapturer ids start with `screen:` or `window:`. */
  displayId?: string;
}

export type DisplayMediaChoice = { kind: 'grant'; sourceId: string } | { kind: 'deny'; reason: string } | { kind: 'ask'; sources: CaptureSource[] };

/**
 * Screens first, then windows, each sorted by name, Tandem's own windows excluded (capturing the HUD would feed
 * our captions back in). One screen and no windows → granted without asking; a remembered source that still
 * exists → granted; nothing → denied; otherwise the picker asks.
 */
export function chooseDisplayMediaSource(sources: readonly CaptureSource[], options: { rememberedId?: string; ownWindowTitles: readonly string[] }): DisplayMediaChoice {
  const eligible = sources
    .filter((source) => source.id.startsWith('screen:') || source.id.startsWith('window:'))
    .filter((source) => !(source.id.startsWith('window:') && options.ownWindowTitles.includes(source.name)))
    .sort((a, b) => kindRank(a) - kindRank(b) || a.name.localeCompare(b.name));
  if (eligible.length === 0) return { kind: 'deny', reason: 'no screen or window can be captured (on macOS, check Screen Recording in System Settings)' };
  if (options.rememberedId && eligible.some((source) => source.id === options.rememberedId)) {
    return { kind: 'grant', sourceId: options.rememberedId };
  }
  if (eligible.length === 1) return { kind: 'grant', sourceId: eligible[0].id };
  return { kind: 'ask', sources: eligible };
}

function kindRank(source: CaptureSource): number {
  return source.id.startsWith('screen:') ? 0 : 1;
}

/**
 * Whether a display-capture request may go on to the picker. Pure, so it is tested without Electron.
 *   | requested by                | screen toggle | outcome |
 *   | another page / a gone frame | any           | refused: only Tandem's pages capture |
 *   | a Tandem page               | off           | refused: the user turned screen sharing off in Settings |
 *   | a Tandem page               | on            | go on to the picker |
 */
export function screenCaptureRefusal(origin: RendererOrigin, frameUrl: string | undefined, toggles: PermissionToggles): string | null {
  if (!isOwnUrl(origin, frameUrl)) return `requested by ${frameUrl ?? 'a frame that is gone'}, not a Tandem page`;
  if (!toggles.screen) return 'screen sharing is turned off in Settings → Permissions';
  return null;
}
