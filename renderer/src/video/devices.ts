// Capture devices: the lists the browser reports, the user's choice per kind kept in localStorage, and "is it still plugged in".

export type DeviceKind = 'mic' | 'camera';

const MEDIA_KIND: Record<DeviceKind, MediaDeviceKind> = { mic: 'audioinput', camera: 'videoinput' };
const STORAGE_KEY: Record<DeviceKind, string> = { mic: 'tandem.device.mic', camera: 'tandem.device.camera' };

export interface CaptureDevice {
  deviceId: string;
  /** Empty until the page was granted the permission once; the pickers show a numbered name then. */
  label: string;
}

/** The devices of one kind, in the browser's order; [] where the browser has no mediaDevices (an insecure origin). */
export async function listDevices(kind: DeviceKind): Promise<CaptureDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((device) => device.kind === MEDIA_KIND[kind]).map((device) => ({ deviceId: device.deviceId, label: device.label }));
}

/** The device the user chose for `kind`, or undefined for the system default. */
export function chosenDevice(kind: DeviceKind): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY[kind]) || undefined;
  } catch {
    return undefined; // storage blocked (a sandboxed frame): the default device is used
  }
}

/** Remembers the choice for the next capture; undefined goes back to the system default. */
export function chooseDevice(kind: DeviceKind, deviceId: string | undefined): void {
  try {
    if (deviceId) localStorage.setItem(STORAGE_KEY[kind], deviceId);
    else localStorage.removeItem(STORAGE_KEY[kind]);
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
  for (const listener of choiceListeners) listener(kind);
}

const choiceListeners = new Set<(kind: DeviceKind) => void>();
/** Called after every chooseDevice, so pickers shown in two places stay in step. */
export function onDeviceChoice(listener: (kind: DeviceKind) => void): () => void {
  choiceListeners.add(listener);
  return () => choiceListeners.delete(listener);
}

/**
 * Whether the device a capture runs on is still listed. `deviceId` is the id the track reports
 * (track.getSettings().deviceId); a track without one (some browsers) is taken as present while any
 * device of its kind is.
 */
export function isDeviceListed(devices: readonly CaptureDevice[], deviceId: string | undefined): boolean {
  if (!deviceId) return devices.length > 0;
  return devices.some((device) => device.deviceId === deviceId);
}

/** Subscribes to plug/unplug events; returns the unsubscribe. */
export function onDeviceChange(listener: () => void): () => void {
  const devices = navigator.mediaDevices;
  if (!devices?.addEventListener) return () => {};
  devices.addEventListener('devicechange', listener);
  return () => devices.removeEventListener('devicechange', listener);
}
