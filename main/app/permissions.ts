// Which web permissions Tandem's pages get, as one table with the reason for each entry, and the session handlers that enforce it.

import type { Session } from 'electron';
import type { PermissionToggles } from '../../common/ipc';
import { isOwnUrl, type RendererOrigin } from './rendererOrigin';

export type PermissionDecision = 'allow-own-origin' | 'deny';

interface PermissionRule {
  decision: PermissionDecision;
  why: string;
  /** The user's toggle in Settings that must also be on; off denies, whatever the origin. */
  toggle?: keyof PermissionToggles;
}

/**
 * Every permission Electron may ask about. `media` is split by device: Electron reports a media request
 * with the device types it wants, and microphone and camera are decided separately. Anything not in the
 * table is denied. "allow-own-origin" means: only a frame showing our own renderer, never another page.
 */
export const PERMISSIONS = {
  // The assistant listens: mic audio is its main input.
  // Only while the user's microphone toggle is on: turning it off in Settings takes the mic away from the page.
  'media:microphone': { decision: 'allow-own-origin', toggle: 'microphone', why: 'the interaction model listens to the user every micro-turn' },
  // The assistant watches the user through the camera (gestures, objects held up), only while the camera toggle is on.
  'media:camera': { decision: 'allow-own-origin', toggle: 'camera', why: 'camera frames are one of the interaction model\'s inputs' },
  // Screen capture goes through our own display-media picker (setDisplayMediaRequestHandler), not this prompt.
  'display-capture': { decision: 'deny', why: 'screen capture is granted only through Tandem\'s own source picker' },
  // Copying captions or results; the sanitized variant cannot write executable formats.
  'clipboard-sanitized-write': { decision: 'allow-own-origin', why: 'copy a caption or a result to the clipboard' },
  // The clipboard_read tool runs in the page (navigator.clipboard) and only after the engine's permission check: its
  // class is "ask" by default, so the user confirms each read in Tandem's prompt unless they chose otherwise.
  'clipboard-read': { decision: 'allow-own-origin', why: 'the clipboard_read tool reads it in the page, after the user allowed the call (Settings → Tools)' },
  'deprecated-sync-clipboard-read': { decision: 'deny', why: 'same as clipboard-read' },
  // Links go to the user's browser only through a main-process decision, never a page's own request.
  openExternal: { decision: 'deny', why: 'opening external apps or links is decided in main, not by the page' },
  notifications: { decision: 'deny', why: 'the assistant speaks and shows captions; OS notifications are not used' },
  geolocation: { decision: 'deny', why: 'location is never an input' },
  fullscreen: { decision: 'deny', why: 'the window does not need HTML fullscreen' },
  pointerLock: { decision: 'deny', why: 'no pointer capture in the UI' },
  keyboardLock: { decision: 'deny', why: 'the app must never swallow system shortcuts' },
  'idle-detection': { decision: 'deny', why: 'user presence comes from the mic and camera the user granted, not OS idle state' },
  'speaker-selection': { decision: 'deny', why: 'playback uses the default output device (echo cancellation depends on it)' },
  'window-management': { decision: 'deny', why: 'the page does not place windows on screens' },
  midi: { decision: 'deny', why: 'no MIDI devices are used' },
  midiSysex: { decision: 'deny', why: 'no MIDI devices are used' },
  mediaKeySystem: { decision: 'deny', why: 'no DRM-protected media is played' },
  'storage-access': { decision: 'deny', why: 'no third-party content is embedded' },
  'top-level-storage-access': { decision: 'deny', why: 'no third-party content is embedded' },
  fileSystem: { decision: 'deny', why: 'files are read and written by main through IPC, not by the page' },
  hid: { decision: 'deny', why: 'no HID devices are used' },
  serial: { decision: 'deny', why: 'no serial devices are used' },
  usb: { decision: 'deny', why: 'no USB devices are used' },
} as const satisfies Record<string, PermissionRule>;

export type TandemPermission = keyof typeof PERMISSIONS;

export interface PermissionQuery {
  /** Electron's permission name (`media`, `notifications`, …). */
  permission: string;
  /** For `media`: the device types asked for (`audio`, `video`); unknown types are denied. */
  mediaTypes?: readonly string[];
  /** The URL of the frame that asks. */
  requestingUrl: string | undefined;
}

/**
 * Applies the table with the user's toggles. Pure, so it can be checked without Electron. A media request
 * for several devices is allowed only if every one of them is.
 */
export function decidePermission(origin: RendererOrigin, query: PermissionQuery, toggles: PermissionToggles): boolean {
  const keys = tableKeys(query);
  if (keys.length === 0) return false;
  const fromOwnPage = isOwnUrl(origin, query.requestingUrl);
  return keys.every((key) => {
    const rule: PermissionRule | undefined = (PERMISSIONS as Record<string, PermissionRule>)[key];
    if (rule === undefined || rule.decision !== 'allow-own-origin' || !fromOwnPage) return false;
    return rule.toggle === undefined || toggles[rule.toggle];
  });
}

function tableKeys(query: PermissionQuery): string[] {
  if (query.permission !== 'media') return [query.permission];
  const types = query.mediaTypes ?? [];
  // A media request that names no device, or one we do not know, cannot be matched to a rule.
  if (types.length === 0) return [];
  return types.map((type) => (type === 'audio' ? 'media:microphone' : type === 'video' ? 'media:camera' : `media:${type}`));
}

/** Installs the table as the session's permission request, check and device handlers. */
export function installPermissionHandlers(session: Session, origin: RendererOrigin, toggles: () => PermissionToggles): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed = decidePermission(origin, { permission, mediaTypes, requestingUrl: details.requestingUrl }, toggles());
    if (!allowed) {
      console.warn(`[tandem] permission request denied: ${permission}${mediaTypes ? ` (${mediaTypes.join(', ')})` : ''} from ${details.requestingUrl}`);
    }
    callback(allowed);
  });

  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    // A check's media type may be 'unknown' (e.g. enumerateDevices); that is denied like any unknown device.
    const mediaTypes = details.mediaType ? [details.mediaType] : undefined;
    return decidePermission(origin, {
      permission,
      mediaTypes,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
    }, toggles());
  });

  // WebHID, WebSerial and WebUSB: no device is ever exposed to the page.
  session.setDevicePermissionHandler(() => false);
}
