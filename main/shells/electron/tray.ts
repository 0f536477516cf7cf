// The tray icon, its menu (tray-menu.ts) rebuilt from the guest list's events (debounced: a burst of
// events rebuilds once, within 250 ms of the last). Made only where the desktop has a tray host
// (tray-host.ts). Like every other caller it goes through the api (validated), never to the services
// directly; the guests' order comes from the recent-use record (services/recent-guests.ts).
import { app, dialog, Menu, nativeImage, Tray } from 'electron';
import type { ResultOf, VmRef, VmSummary } from '../../../preload/contract';
import { NEW_GUEST_HASH } from '../../../preload/routes';
import type { Api } from '../../api';
import type { EventBus } from '../../services/events';
import { STATE_ICONS, TRAY_ICONS } from './assets';
import { notify } from './notifications';
import { failureNotice, quitQuestion, type StateIcon, type TrayAction, trayMenuTemplate } from './tray-menu';
import { openConsoleCount, showMainWindow } from './windows';

const REBUILD_MS = 250;

/** one image with both sizes: Electron picks the 2x one on HiDPI screens */
function twoSizes(paths: { 1: string; 2: string }): Electron.NativeImage {
  const image = nativeImage.createFromPath(paths[1]);
  const hidpi = nativeImage.createFromPath(paths[2]);
  if (!hidpi.isEmpty()) image.addRepresentation({ scaleFactor: 2, buffer: hidpi.toPNG() });
  return image;
}

export function trayImage(): Electron.NativeImage {
  return twoSizes(TRAY_ICONS);
}

export function setupTray(
  api: Api,
  events: EventBus,
  recent: { lastUsed(ref: VmRef): number; onUsed?(listener: () => void): void } = { lastUsed: () => 0 },
): Tray {
  const tray = new Tray(trayImage());
  tray.setToolTip('KVM Desk');
  const icons = new Map<StateIcon, Electron.NativeImage>();
  const icon = (name: StateIcon) => {
    if (!icons.has(name)) icons.set(name, twoSizes(STATE_ICONS[name]));
    return icons.get(name);
  };
  // a failure is a notification with its cause: the tray has no window to show it in
  const call = (method: string, vm: VmSummary, action: TrayAction | 'console') =>
    void api.call(method, { connection: vm.connection, uuid: vm.uuid }).then((r) => {
      if (r.ok) return;
      const n = failureNotice(vm, action, r.error.message);
      notify(n.title, n.body);
    });
  const actions = {
    show: () => void showMainWindow(),
    newGuest: () => void showMainWindow(NEW_GUEST_HASH),
    quit: () => {
      const question = quitQuestion(openConsoleCount());
      if (!question) return app.quit();
      void dialog.showMessageBox(question).then(({ response }) => {
        if (response === 0) app.quit();
      });
    },
    // the api opens (or focuses) the guest's console window through the shell's hook
    openConsole: (vm: VmSummary) => call('console.openWindow', vm, 'console'),
    // a Shut down the guest ignores shows in the window, as one asked for there does (the api tracks it)
    act: (vm: VmSummary, action: TrayAction) => call(`vms.${action}`, vm, action),
  };
  let generation = 0;
  const rebuild = async () => {
    const mine = ++generation;
    const r = await api.call('app.snapshot', {});
    // a slower answer to an older rebuild never replaces a newer menu
    if (!r.ok || mine !== generation) return;
    const { connections, vms } = r.value as ResultOf<'app.snapshot'>;
    const up = new Set(connections.filter((c) => c.state === 'connected').map((c) => c.id));
    const template = trayMenuTemplate(vms, actions, {
      connected: (vm) => up.has(vm.connection),
      lastUsed: (vm) => recent.lastUsed(vm),
      icon,
    });
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), REBUILD_MS);
  };
  events.on('vm.changed', soon);
  events.on('vm.removed', soon);
  events.on('connection', soon);
  // a console opened reorders the guests (a started guest also sends vm.changed)
  recent.onUsed?.(soon);
  // where the desktop does deliver clicks (KDE, XFCE), a click shows the window too
  tray.on('click', actions.show);
  app.on('before-quit', () => tray.destroy());
  void rebuild();
  return tray;
}
