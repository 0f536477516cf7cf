// Every lifecycle action the toolbar, the context menu and the keyboard offer: one table, so the
// three stay the same. `allowed` follows what libvirt accepts in each state.
import type { Method, VmState } from '../../../preload/contract';

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
    shortcut: { label: 'Ctrl+Enter', hotkey: 'mod+Enter' },
    allowed: (s) => s === 'shutoff' || s === 'crashed' || s === 'nostate',
  },
  shutdown: {
    label: 'Shut down',
    slug: 'shutdown',
    method: 'vms.shutdown',
    verb: 'shut down',
    shortcut: { label: 'Ctrl+Shift+S', hotkey: 'mod+shift+S' },
    allowed: active,
  },
  forceOff: {
    label: 'Force off',
    slug: 'force-off',
    method: 'vms.forceOff',
    verb: 'force off',
    shortcut: { label: 'Ctrl+Shift+F', hotkey: 'mod+shift+F' },
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
    shortcut: { label: 'Ctrl+R', hotkey: 'mod+R' },
    allowed: active,
  },
  reset: {
    label: 'Force reset',
    slug: 'reset',
    method: 'vms.reset',
    verb: 'reset',
    shortcut: { label: 'Ctrl+Shift+R', hotkey: 'mod+shift+R' },
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
    shortcut: { label: 'Ctrl+P', hotkey: 'mod+P' },
    allowed: active,
  },
  resume: {
    label: 'Resume',
    slug: 'resume',
    method: 'vms.resume',
    verb: 'resume',
    shortcut: { label: 'Ctrl+P', hotkey: 'mod+P' },
    allowed: (s) => s === 'paused',
  },
  delete: {
    label: 'Delete',
    slug: 'delete',
    verb: 'delete',
    shortcut: { label: 'Delete', hotkey: 'Delete' },
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
  { label: 'Ctrl+Alt+N', hotkey: 'mod+alt+N', what: 'New guest' },
  { label: '↑ / ↓', hotkey: '', what: 'Select the previous / next guest' },
] as const;
