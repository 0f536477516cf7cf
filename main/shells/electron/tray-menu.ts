// The tray's menu as data (no Electron here): Show KVM Desk first, each guest with Start / Shut down /
// Force off / Open console, then Quit. Every action is a menu item: under AppIndicator (GNOME, Ubuntu)
// a click on the icon only opens this menu, so nothing may depend on the tray's own `click` event.
import type { MenuItemConstructorOptions } from 'electron';
import type { VmSummary } from '../../../preload/contract';

export const MAX_GUESTS = 30; // a tray menu is not a guest list: the window has the rest

export type TrayAction = 'start' | 'shutdown' | 'forceOff';

export interface TrayActions {
  show(): void;
  act(vm: VmSummary, action: TrayAction): void;
  openConsole(vm: VmSummary): void;
}

function guestItem(vm: VmSummary, actions: TrayActions): MenuItemConstructorOptions {
  const running = vm.state === 'running' || vm.state === 'paused' || vm.state === 'blocked';
  return {
    label: `${vm.name} (${vm.state})`,
    submenu: [
      { label: 'Start', enabled: !running, click: () => actions.act(vm, 'start') },
      { label: 'Shut Down', enabled: running, click: () => actions.act(vm, 'shutdown') },
      { label: 'Force Off', enabled: running, click: () => actions.act(vm, 'forceOff') },
      { type: 'separator' },
      { label: 'Open Console', enabled: vm.hasConsole, click: () => actions.openConsole(vm) },
    ],
  };
}

export function trayMenuTemplate(guests: VmSummary[], actions: TrayActions): MenuItemConstructorOptions[] {
  const vms = [...guests].sort((a, b) => a.name.localeCompare(b.name));
  const items: MenuItemConstructorOptions[] = [
    { label: 'Show KVM Desk', click: () => actions.show() },
    { type: 'separator' },
    ...vms.slice(0, MAX_GUESTS).map((vm) => guestItem(vm, actions)),
  ];
  if (vms.length === 0) items.push({ label: 'No guests yet', enabled: false });
  if (vms.length > MAX_GUESTS)
    items.push({ label: `${vms.length - MAX_GUESTS} more in the window…`, enabled: false });
  items.push({ type: 'separator' }, { label: 'Quit KVM Desk', role: 'quit' });
  return items;
}
