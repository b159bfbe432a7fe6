// Where the renderer is loaded from and the one test every security check uses: "is this URL our own page?".

/**
 * The built renderer is served on a privileged custom scheme instead of file://: a file:// page shares
 * its origin with every other local file, cannot receive a CSP header, and makes "our own origin" mean
 * "anything on disk". `tandem://app/` is an origin only this app's protocol handler answers.
 */
export const APP_SCHEME = 'tandem';
export const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type RendererOrigin =
  | { kind: 'bundle'; entryUrl: string }
  | { kind: 'devServer'; entryUrl: string; origin: string };

/**
 * Chooses the renderer source. The dev server URL (set by `electron-vite dev` in ELECTRON_RENDERER_URL)
 * is honoured only in an unpackaged app and only on loopback http, so an environment variable can never
 * point an installed Tandem at a remote page that would then count as "our own".
 */
export function chooseRendererOrigin(devServerUrl: string | undefined, isPackaged: boolean): RendererOrigin {
  if (!devServerUrl || isPackaged) return { kind: 'bundle', entryUrl: APP_ENTRY_URL };
  let url: URL;
  try {
    url = new URL(devServerUrl);
  } catch {
    console.warn(`[tandem] ignoring ELECTRON_RENDERER_URL=${devServerUrl}: not a URL; loading the built renderer`);
    return { kind: 'bundle', entryUrl: APP_ENTRY_URL };
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    console.warn(`[tandem] ignoring ELECTRON_RENDERER_URL=${devServerUrl}: only http on loopback is accepted; loading the built renderer`);
    return { kind: 'bundle', entryUrl: APP_ENTRY_URL };
  }
  return { kind: 'devServer', entryUrl: url.href, origin: url.origin };
}

/** True when `candidate` is a page of the renderer origin in use (and nothing else: not file://, not another port). */
export function isOwnUrl(origin: RendererOrigin, candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (origin.kind === 'devServer') return url.origin === origin.origin;
  // WHATWG URL gives custom schemes an opaque origin ("null"), so compare scheme and host instead.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}
