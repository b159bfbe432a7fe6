// The Electron-main security boundary: the app:// protocol that serves the built renderer, its CSP, and navigation and window-open guards.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, net, protocol, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../../common/contentSecurityPolicy';
import { APP_HOST, APP_SCHEME, isOwnUrl, type RendererOrigin } from './rendererOrigin';
import { secureWebPreferences } from './window';

/**
 * Must run before `app` is ready: makes `tandem://` a standard, secure scheme so its pages get a real
 * origin, ES modules, fetch and a secure context (getUserMedia needs one).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves files under `rendererDir` on `tandem://app/…`, with the CSP attached, and nothing outside it. */
export function serveRendererBundle(session: Session, rendererDir: string, csp: string): void {
  const root = path.resolve(rendererDir);
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('Not found', { status: 404 });
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const file = path.resolve(root, `.${path.posix.normalize(relative === '/' ? '/index.html' : relative)}`);
    // The path check is what keeps `tandem://app/../../etc/passwd` (or an encoded variant) out.
    if (file !== root && !file.startsWith(root + path.sep)) {
      console.warn(`[tandem] refused ${request.url}: outside the renderer bundle`);
      return new Response('Not found', { status: 404 });
    }
    let response: Response;
    try {
      response = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });
}

/**
 * Sets the CSP header on every response for our own pages (the dev server's in development; the app
 * scheme's handler already adds it, this covers it again in case webRequest sees those responses too).
 * Any CSP a server sent is replaced, never merged, so the policy in contentSecurityPolicy.ts is the one in force.
 */
export function enforceContentSecurityPolicy(session: Session, origin: RendererOrigin, csp: string): void {
  session.webRequest.onHeadersReceived({ urls: ['<all_urls>'] }, (details, callback) => {
    if (!isOwnUrl(origin, details.url)) {
      callback({});
      return;
    }
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [csp];
    callback({ responseHeaders });
  });
}

/** The CSP for the renderer origin in use. */
export function policyFor(origin: RendererOrigin): string {
  return contentSecurityPolicy(origin.kind === 'devServer' ? { devServerOrigin: origin.origin } : {});
}

/**
 * Guards every WebContents the app ever creates (not only the main window): no navigation and no
 * window away from our own origin, no <webview>. Denials are logged so a broken link shows up in the log
 * rather than as a silent no-op.
 */
export function guardAllWebContents(origin: RendererOrigin): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin));
}

function guardWebContents(contents: WebContents, origin: RendererOrigin): void {
  const denyForeignNavigation = (event: Electron.Event, url: string, what: string): void => {
    if (isOwnUrl(origin, url)) return;
    event.preventDefault();
    console.warn(`[tandem] blocked ${what} to ${url}`);
  };
  // will-navigate covers the main frame; will-frame-navigate also covers subframes.
  contents.on('will-navigate', (event) => denyForeignNavigation(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => denyForeignNavigation(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => denyForeignNavigation(event, event.url, 'redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    if (!isOwnUrl(origin, url)) {
      console.warn(`[tandem] blocked window.open to ${url}`);
      return { action: 'deny' };
    }
    // A child window of our own page gets the same locked-down preferences and no bridge.
    return { action: 'allow', overrideBrowserWindowOptions: { webPreferences: secureWebPreferences() } };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('[tandem] blocked a <webview>: Tandem never embeds guest pages');
  });
}
