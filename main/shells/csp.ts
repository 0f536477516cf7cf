// The renderer's Content-Security-Policy, one for both shells: our own scripts only, Mantine's runtime
// style attributes, no plugins, frames, forms or base changes. What differs is a parameter: where the
// page may connect (Electron: the console bridge on 127.0.0.1; the browser shell also its own host, for
// the api and consoles; `npm run dev`, the dev server's hot reload) and, under the dev server alone,
// inline scripts (the React refresh preamble).

/** the console bridge (noVNC and the serial console over a local WebSocket) */
export const CONSOLE_BRIDGE = 'ws://127.0.0.1:*';

export interface CspOptions {
  /** connect-src sources */
  connect: string[];
  /** the dev server's inline React refresh preamble; never for bundled pages */
  inlineScripts?: boolean;
}

export function contentSecurityPolicy(o: CspOptions): string {
  return [
    "default-src 'self'",
    o.inlineScripts ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'", // Mantine sets style attributes at runtime
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${o.connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
