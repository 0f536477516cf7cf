// The tray: its menu per guest state (the toolbar's rule), most recently used first, state words and
// icons, New guest…, Quit that asks while consoles are open, failures as notifications; and Electron's
// notifications from the event log. Against the stand-in for `electron` (fake-electron.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { EventBus } from '../../../main/services/events';
import type { Backend } from '../../../main/shells/boot';
import { setupNotifications } from '../../../main/shells/electron/notifications';
import { setupTray, trayImage } from '../../../main/shells/electron/tray';
import { MAX_GUESTS, quitQuestion, trayMenuTemplate } from '../../../main/shells/electron/tray-menu';
import { openConsoleWindow } from '../../../main/shells/electron/windows';
import type { EventLogEntry, Settings, VmSummary } from '../../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../../preload/notify-rules';
import { app, BrowserWindow, dialog, Notification, resetFake, Tray } from './fake-electron';

type Item = Electron.MenuItemConstructorOptions;

const vm = (name: string, state: VmSummary['state'] = 'shutoff', more: Partial<VmSummary> = {}): VmSummary =>
  ({
    connection: 'qemu:///system',
    uuid: `u-${name}`,
    name,
    state,
    hasConsole: true,
    persistent: true,
    ...more,
  }) as VmSummary;

const actions = () => ({
  show: vi.fn(),
  newGuest: vi.fn(),
  quit: vi.fn(),
  act: vi.fn(),
  openConsole: vi.fn(),
});
const labels = (items: Item[]) => items.filter((i) => i.label).map((i) => i.label);
/** the labels of one guest's submenu, the guest alone in the menu */
const offered = (g: VmSummary, connected = true) =>
  labels(trayMenuTemplate([g], actions(), { connected: () => connected })[3].submenu as Item[]);

function fakeBackend(guests: VmSummary[], fail?: string): Backend {
  const connections = [{ id: 'qemu:///system', state: 'connected' }];
  return {
    ctx: { events: new EventBus() },
    api: {
      call: vi.fn(async (method: string) =>
        method === 'app.snapshot'
          ? { ok: true, value: { connections, vms: [...guests] } }
          : fail
            ? { ok: false, error: { code: 'LIBVIRT', message: fail } }
            : { ok: true, value: null },
      ),
    },
  } as unknown as Backend;
}

beforeEach(() => {
  // windows.ts remembers its main and console windows: the user closes them between tests
  for (const w of BrowserWindow.getAllWindows()) w.close();
  resetFake();
});

describe('the tray menu', () => {
  it('has Show KVM Desk and New Guest… first, each guest with its state in words, Quit last', () => {
    const a = actions();
    const menu = trayMenuTemplate([vm('b', 'running'), vm('a'), vm('s', 'shutoff', { savedState: true })], a);
    expect(labels(menu)).toEqual([
      'Show KVM Desk',
      'New Guest…',
      'a — off',
      'b — running',
      's — saved',
      'Quit KVM Desk',
    ]);
    for (const [label, fn] of [
      ['Show KVM Desk', a.show],
      ['New Guest…', a.newGuest],
      ['Quit KVM Desk', a.quit],
    ] as const) {
      (menu.find((i) => i.label === label)!.click as () => void)();
      expect(fn).toHaveBeenCalled();
    }
  });

  it('lists the most recently used guests first, the never used after them by name', () => {
    const used: Record<string, number> = { c: 100, b: 300 };
    const menu = trayMenuTemplate([vm('a'), vm('b'), vm('c'), vm('d')], actions(), {
      lastUsed: (g) => used[g.name] ?? 0,
    });
    expect(labels(menu).slice(2, 6)).toEqual(['b — off', 'c — off', 'a — off', 'd — off']);
  });

  it('offers a running guest every action the toolbar allows it', () => {
    expect(offered(vm('r', 'running'))).toEqual([
      'Shut Down',
      'Pause',
      'Save State',
      'Force Off',
      'Open Console',
    ]);
  });

  it('offers a paused guest Resume, Save State, Force Off and its console (no Shut Down: it cannot act on it)', () => {
    expect(offered(vm('p', 'paused'))).toEqual(['Resume', 'Save State', 'Force Off', 'Open Console']);
  });

  it('offers an off guest Start only, and a saved one Start that restores', () => {
    expect(offered(vm('o'))).toEqual(['Start']);
    expect(offered(vm('s', 'shutoff', { savedState: true }))).toEqual(['Start (restore saved state)']);
  });

  it('offers a transient guest no Save State, and one without a display no console', () => {
    expect(offered(vm('t', 'running', { persistent: false }))).not.toContain('Save State');
    expect(offered(vm('n', 'running', { hasConsole: false }))).not.toContain('Open Console');
  });

  it('says why nothing can be done while libvirt is not connected', () => {
    const items = trayMenuTemplate([vm('r', 'running')], actions(), { connected: () => false })[3]
      .submenu as Item[];
    expect(items).toEqual([{ label: 'KVM Desk is not connected to libvirt.', enabled: false }]);
  });

  it('shows each state with its icon: running, paused, saved, off', () => {
    const icon = vi.fn((name: string) => `icon:${name}`);
    const menu = trayMenuTemplate(
      [vm('a', 'running'), vm('b', 'paused'), vm('c', 'shutoff', { savedState: true }), vm('d', 'crashed')],
      actions(),
      { icon: icon as never },
    );
    expect(menu.slice(3, 7).map((i) => i.icon)).toEqual([
      'icon:running',
      'icon:paused',
      'icon:saved',
      'icon:off',
    ]);
  });

  it('sends each action to the guest it belongs to', () => {
    const a = actions();
    const sub = trayMenuTemplate([vm('r', 'running')], a)[3].submenu as Item[];
    const click = (label: string) => (sub.find((i) => i.label === label)!.click as () => void)();
    click('Pause');
    click('Open Console');
    expect(a.act).toHaveBeenCalledWith(expect.objectContaining({ name: 'r' }), 'pause');
    expect(a.openConsole).toHaveBeenCalledWith(expect.objectContaining({ name: 'r' }));
  });

  it('says when there are no guests, and sends the rest of a long list to the window', () => {
    expect(trayMenuTemplate([], actions()).some((i) => i.label === 'No guests yet')).toBe(true);
    const many = Array.from({ length: MAX_GUESTS + 5 }, (_, i) => vm(`g${String(i).padStart(2, '0')}`));
    const menu = trayMenuTemplate(many, actions());
    expect(menu.filter((i) => i.submenu)).toHaveLength(MAX_GUESTS);
    expect(menu.some((i) => i.label === '5 more in the window…')).toBe(true);
  });

  it('asks before quitting only while console windows are open', () => {
    expect(quitQuestion(0)).toBeNull();
    expect(quitQuestion(2)).toMatchObject({ buttons: ['Quit', 'Cancel'], cancelId: 1 });
    expect(quitQuestion(2)?.detail).toMatch(/^2 console windows are open/);
  });
});

describe('the tray', () => {
  it('uses one icon with the 1x and the 2x (HiDPI) pictures', () => {
    const image = trayImage() as unknown as { path: string; representations: { scaleFactor: number }[] };
    expect(image.path).toMatch(/tray\.png/);
    expect(image.representations.map((r) => r.scaleFactor)).toEqual([2]);
  });

  it('is rebuilt within a second of an event, once for a burst, in the order of last use', async () => {
    vi.useFakeTimers();
    try {
      const guests = [vm('a')];
      const backend = fakeBackend(guests);
      const used: Record<string, number> = {};
      let onUsed = () => {};
      setupTray(backend.api, backend.ctx.events, {
        lastUsed: (r) => used[r.uuid] ?? 0,
        onUsed: (l) => (onUsed = l),
      });
      const tray = Tray.instances[0];
      await vi.advanceTimersByTimeAsync(0);
      expect(labels(tray.menu?.template ?? [])).toContain('a — off');
      guests.push(vm('z', 'running'));
      for (let i = 0; i < 50; i++) backend.ctx.events.emit('vm.changed', vm('z', 'running'));
      await vi.advanceTimersByTimeAsync(1000);
      expect(labels(tray.menu?.template ?? []).slice(2, 4)).toEqual(['a — off', 'z — running']);
      const snapshots = vi.mocked(backend.api.call).mock.calls.filter(([m]) => m === 'app.snapshot');
      expect(snapshots).toHaveLength(2);
      used['u-z'] = Date.now(); // its console opened
      onUsed();
      await vi.advanceTimersByTimeAsync(1000);
      expect(labels(tray.menu?.template ?? []).slice(2, 4)).toEqual(['z — running', 'a — off']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('acts through the api; a failure is a notification with the cause', async () => {
    const backend = fakeBackend(
      [vm('r', 'running')],
      'Requested operation is not valid: domain is not running',
    );
    setupTray(backend.api, backend.ctx.events);
    await vi.waitFor(() => expect(Tray.instances[0].menu).toBeDefined());
    const guest = Tray.instances[0].menu!.template.find((i) => i.label === 'r — running')!;
    ((guest.submenu as Item[]).find((i) => i.label === 'Pause')!.click as () => void)();
    const ref = { connection: 'qemu:///system', uuid: 'u-r' };
    expect(backend.api.call).toHaveBeenCalledWith('vms.pause', ref);
    await vi.waitFor(() => expect(Notification.instances).toHaveLength(1));
    expect(Notification.instances[0].options).toMatchObject({
      title: 'Could not pause r',
      body: 'Requested operation is not valid: domain is not running',
    });
    expect(Notification.instances[0].shown).toBe(true);
  });

  it('New Guest… shows the main window on the wizard route', async () => {
    const backend = fakeBackend([]);
    setupTray(backend.api, backend.ctx.events);
    await vi.waitFor(() => expect(Tray.instances[0].menu).toBeDefined());
    (Tray.instances[0].menu!.template.find((i) => i.label === 'New Guest…')!.click as () => void)();
    expect(BrowserWindow.instances.at(-1)?.url).toMatch(/#\/new$/);
  });

  it('Quit asks while a console window is open and quits on "Quit"', async () => {
    const backend = fakeBackend([]);
    setupTray(backend.api, backend.ctx.events);
    await vi.waitFor(() => expect(Tray.instances[0].menu).toBeDefined());
    const quit = () => (Tray.instances[0].menu!.template.at(-1)!.click as () => void)();
    quit();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
    expect(app.quit).toHaveBeenCalledTimes(1);
    openConsoleWindow({ connection: 'qemu:///system', uuid: 'u-c' });
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 }); // Cancel
    quit();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalledTimes(1));
    expect(app.quit).toHaveBeenCalledTimes(1);
    quit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(2));
  });
});

describe('notifications in Electron', () => {
  const crash: EventLogEntry = {
    id: 3,
    time: 0,
    kind: 'lifecycle',
    connection: 'qemu:///system',
    uuid: 'u-w',
    guest: 'web',
    event: 'crashed',
    detail: 'panicked',
    message: 'Crashed: panicked',
  };
  const settings =
    (notifications = NOTIFY_DEFAULTS) =>
    () =>
      ({ notifications }) as Settings;

  it('shows a crash while no window of ours has focus; a click shows the guest in the main window', () => {
    const events = new EventBus();
    setupNotifications(events, settings());
    events.emit('eventLog.entry', crash);
    const [n] = Notification.instances;
    expect(n.options).toMatchObject({ title: 'web crashed', body: 'Crashed: panicked' });
    n.emit('click');
    expect(BrowserWindow.instances.at(-1)?.url).toMatch(/#\/vm\/qemu%3A%2F%2F%2Fsystem\/u-w$/);
  });

  it('shows nothing while one of our windows has focus, or with the kind turned off', () => {
    const events = new EventBus();
    const off = { ...NOTIFY_DEFAULTS, crashed: false };
    let current = NOTIFY_DEFAULTS;
    setupNotifications(events, () => ({ notifications: current }) as Settings);
    BrowserWindow.focused = new BrowserWindow({});
    events.emit('eventLog.entry', crash);
    BrowserWindow.focused = null;
    current = off;
    events.emit('eventLog.entry', crash);
    expect(Notification.instances).toHaveLength(0);
  });
});
