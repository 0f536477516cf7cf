// Every lifecycle action the toolbar, the context menu and the keyboard offer: one table, so the
// three stay the same. `allowed` follows what libvirt accepts in each state.
import type { Method, VmState } from '../../../preload/contract';
import { GUEST_SHORTCUTS, shortcutHotkey, shortcutLabel } from '../../../preload/shortcuts';

/** a key of the app's one shortcut table, as the tooltips and @mantine/hooks spell it */
const key = (name: keyof typeof GUEST_SHORTCUTS) => ({
  label: shortcutLabel(GUEST_SHORTCUTS[name]),
  hotkey: shortcutHotkey(GUEST_SHORTCUTS[name]),
});

export type GuestAction =
  | 'start'
  | 'shutdown'
  | 'forceOff'
  | 'reboot'
  | 'reset'
  | 'pause'
  | 'resume'
  | 'delete'
  | 'console';

export interface GuestActionInfo {
  label: string;
  /** the test id suffix and DOM id: toolbar-<slug>, menu-<slug> */
  slug: string;
  /** the api call; delete and console have their own flows */
  method?: Method;
  /** shown in tooltips and the shortcut help; `hotkey` is @mantine/hooks' notation */
  shortcut?: { label: string; hotkey: string };
  /** force off, force reset and delete ask first */
  confirm?: { title: string; body: string; button: string };
  allowed: (state: VmState) => boolean;
  /** verb for "Could not <verb> <name>" */
  verb: string;
}

const active = (s: VmState) => s === 'running' || s === 'blocked';
const notOff = (s: VmState) => s !== 'shutoff' && s !== 'nostate';

export const GUEST_ACTIONS: Record<GuestAction, GuestActionInfo> = {
  start: {
    label: 'Start',
    slug: 'start',
    method: 'vms.start',
    verb: 'start',
    shortcut: key('start'),
    allowed: (s) => s === 'shutoff' || s === 'crashed' || s === 'nostate',
  },
  shutdown: {
    label: 'Shut down',
    slug: 'shutdown',
    method: 'vms.shutdown',
    verb: 'shut down',
    shortcut: key('shutdown'),
    allowed: active,
  },
  forceOff: {
    label: 'Force off',
    slug: 'force-off',
    method: 'vms.forceOff',
    verb: 'force off',
    shortcut: key('forceOff'),
    confirm: {
      title: 'Force off',
      body: 'This cuts the power: the guest does not shut down cleanly and unsaved work in it is lost.',
      button: 'Force off',
    },
    allowed: notOff,
  },
  reboot: {
    label: 'Reboot',
    slug: 'reboot',
    method: 'vms.reboot',
    verb: 'reboot',
    shortcut: key('reboot'),
    allowed: active,
  },
  reset: {
    label: 'Force reset',
    slug: 'reset',
    method: 'vms.reset',
    verb: 'reset',
    shortcut: key('reset'),
    confirm: {
      title: 'Force reset',
      body: 'This presses the reset button: the guest restarts at once and unsaved work in it is lost.',
      button: 'Force reset',
    },
    allowed: (s) => active(s) || s === 'paused',
  },
  pause: {
    label: 'Pause',
    slug: 'pause',
    method: 'vms.pause',
    verb: 'pause',
    shortcut: key('pauseResume'),
    allowed: active,
  },
  resume: {
    label: 'Resume',
    slug: 'resume',
    method: 'vms.resume',
    verb: 'resume',
    shortcut: key('pauseResume'),
    allowed: (s) => s === 'paused',
  },
  delete: {
    label: 'Delete',
    slug: 'delete',
    verb: 'delete',
    shortcut: key('delete'),
    allowed: () => true,
  },
  console: {
    label: 'Console',
    slug: 'console',
    verb: 'open the console of',
    allowed: () => true,
  },
};

/** Pause and Resume share a button: whichever the state allows. */
export function pauseOrResume(state: VmState): 'pause' | 'resume' {
  return state === 'paused' ? 'resume' : 'pause';
}

export const OTHER_SHORTCUTS = [
  { ...key('newGuest'), what: 'New guest' },
  { label: '↑ / ↓', hotkey: '', what: 'Select the previous / next guest' },
] as const;
