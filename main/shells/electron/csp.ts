// The Electron shell's Content-Security-Policy (the policy itself: ../csp.ts). Bundled pages
// (kvmdesk://app) get the strict one; `npm run dev` (electron-vite's dev server, ELECTRON_RENDERER_URL
// set) needs two things more, and only then: the React refresh preamble is an inline <script>, and hot
// reload talks over a WebSocket to the dev server.
import { CONSOLE_BRIDGE, contentSecurityPolicy } from '../csp';

export const STRICT_CSP = contentSecurityPolicy({ connect: [CONSOLE_BRIDGE] });

/** the policy while developing against the dev server at `devUrl` (http://localhost:5173/) */
export function devCsp(devUrl: string): string {
  const hmr = `ws://${new URL(devUrl).host}`;
  return contentSecurityPolicy({
    inlineScripts: true,
    connect: ["'self'", CONSOLE_BRIDGE, hmr, 'ws://localhost:*'],
  });
}

/** the policy this run serves: strict unless the dev server is in use */
export function cspFor(devUrl: string | undefined): string {
  return devUrl ? devCsp(devUrl) : STRICT_CSP;
}
