// Electron's security checklist, applied to every web contents the app ever creates: no new windows,
// no navigation away from our pages, no webviews, and no permission but fullscreen (the console's
// button) and clipboard writes (Copy buttons) for our own pages. The CSP is the strict one except under the dev server (csp.ts).
import { app, session } from 'electron';
import { cspFor } from './csp';
import { APP_ORIGIN, DEV_RENDERER_URL, isOwnUrl } from './paths';

/**
 * what our pages may ask for: fullscreen (the console's button) and writing the clipboard (Copy an
 * address, Copy ssh command: navigator.clipboard.writeText). Never reading it: the console's clipboard
 * is typed into the guest from a field the user pastes into.
 */
const ALLOWED = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** true for an origin ('kvmdesk://app', 'http://localhost:5173') or a page URL of ours */
function isOwn(urlOrOrigin: string | undefined): boolean {
  if (!urlOrOrigin) return false;
  return urlOrOrigin === APP_ORIGIN || isOwnUrl(urlOrOrigin) || isOwnUrl(`${urlOrOrigin}/`);
}

export function allowPermission(permission: string, url: string | undefined): boolean {
  return ALLOWED.has(permission) && isOwn(url);
}

/** session.setPermissionRequestHandler's handler */
export function onPermissionRequest(
  _wc: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
): void {
  callback(allowPermission(permission, details.requestingUrl));
}

/** session.setPermissionCheckHandler's handler */
export function onPermissionCheck(
  _wc: unknown,
  permission: string,
  requestingOrigin: string,
  details: { requestingUrl?: string },
): boolean {
  return allowPermission(permission, details.requestingUrl ?? requestingOrigin);
}

export function setupSecurity(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // the page then shows its own "bridge did not load" error; the cause is here, on stderr
    contents.on('preload-error', (_event, path, error) =>
      console.error(`KVM Desk: the preload ${path} failed: ${error.stack ?? error.message}`),
    );
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(onPermissionRequest);
  ses.setPermissionCheckHandler(onPermissionCheck);
  ses.setDevicePermissionHandler(() => false);
  // the dev server's pages get a policy too (the bundled ones have it from protocol.ts)
  const csp = cspFor(DEV_RENDERER_URL);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
