// Electron's security checklist, applied to every web contents the app ever creates: no new windows,
// no navigation away from our pages, no webviews, every permission request denied.
import { app, session } from 'electron';
import { isOwnUrl } from './paths';
import { CSP } from './protocol';

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
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // the dev server's pages get the same policy as the bundled ones
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/** webPreferences every window of ours uses */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  const prefs: Electron.WebPreferences = {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
  // test-only hook: Electron has no public getter for a window's preferences
  if (process.env.NODE_ENV === 'test') {
    (globalThis as { __kvmdeskWebPreferences?: Electron.WebPreferences[] }).__kvmdeskWebPreferences ??= [];
    (globalThis as { __kvmdeskWebPreferences?: Electron.WebPreferences[] }).__kvmdeskWebPreferences!.push(
      prefs,
    );
  }
  return prefs;
}
