// The renderer's Content-Security-Policy. Bundled pages (kvmdesk://app) get the strict one; `npm run dev`
// (electron-vite's dev server, ELECTRON_RENDERER_URL set) needs two things more, and only then: the
// React refresh preamble is an inline <script>, and hot reload talks over a WebSocket to the dev server.

const common = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'", // Mantine sets style attributes at runtime
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

const CONSOLE_BRIDGE = 'ws://127.0.0.1:*'; // the console bridge (noVNC over a local WebSocket)

export const STRICT_CSP = [...common, "script-src 'self'", `connect-src ${CONSOLE_BRIDGE}`].join('; ');

/** the policy while developing against the dev server at `devUrl` (http://localhost:5173/) */
export function devCsp(devUrl: string): string {
  const u = new URL(devUrl);
  const hmr = `ws://${u.host}`;
  return [
    ...common,
    "script-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${CONSOLE_BRIDGE} ${hmr} ws://localhost:*`,
  ].join('; ');
}

/** the policy this run serves: strict unless the dev server is in use */
export function cspFor(devUrl: string | undefined): string {
  return devUrl ? devCsp(devUrl) : STRICT_CSP;
}
