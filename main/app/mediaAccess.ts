// macOS asks the user for mic and camera access per app: turning a capture toggle on asks the OS first, and a refusal turns it off.

import { systemPreferences } from 'electron';

export type MediaAccessOutcome = { granted: true } | { granted: false; advice: string };

/**
 * Called when the renderer reports a source as present (the user turned it on). Only macOS gates devices
 * per app; elsewhere Chromium's permission request (permissions.ts) is the only gate.
 */
export async function ensureMediaAccess(source: 'mic' | 'camera' | 'screen', platform: NodeJS.Platform = process.platform): Promise<MediaAccessOutcome> {
  if (platform !== 'darwin') return { granted: true };
  if (source === 'screen') {
    // Screen Recording cannot be requested by the app; it can only be checked and pointed at.
    const status = systemPreferences.getMediaAccessStatus('screen');
    return status === 'granted' || status === 'not-determined'
      ? { granted: true }
      : { granted: false, advice: 'Tandem may not record the screen: allow it in System Settings › Privacy & Security › Screen Recording, then restart Tandem.' };
  }
  const device = source === 'mic' ? 'microphone' : 'camera';
  const granted = await systemPreferences.askForMediaAccess(device);
  return granted
    ? { granted: true }
    : { granted: false, advice: `Tandem may not use the ${device}: allow it in System Settings › Privacy & Security › ${source === 'mic' ? 'Microphone' : 'Camera'}.` };
}
