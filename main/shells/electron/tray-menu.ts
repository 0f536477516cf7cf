// The tray's menu as data (no Electron here): Show KVM Desk and New guest… first, then the guests most
// recently used first, each labelled with its state in words and an icon, with every action its state
// allows (the toolbar's rule, preload/guest-actions.ts), then Quit. Every action is a menu item: under
// AppIndicator (GNOME, Ubuntu) a click on the icon only opens this menu, so nothing may depend on the
// tray's own `click` event.
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type { VmState, VmSummary } from '../../../preload/contract';
import { allowedActions, type GuestAction } from '../../../preload/guest-actions';

export const MAX_GUESTS = 30; // a tray menu is not a guest list: the window has the rest

export type TrayAction = 'start' | 'shutdown' | 'forceOff' | 'pause' | 'resume' | 'saveState';

/** the state icons (assets/tray-states/) */
export type StateIcon = 'running' | 'paused' | 'saved' | 'off';

export interface TrayActions {
  show(): void;
  newGuest(): void;
  quit(): void;
  act(vm: VmSummary, action: TrayAction): void;
  openConsole(vm: VmSummary): void;
}

export interface TrayMenuOptions {
  /** whether a guest's libvirt connection is up (every action is disabled while not); default: up */
  connected?: (vm: VmSummary) => boolean;
  /** ms since the epoch of the guest's last use (started, console opened); 0: never */
  lastUsed?: (vm: VmSummary) => number;
  /** the menu item's image for a state icon (Electron's nativeImage); none when absent */
  icon?: (name: StateIcon) => MenuItemConstructorOptions['icon'];
}

const WORDS: Record<VmState, string> = {
  running: 'running',
  blocked: 'running',
  paused: 'paused',
  shutdown: 'shutting down',
  shutoff: 'off',
  crashed: 'crashed',
  pmsuspended: 'asleep',
  nostate: 'off',
};

/** the guest's state in words, as the tray shows it: "running", "paused", "saved", "off" ... */
export function stateWords(vm: Pick<VmSummary, 'state' | 'savedState'>): string {
  return (vm.state === 'shutoff' || vm.state === 'nostate') && vm.savedState ? 'saved' : WORDS[vm.state];
}

export function stateIcon(vm: Pick<VmSummary, 'state' | 'savedState'>): StateIcon {
  switch (vm.state) {
    case 'running':
    case 'blocked':
    case 'shutdown':
      return 'running';
    case 'paused':
    case 'pmsuspended':
      return 'paused';
    default:
      return vm.savedState ? 'saved' : 'off';
  }
}

/** the guest's actions in the order the toolbar has them, with their menu labels */
const ITEMS: { action: TrayAction | 'console'; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'resume', label: 'Resume' },
  { action: 'shutdown', label: 'Shut Down' },
  { action: 'pause', label: 'Pause' },
  { action: 'saveState', label: 'Save State' },
  { action: 'forceOff', label: 'Force Off' },
  { action: 'console', label: 'Open Console' },
];

function guestItem(vm: VmSummary, actions: TrayActions, opts: TrayMenuOptions): MenuItemConstructorOptions {
  const may = allowedActions(vm.state, {
    persistent: vm.persistent,
    connected: opts.connected?.(vm) ?? true,
    hasConsole: vm.hasConsole,
    savedState: vm.savedState,
  });
  const allowed = ITEMS.filter((i) => may[i.action as GuestAction].enabled);
  const submenu: MenuItemConstructorOptions[] = allowed.map(({ action, label }) => ({
    label: action === 'start' && vm.savedState ? 'Start (restore saved state)' : label,
    click: () => (action === 'console' ? actions.openConsole(vm) : actions.act(vm, action)),
  }));
  // nothing allowed: say why (the reason is the same for every action then: not connected, or the state)
  if (!submenu.length) submenu.push({ label: may.start.reason ?? 'Nothing to do now', enabled: false });
  const icon = opts.icon?.(stateIcon(vm));
  return { label: `${vm.name} — ${stateWords(vm)}`, ...(icon && { icon }), submenu };
}

/** most recently used first; never-used guests after them by name */
export function trayOrder(guests: VmSummary[], lastUsed: (vm: VmSummary) => number = () => 0): VmSummary[] {
  return [...guests].sort((a, b) => lastUsed(b) - lastUsed(a) || a.name.localeCompare(b.name));
}

export function trayMenuTemplate(
  guests: VmSummary[],
  actions: TrayActions,
  opts: TrayMenuOptions = {},
): MenuItemConstructorOptions[] {
  const vms = trayOrder(guests, opts.lastUsed);
  const items: MenuItemConstructorOptions[] = [
    { label: 'Show KVM Desk', click: () => actions.show() },
    { label: 'New Guest…', click: () => actions.newGuest() },
    { type: 'separator' },
    ...vms.slice(0, MAX_GUESTS).map((vm) => guestItem(vm, actions, opts)),
  ];
  if (vms.length === 0) items.push({ label: 'No guests yet', enabled: false });
  if (vms.length > MAX_GUESTS)
    items.push({ label: `${vms.length - MAX_GUESTS} more in the window…`, enabled: false });
  items.push({ type: 'separator' }, { label: 'Quit KVM Desk', click: () => actions.quit() });
  return items;
}

/** Quit asks first while consoles are open (closing them is easy to regret); null: quit at once */
export function quitQuestion(openConsoles: number): MessageBoxOptions | null {
  if (openConsoles === 0) return null;
  return {
    type: 'question',
    buttons: ['Quit', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    title: 'Quit KVM Desk',
    message: 'Quit KVM Desk?',
    detail: `${openConsoles === 1 ? 'A console window is' : `${openConsoles} console windows are`} open. The guests keep running; only their windows close.`,
  };
}

/** a failed tray action's notification: what failed and libvirt's (or KVM Desk's) cause */
export function failureNotice(vm: VmSummary, action: TrayAction | 'console', cause: string) {
  const what = ITEMS.find((i) => i.action === action)?.label.toLowerCase() ?? action;
  return { title: `Could not ${what} ${vm.name}`, body: cause };
}
