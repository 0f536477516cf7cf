// The tray icon, its menu (tray-menu.ts) rebuilt from the guest list's events (debounced: a burst of
// events rebuilds once). Made only where the desktop has a tray host (tray-host.ts). Like every other
// caller it goes through the api (validated), never to the services directly.
import { app, Menu, nativeImage, Tray } from 'electron';
import type { ResultOf, VmSummary } from '../../../preload/contract';
import type { Api } from '../../api';
import type { EventBus } from '../../services/events';
import { TRAY_ICONS } from './assets';
import { type TrayAction, trayMenuTemplate } from './tray-menu';
import { showMainWindow } from './windows';

/** one image with both sizes: Electron picks the 2x one on HiDPI screens */
export function trayImage(): Electron.NativeImage {
  const image = nativeImage.createFromPath(TRAY_ICONS[1]);
  const hidpi = nativeImage.createFromPath(TRAY_ICONS[2]);
  if (!hidpi.isEmpty()) image.addRepresentation({ scaleFactor: 2, buffer: hidpi.toPNG() });
  return image;
}

export function setupTray(api: Api, events: EventBus): Tray {
  const tray = new Tray(trayImage());
  tray.setToolTip('KVM Desk');
  const call = (method: string, vm: VmSummary) =>
    void api.call(method, { connection: vm.connection, uuid: vm.uuid }).then((r) => {
      if (!r.ok) console.error(`tray: ${method} ${vm.name} failed: ${r.error.message}`);
    });
  const actions = {
    show: () => void showMainWindow(),
    // the api opens (or focuses) the guest's console window through the shell's hook
    openConsole: (vm: VmSummary) => call('console.openWindow', vm),
    // a Shut down the guest ignores shows in the window, as one asked for there does (the api tracks it)
    act: (vm: VmSummary, action: TrayAction) => call(`vms.${action}`, vm),
  };
  let generation = 0;
  const rebuild = async () => {
    const mine = ++generation;
    const r = await api.call('app.snapshot', {});
    // a slower answer to an older rebuild never replaces a newer menu
    if (!r.ok || mine !== generation) return;
    const { connections, vms } = r.value as ResultOf<'app.snapshot'>;
    const up = new Set(connections.filter((c) => c.state === 'connected').map((c) => c.id));
    tray.setContextMenu(
      Menu.buildFromTemplate(trayMenuTemplate(vms, actions, (vm) => up.has(vm.connection))),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 250);
  };
  events.on('vm.changed', soon);
  events.on('vm.removed', soon);
  events.on('connection', soon);
  // where the desktop does deliver clicks (KDE, XFCE), a click shows the window too
  tray.on('click', actions.show);
  app.on('before-quit', () => tray.destroy());
  void rebuild();
  return tray;
}
