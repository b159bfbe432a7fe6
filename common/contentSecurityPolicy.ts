// The Content-Security-Policy of Tandem's own pages, as one header value: the Electron window and serve mode share it.

export interface ContentSecurityPolicyOptions {
  /**
   * Origin of the Vite dev server when the renderer is served by `electron-vite dev`, e.g.
   * `http://localhost:5173`. Leave it out for the built renderer.
   */
  devServerOrigin?: string;
  /**
   * The engine's bridge socket the page may connect to. Serve mode names its exact port; the default
   * allows any loopback port (the Electron window, which may talk to a serve-mode engine elsewhere).
   */
  bridgeSocket?: string;
}

/**
 * Builds the policy. The built renderer gets the strict one: scripts and styles only from our own origin,
 * never eval or inline script, and network access only back to our origin or the engine's loopback
 * WebSocket (serve mode). The dev server additionally needs inline script and style (the React Fast
 * Refresh preamble and Vite's injected <style> tags) and its HMR socket; that never ships.
 */
export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // WebAssembly in the renderer would need 'wasm-unsafe-eval' here (it does not enable JS eval).
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    // blob: and data: for frames and thumbnails the renderer draws itself (camera, screen).
    'img-src': ["'self'", 'data:', 'blob:'],
    // mediastream: for <video> previews of getUserMedia streams; blob: for recorded audio.
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", options.bridgeSocket ?? 'ws://127.0.0.1:*', ...(devSocket ? [devSocket] : [])],
    // AudioWorklet and Worker modules are loaded from our own bundle.
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
