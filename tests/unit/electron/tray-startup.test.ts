// The tray host (the menu: tray-menu.test.ts) and the start-up path (window first, errors in a dialog, quit
// rules), against the stand-in for `electron` (fake-electron.ts): no Electron runtime can be installed here.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { EventBus } from '../../../main/services/events';
import type { Backend } from '../../../main/shells/boot';
import { APP_ORIGIN } from '../../../main/shells/electron/paths';
import { startApp, startupFailed } from '../../../main/shells/electron/startup';
import { hasTrayHost, keepRunningWhenClosed } from '../../../main/shells/electron/tray-host';
import type { VmSummary } from '../../../preload/contract';
import { app, BrowserWindow, dialog, ipcMain, resetFake, Tray } from './fake-electron';

/** the shell sees only the api and the event bus: the api answers the tray's and start-up's calls */
function fakeBackend(guests: VmSummary[] = [], keepRunningInTray = true): Backend {
  const connections = [{ id: 'qemu:///system', state: 'connected' }];
  const answers: Record<string, () => unknown> = {
    'app.snapshot': () => ({ connections, vms: [...guests] }),
    'settings.get': () => ({ keepRunningInTray }),
  };
  return {
    ctx: { events: new EventBus() },
    api: {
      call: vi.fn(async (method: string) => ({ ok: true, value: answers[method]?.() ?? 'answered' })),
    },
    close: vi.fn(async () => {}),
  } as unknown as Backend;
}

beforeEach(() => resetFake());

describe('the tray host', () => {
  it('is there when the session bus has a StatusNotifierWatcher', async () => {
    const reply = (stdout: string, err: Error | null = null) => hasTrayHost((_f, _a, cb) => cb(err, stdout));
    expect(await reply('method return time=1\n   boolean true\n')).toBe(true);
    expect(await reply('method return time=1\n   boolean false\n')).toBe(false);
    expect(await reply('', new Error('Failed to open connection to "session" message bus'))).toBe(false);
  });

  it('asks dbus-send on the session bus for org.kde.StatusNotifierWatcher', async () => {
    const exec = vi.fn((_f: string, _a: string[], cb: (e: Error | null, s: string) => void) => cb(null, ''));
    await hasTrayHost(exec);
    expect(exec.mock.calls[0][0]).toBe('dbus-send');
    expect(exec.mock.calls[0][1]).toContain('string:org.kde.StatusNotifierWatcher');
    expect(exec.mock.calls[0][1]).toContain('--session');
  });

  it('keeps the app running after its last window closes only with a tray host and the setting on', () => {
    expect(keepRunningWhenClosed(true, true)).toBe(true);
    expect(keepRunningWhenClosed(true, false)).toBe(false);
    expect(keepRunningWhenClosed(false, true)).toBe(false);
  });
});

describe('start-up', () => {
  const ownPage = (win: BrowserWindow) => ({
    sender: win.webContents,
    senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null },
  });

  it('opens the window before the backend is ready; its calls wait for the backend', async () => {
    let ready!: (b: Backend) => void;
    const backend = fakeBackend();
    const started = startApp({
      startBackend: () => new Promise((r) => (ready = r)),
      trayHost: async () => false,
    });
    expect(BrowserWindow.instances).toHaveLength(1);
    const win = BrowserWindow.instances[0];
    expect(win.url).toBe(`${APP_ORIGIN}/index.html`);
    const call = ipcMain.handlers.get('kvm:call')!(ownPage(win), 'app.snapshot', {}) as Promise<unknown>;
    let answered = false;
    void call.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    ready(backend);
    await started;
    expect(await call).toEqual({ ok: true, value: { connections: expect.any(Array), vms: [] } });
    expect(backend.api.call).toHaveBeenCalledWith('app.snapshot', {}, 'win1'); // the window's caller id: its stats watches go with it
  });

  it('quits when the window closes while still connecting, and when no tray host is there', async () => {
    const started = startApp({ startBackend: () => new Promise(() => {}), trayHost: async () => true });
    app.emit('window-all-closed');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    void started;
    resetFake();
    await startApp({ startBackend: async () => fakeBackend(), trayHost: async () => false });
    expect(Tray.instances).toHaveLength(0);
    app.emit('window-all-closed');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
  });

  it('stays in the tray after the window closes where there is a tray and the user wants it', async () => {
    await startApp({ startBackend: async () => fakeBackend([], true), trayHost: async () => true });
    expect(Tray.instances).toHaveLength(1);
    const backend = fakeBackend([], true);
    resetFake();
    await startApp({ startBackend: async () => backend, trayHost: async () => true });
    app.emit('window-all-closed');
    // the answer to settings.get decides; give it time to arrive, then nothing has quit
    await vi.waitFor(() => expect(backend.api.call).toHaveBeenCalledWith('settings.get', {}));
    await new Promise((r) => setTimeout(r, 20));
    expect(app.quit).not.toHaveBeenCalled();
    resetFake();
    await startApp({ startBackend: async () => fakeBackend([], false), trayHost: async () => true });
    app.emit('window-all-closed');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });

  it('reports a failed start in a dialog and on stderr, then quits', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const cause = new Error('could not read /etc/kvm-desk: permission denied');
      await startApp({ startBackend: async () => Promise.reject(cause), trayHost: async () => false }).catch(
        startupFailed,
      );
      expect(dialog.showErrorBox).toHaveBeenCalledWith(
        'KVM Desk could not start',
        expect.stringContaining('could not read /etc/kvm-desk: permission denied'),
      );
      expect(stderr.mock.calls[0].join(' ')).toContain('permission denied');
      expect(app.exit).toHaveBeenCalledWith(1);
    } finally {
      stderr.mockRestore();
    }
  });
});
