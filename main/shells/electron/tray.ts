// The tray icon, its menu (tray-menu.ts) rebuilt from the guest list's events (debounced: a burst of
// events rebuilds once). Made only where the desktop has a tray host (tray-host.ts).
import { app, Menu, nativeImage, Tray } from 'electron';
import type { ApiContext } from '../../api/context';
import { requestTracking } from '../../api/vms';
import { changeState } from '../../services/vms';
import { TRAY_ICONS } from './assets';
import { trayMenuTemplate } from './tray-menu';
import { openConsoleWindow, showMainWindow } from './windows';

/** one image with both sizes: Electron picks the 2x one on HiDPI screens */
export function trayImage(): Electron.NativeImage {
  const image = nativeImage.createFromPath(TRAY_ICONS[1]);
  const hidpi = nativeImage.createFromPath(TRAY_ICONS[2]);
  if (!hidpi.isEmpty()) image.addRepresentation({ scaleFactor: 2, buffer: hidpi.toPNG() });
  return image;
}

export function setupTray(ctx: ApiContext): Tray {
  const tray = new Tray(trayImage());
  tray.setToolTip('KVM Desk');
  const actions = {
    show: () => void showMainWindow(),
    openConsole: (vm: { connection: string; uuid: string; name: string }) =>
      void openConsoleWindow(vm, `${vm.name} – Console`),
    act: (
      vm: { connection: string; uuid: string; name: string },
      action: 'start' | 'shutdown' | 'forceOff',
    ) => {
      try {
        // a Shut down the guest ignores shows in the window, as one asked for there does
        const track = action === 'shutdown' ? requestTracking(ctx, vm.connection) : undefined;
        changeState(ctx.connections.client(vm.connection), vm.uuid, action, track).catch((err: Error) =>
          console.error(`tray: ${action} ${vm.name} failed: ${err.message}`),
        );
      } catch (err) {
        console.error(`tray: ${action} ${vm.name} failed: ${(err as Error).message}`); // not connected
      }
    },
  };
  const rebuild = () => {
    const connections = ctx.connections.list();
    const guests = connections.flatMap((c) => c.store.list());
    const up = new Set(connections.filter((c) => c.getStatus().state === 'connected').map((c) => c.id));
    tray.setContextMenu(
      Menu.buildFromTemplate(trayMenuTemplate(guests, actions, (vm) => up.has(vm.connection))),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 250);
  };
  ctx.events.on('vm.changed', soon);
  ctx.events.on('vm.removed', soon);
  ctx.events.on('connection', soon);
  // where the desktop does deliver clicks (KDE, XFCE), a click shows the window too
  tray.on('click', actions.show);
  app.on('before-quit', () => tray.destroy());
  rebuild();
  return tray;
}
