// The tray's menu as data (no Electron here): Show KVM Desk first, each guest with Start / Shut down /
// Force off / Open console, then Quit. Every action is a menu item: under AppIndicator (GNOME, Ubuntu)
// a click on the icon only opens this menu, so nothing may depend on the tray's own `click` event.
import type { MenuItemConstructorOptions } from 'electron';
import type { VmSummary } from '../../../preload/contract';
import { allowedActions } from '../../../preload/guest-actions';

export const MAX_GUESTS = 30; // a tray menu is not a guest list: the window has the rest

export type TrayAction = 'start' | 'shutdown' | 'forceOff';

export interface TrayActions {
  show(): void;
  act(vm: VmSummary, action: TrayAction): void;
  openConsole(vm: VmSummary): void;
}

function guestItem(vm: VmSummary, actions: TrayActions, connected: boolean): MenuItemConstructorOptions {
  // the window's rule (preload/guest-actions.ts): a paused guest cannot be shut down, an off one has no console
  const may = allowedActions(vm.state, {
    persistent: vm.persistent,
    connected,
    hasConsole: vm.hasConsole,
    savedState: vm.savedState,
  });
  return {
    label: `${vm.name} (${vm.state})`,
    submenu: [
      { label: 'Start', enabled: may.start.enabled, click: () => actions.act(vm, 'start') },
      { label: 'Shut Down', enabled: may.shutdown.enabled, click: () => actions.act(vm, 'shutdown') },
      { label: 'Force Off', enabled: may.forceOff.enabled, click: () => actions.act(vm, 'forceOff') },
      { type: 'separator' },
      { label: 'Open Console', enabled: may.console.enabled, click: () => actions.openConsole(vm) },
    ],
  };
}

/** `connected` says whether a guest's libvirt connection is up (every action is disabled while not) */
export function trayMenuTemplate(
  guests: VmSummary[],
  actions: TrayActions,
  connected: (vm: VmSummary) => boolean = () => true,
): MenuItemConstructorOptions[] {
  const vms = [...guests].sort((a, b) => a.name.localeCompare(b.name));
  const items: MenuItemConstructorOptions[] = [
    { label: 'Show KVM Desk', click: () => actions.show() },
    { type: 'separator' },
    ...vms.slice(0, MAX_GUESTS).map((vm) => guestItem(vm, actions, connected(vm))),
  ];
  if (vms.length === 0) items.push({ label: 'No guests yet', enabled: false });
  if (vms.length > MAX_GUESTS)
    items.push({ label: `${vms.length - MAX_GUESTS} more in the window…`, enabled: false });
  items.push({ type: 'separator' }, { label: 'Quit KVM Desk', role: 'quit' });
  return items;
}
