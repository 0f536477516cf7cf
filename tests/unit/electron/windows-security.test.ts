// The shell's windows and security handlers, against the stand-in for `electron` (fake-electron.ts): no
// Electron runtime can be installed here.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { cspFor, devCsp, STRICT_CSP } from '../../../main/shells/electron/csp';
import { APP_ORIGIN } from '../../../main/shells/electron/paths';
import {
  allowPermission,
  onPermissionCheck,
  onPermissionRequest,
  setupSecurity,
} from '../../../main/shells/electron/security';
import { openConsoleWindow, showMainWindow } from '../../../main/shells/electron/windows';
import { app, BrowserWindow, resetFake, session } from './fake-electron';

beforeEach(() => resetFake());

describe('windows', () => {
  it('opens one main window, sandboxed and isolated, and brings it back instead of opening another', () => {
    const win = showMainWindow() as unknown as BrowserWindow;
    expect(win.url).toBe(`${APP_ORIGIN}/index.html`);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(win.options.webPreferences?.preload).toMatch(/preload[/\\]index\.cjs$/);
    win.minimized = true;
    expect(showMainWindow()).toBe(win);
    expect(win.restore).toHaveBeenCalled();
    win.close();
    expect(showMainWindow()).not.toBe(win);
  });

  it('reuses the console window of a guest until it is closed, one per guest', () => {
    const ref = { connection: 'qemu:///system', uuid: 'u-1' };
    openConsoleWindow(ref, 'a – Console');
    openConsoleWindow(ref, 'a – Console');
    expect(BrowserWindow.instances).toHaveLength(1);
    const first = BrowserWindow.instances[0];
    expect(first.url).toBe(`${APP_ORIGIN}/index.html#/console/qemu%3A%2F%2F%2Fsystem/u-1`);
    expect(first.focus).toHaveBeenCalledTimes(1);
    openConsoleWindow({ ...ref, uuid: 'u-2' });
    expect(BrowserWindow.instances).toHaveLength(2);
    first.close();
    openConsoleWindow(ref);
    expect(BrowserWindow.instances).toHaveLength(3);
  });

  it('grants a console window the size it asks for within the display', () => {
    openConsoleWindow({ connection: 'c', uuid: 'big' });
    const win = BrowserWindow.instances[0];
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('content-bounds-updated', event, { x: 0, y: 0, width: 4000, height: 500 });
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 500 });
  });
});

describe('permissions', () => {
  it('allows fullscreen and clipboard writes to our own pages only, and nothing else to anyone', () => {
    expect(allowPermission('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(allowPermission('fullscreen', `${APP_ORIGIN}/index.html#/console/c/u`)).toBe(true);
    expect(allowPermission('fullscreen', APP_ORIGIN)).toBe(true);
    expect(allowPermission('fullscreen', 'https://example.com/')).toBe(false);
    expect(allowPermission('fullscreen', undefined)).toBe(false);
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal'])
      expect(allowPermission(p, `${APP_ORIGIN}/index.html`)).toBe(false);
  });

  it('answers both the request and the check handler that way, once set up', () => {
    setupSecurity();
    const h = session.defaultSession.handlers;
    expect(h.permissionRequest).toBe(onPermissionRequest);
    expect(h.permissionCheck).toBe(onPermissionCheck);
    const answers: boolean[] = [];
    onPermissionRequest(null, 'fullscreen', (g) => answers.push(g), {
      requestingUrl: `${APP_ORIGIN}/index.html`,
    });
    onPermissionRequest(null, 'media', (g) => answers.push(g), { requestingUrl: `${APP_ORIGIN}/index.html` });
    onPermissionRequest(null, 'fullscreen', (g) => answers.push(g), { requestingUrl: 'http://evil.test/' });
    expect(answers).toEqual([true, false, false]);
    expect(onPermissionCheck(null, 'fullscreen', APP_ORIGIN, {})).toBe(true);
    expect(onPermissionCheck(null, 'fullscreen', 'http://evil.test', {})).toBe(false);
    // Copy buttons write the clipboard (navigator.clipboard.writeText); only our pages may
    expect(onPermissionCheck(null, 'clipboard-sanitized-write', APP_ORIGIN, {})).toBe(true);
    expect(onPermissionCheck(null, 'clipboard-sanitized-write', 'http://evil.test', {})).toBe(false);
  });

  it('denies new windows, navigation and webviews in every web contents', () => {
    setupSecurity();
    const win = new BrowserWindow({});
    app.emit('web-contents-created', {}, win.webContents);
    const open = win.webContents.setWindowOpenHandler.mock.calls[0][0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    const away = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', home, `${APP_ORIGIN}/index.html`);
    expect(home.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('Content-Security-Policy', () => {
  it('is strict for the bundled app: no inline script, no remote connections', () => {
    expect(cspFor(undefined)).toBe(STRICT_CSP);
    expect(STRICT_CSP).toContain("script-src 'self';");
    expect(STRICT_CSP).not.toContain("unsafe-inline'; connect");
    expect(STRICT_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(STRICT_CSP).not.toContain('localhost');
  });

  it('lets the dev server run React refresh and hot reload, only when it is used', () => {
    const dev = devCsp('http://localhost:5173/');
    expect(cspFor('http://localhost:5173/')).toBe(dev);
    expect(dev).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(dev).toMatch(/connect-src [^;]*ws:\/\/localhost:5173/);
    expect(dev).toContain("object-src 'none'");
  });

  it('is put on every response of the session', () => {
    setupSecurity();
    const onHeaders = session.defaultSession.handlers.headersReceived as (
      d: { responseHeaders: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    let headers: Record<string, string[]> = {};
    onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers['Content-Security-Policy']).toEqual([STRICT_CSP]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
});
