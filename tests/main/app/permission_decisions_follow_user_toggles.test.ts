// The permissions table with the user's toggles: a toggle that is off denies its device even to our own page; screen capture likewise.

import { describe, expect, it } from 'vitest';
import type { PermissionToggles } from '../../../common/ipc';
import { screenCaptureRefusal } from '../../../main/app/displayMediaChoice';
import { decidePermission } from '../../../main/app/permissions';
import { APP_ENTRY_URL, type RendererOrigin } from '../../../main/app/rendererOrigin';

const ORIGIN: RendererOrigin = { kind: 'bundle', entryUrl: APP_ENTRY_URL };
const ALL_ON: PermissionToggles = { microphone: true, camera: true, screen: true };
const media = (mediaTypes: string[], requestingUrl = APP_ENTRY_URL) => ({ permission: 'media', mediaTypes, requestingUrl });

describe('media permissions with the user toggles', () => {
  it.each([
    // [devices asked, toggles, allowed]
    [['audio'], ALL_ON, true],
    [['audio'], { ...ALL_ON, microphone: false }, false],
    [['audio'], { ...ALL_ON, camera: false }, true],
    [['video'], ALL_ON, true],
    [['video'], { ...ALL_ON, camera: false }, false],
    [['video'], { ...ALL_ON, microphone: false }, true],
    [['audio', 'video'], { ...ALL_ON, camera: false }, false],
    [['audio', 'video'], { ...ALL_ON, microphone: false }, false],
    [['audio', 'video'], { ...ALL_ON, screen: false }, true],
  ] as const)('%j with toggles %j → %s', (types, toggles, allowed) => {
    expect(decidePermission(ORIGIN, media([...types]), toggles)).toBe(allowed);
  });

  it('never lets a toggle allow what the table denies: another page, or a permission outside the table', () => {
    expect(decidePermission(ORIGIN, media(['audio'], 'https://evil.example/'), ALL_ON)).toBe(false);
    expect(decidePermission(ORIGIN, { permission: 'display-capture', requestingUrl: APP_ENTRY_URL }, ALL_ON)).toBe(false);
    expect(decidePermission(ORIGIN, { permission: 'geolocation', requestingUrl: APP_ENTRY_URL }, ALL_ON)).toBe(false);
  });

  it('leaves permissions without a toggle as the table says', () => {
    const off: PermissionToggles = { microphone: false, camera: false, screen: false };
    expect(decidePermission(ORIGIN, { permission: 'clipboard-sanitized-write', requestingUrl: APP_ENTRY_URL }, off)).toBe(true);
  });
});

describe('screen capture with the screen toggle', () => {
  it('goes on to the picker for our page with the toggle on', () => {
    expect(screenCaptureRefusal(ORIGIN, APP_ENTRY_URL, ALL_ON)).toBeNull();
  });
  it('is refused for our page with the toggle off, saying where to turn it on', () => {
    expect(screenCaptureRefusal(ORIGIN, APP_ENTRY_URL, { ...ALL_ON, screen: false })).toBe('screen sharing is turned off in Settings → Permissions');
  });
  it('is refused for another page whatever the toggle', () => {
    expect(screenCaptureRefusal(ORIGIN, 'https://evil.example/', ALL_ON)).toMatch(/not a Tandem page/);
    expect(screenCaptureRefusal(ORIGIN, undefined, ALL_ON)).toMatch(/a frame that is gone/);
  });
});
