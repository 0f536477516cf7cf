// Where the built pieces are, relative to out/main/index.js (electron-vite's layout).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export const PRELOAD = join(here, '../preload/index.cjs');
export const RENDERER_DIR = join(here, '../renderer');
/** `electron-vite dev` serves the renderer itself */
export const DEV_RENDERER_URL = process.env.ELECTRON_RENDERER_URL;
export const APP_SCHEME = 'kvmdesk';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** the page for a route (a hash: '#/console/<connection>/<uuid>') */
export function pageUrl(hash = ''): string {
  const base = DEV_RENDERER_URL ?? `${APP_ORIGIN}/index.html`;
  return `${base}${hash}`;
}

/** true for our own pages only: the bundled app (or the dev server while developing) */
export function isOwnUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true;
    return DEV_RENDERER_URL !== undefined && u.origin === new URL(DEV_RENDERER_URL).origin;
  } catch {
    return false;
  }
}
