// The tray: each guest with Start / Shut down / Open console, plus Show KVM Desk and Quit. Rebuilt from
// the guest list's events (debounced: a burst of events rebuilds once).
/// <reference types="electron-vite/node" />
import { app, Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import trayIconPath from '../../../assets/tray.png?asset';
import type { VmSummary } from '../../../preload/contract';
import type { ApiContext } from '../../api/context';
import { changeState } from '../../services/vms';
import { openConsoleWindow, showMainWindow } from './windows';

const MAX_GUESTS = 30; // a tray menu is not a guest list: the window has the rest

function guestItem(ctx: ApiContext, vm: VmSummary): MenuItemConstructorOptions {
  const act = (action: 'start' | 'shutdown' | 'forceOff') => () => {
    changeState(ctx.connections.client(vm.connection), vm.uuid, action).catch((err: Error) =>
      console.error(`tray: ${action} ${vm.name} failed: ${err.message}`),
    );
  };
  const running = vm.state === 'running' || vm.state === 'paused' || vm.state === 'blocked';
  return {
    label: `${vm.name} (${vm.state})`,
    submenu: [
      { label: 'Start', enabled: !running, click: act('start') },
      { label: 'Shut Down', enabled: running, click: act('shutdown') },
      { label: 'Force Off', enabled: running, click: act('forceOff') },
      { type: 'separator' },
      {
        label: 'Open Console',
        enabled: vm.hasConsole,
        click: () => openConsoleWindow(vm, `${vm.name} – Console`),
      },
    ],
  };
}

export function setupTray(ctx: ApiContext): Tray {
  // electron-vite copies the icon next to the build (packaged apps have no assets/ folder)
  const icon = nativeImage.createFromPath(trayIconPath);
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
  tray.setToolTip('KVM Desk');
  const rebuild = () => {
    const vms = ctx.connections
      .list()
      .flatMap((c) => c.store.list())
      .sort((a, b) => a.name.localeCompare(b.name));
    const items: MenuItemConstructorOptions[] = vms.slice(0, MAX_GUESTS).map((vm) => guestItem(ctx, vm));
    if (vms.length === 0) items.push({ label: 'No guests yet', enabled: false });
    if (vms.length > MAX_GUESTS)
      items.push({ label: `${vms.length - MAX_GUESTS} more in the window…`, enabled: false });
    items.push(
      { type: 'separator' },
      { label: 'Show KVM Desk', click: () => showMainWindow() },
      { label: 'Quit', role: 'quit' },
    );
    tray.setContextMenu(Menu.buildFromTemplate(items));
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 250);
  };
  ctx.events.on('vm.changed', soon);
  ctx.events.on('vm.removed', soon);
  tray.on('click', () => showMainWindow());
  app.on('before-quit', () => tray.destroy());
  rebuild();
  return tray;
}
