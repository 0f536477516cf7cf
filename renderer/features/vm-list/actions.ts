// Every lifecycle action the toolbar, the context menu and the keyboard offer: one table, so the
// three stay the same. Which of them a guest's state allows, and why not, is preload/guest-actions.ts.
import type { Method, VmState } from '../../../preload/contract';
import type { GuestAction } from '../../../preload/guest-actions';
import {
  GUEST_SHORTCUTS,
  SHELL_SHORTCUTS,
  type Shell,
  shortcutHotkey,
  shortcutLabel,
} from '../../../preload/shortcuts';
import { RELEASE_KEY_LABEL } from '../console/release-key';

/** a key of the app's one shortcut table, as the tooltips and @mantine/hooks spell it */
const key = (name: keyof typeof GUEST_SHORTCUTS) => ({
  label: shortcutLabel(GUEST_SHORTCUTS[name]),
  hotkey: shortcutHotkey(GUEST_SHORTCUTS[name]),
});

export type { GuestAction };

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
  /** verb for "Could not <verb> <name>" */
  verb: string;
}

export const GUEST_ACTIONS: Record<GuestAction, GuestActionInfo> = {
  start: {
    label: 'Start',
    slug: 'start',
    method: 'vms.start',
    verb: 'start',
    shortcut: key('start'),
  },
  shutdown: {
    label: 'Shut down',
    slug: 'shutdown',
    method: 'vms.shutdown',
    verb: 'shut down',
    shortcut: key('shutdown'),
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
  },
  reboot: {
    label: 'Reboot',
    slug: 'reboot',
    method: 'vms.reboot',
    verb: 'reboot',
    shortcut: key('reboot'),
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
  },
  pause: {
    label: 'Pause',
    slug: 'pause',
    method: 'vms.pause',
    verb: 'pause',
    shortcut: key('pauseResume'),
  },
  resume: {
    label: 'Resume',
    slug: 'resume',
    method: 'vms.resume',
    verb: 'resume',
    shortcut: key('pauseResume'),
  },
  saveState: {
    label: 'Save state',
    slug: 'save-state',
    method: 'vms.saveState',
    verb: 'save the state of',
  },
  discardSavedState: {
    label: 'Discard saved state',
    slug: 'discard-saved-state',
    method: 'vms.discardSavedState',
    verb: 'discard the saved state of',
    confirm: {
      title: 'Discard saved state',
      body:
        'The memory saved with this guest is deleted: the next start boots it afresh, as after a power cut, ' +
        'and unsaved work in it is lost.',
      button: 'Discard',
    },
  },
  delete: {
    label: 'Delete',
    slug: 'delete',
    verb: 'delete',
    shortcut: key('delete'),
  },
  console: {
    label: 'Console',
    slug: 'console',
    verb: 'open the console of',
  },
  clone: {
    label: 'Clone',
    slug: 'clone',
    verb: 'clone',
  },
  makePermanent: {
    label: 'Make permanent',
    slug: 'make-permanent',
    method: 'vms.makePermanent',
    verb: 'make a permanent guest of',
  },
};

/** Pause and Resume share a button: whichever the state allows. */
export function pauseOrResume(state: VmState): 'pause' | 'resume' {
  return state === 'paused' ? 'resume' : 'pause';
}

/** New guest's key: Ctrl+N in the desktop app, Ctrl+Alt+N in a browser (preload/shortcuts.ts) */
export function newGuestKey(shell: Shell) {
  const accelerator = SHELL_SHORTCUTS[shell].newGuest;
  return { label: shortcutLabel(accelerator), hotkey: shortcutHotkey(accelerator) };
}

/** the keys that are not guest actions, as the Shortcuts popover lists them for this shell */
export function otherShortcuts(shell: Shell) {
  return [
    { ...newGuestKey(shell), what: 'New guest' },
    { label: '↑ / ↓', hotkey: '', what: 'Select the previous / next guest' },
    { label: 'Enter', hotkey: '', what: 'In the list: start the guest, or open its console' },
    // the console's own key, handled by the console (release-key.ts), not a window hotkey
    { label: RELEASE_KEY_LABEL, hotkey: '', what: "Give the keyboard back from a guest's screen" },
  ];
}
