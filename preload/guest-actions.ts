// Which guest actions a guest's state allows, and why not when it does not: the one rule the toolbar,
// the context menu, the keyboard shortcuts (renderer) and the tray (main) all follow. Pure and shared,
// so it sits next to the contract; it imports only the contract's types. The rules follow what libvirt
// accepts in each state; the reasons are what a disabled button's tooltip says.
import type { VmState } from './contract';

export type GuestAction =
  | 'start'
  | 'shutdown'
  | 'forceOff'
  | 'reboot'
  | 'reset'
  | 'pause'
  | 'resume'
  | 'saveState'
  | 'discardSavedState'
  | 'delete'
  | 'console'
  | 'makePermanent'
  | 'clone';

export interface GuestFacts {
  /** a defined guest; false for a transient one (made with `virsh create`) */
  persistent: boolean;
  /** the guest's libvirt connection is up */
  connected: boolean;
  /** the guest has a console to show: a graphical display or a serial console; assumed when not given */
  hasConsole?: boolean;
  /** off with a saved state (managed save): Start resumes it */
  savedState?: boolean;
}

export interface ActionAllowance {
  enabled: boolean;
  /** why it is disabled, in the user's words (absent when enabled) */
  reason?: string;
  /**
   * false: the action does not apply to this kind of guest at all, so menus leave it out
   * (Delete for a transient guest, Make permanent for a defined one)
   */
  offered: boolean;
}

export const NOT_CONNECTED = 'KVM Desk is not connected to libvirt.';

const OFF = 'The guest is off.';
const PAUSED = 'The guest is paused: resume it first.';

/** why an action that needs a running guest cannot run in `state` (undefined: it can) */
function needsRunning(state: VmState): string | undefined {
  switch (state) {
    case 'running':
    case 'blocked':
      return undefined;
    case 'paused':
      return PAUSED;
    case 'shutdown':
      return 'The guest is already shutting down.';
    case 'pmsuspended':
      return 'The guest is asleep (suspended by its operating system).';
    case 'crashed':
      return 'The guest has crashed: force it off or start it again.';
    default:
      return OFF;
  }
}

const isOff = (s: VmState) => s === 'shutoff' || s === 'nostate';

function rule(enabled: boolean, reason: string | undefined, offered = true): ActionAllowance {
  return enabled ? { enabled, offered } : { enabled, reason, offered };
}

/** every action's enabled flag and, when disabled, the reason */
export function allowedActions(state: VmState, facts: GuestFacts): Record<GuestAction, ActionAllowance> {
  const running = needsRunning(state);
  const canStart = isOff(state) || state === 'crashed';
  const all: Record<GuestAction, ActionAllowance> = {
    start: rule(
      canStart,
      state === 'paused' ? 'The guest is paused: resume it instead.' : 'The guest is already running.',
    ),
    shutdown: rule(!running, running),
    forceOff: rule(!isOff(state), 'The guest is already off.'),
    reboot: rule(!running, running),
    reset: rule(!running || state === 'paused', running),
    pause: rule(!running, state === 'paused' ? 'The guest is already paused.' : running),
    resume: rule(state === 'paused', 'The guest is not paused.'),
    // libvirt saves a paused guest as well; it comes back running
    saveState: rule(
      facts.persistent && (!running || state === 'paused'),
      facts.persistent ? running : 'A transient guest cannot keep a saved state: make it permanent first.',
    ),
    discardSavedState: rule(
      isOff(state) && facts.savedState === true,
      'The guest has no saved state.',
      facts.savedState === true,
    ),
    delete: rule(
      facts.persistent,
      'A transient guest has no saved definition to delete: Force off removes it.',
      facts.persistent,
    ),
    console:
      facts.hasConsole === false
        ? rule(false, 'This guest has no display and no serial console.')
        : rule(!isOff(state), 'The guest is off: start it to see its console.'),
    makePermanent: rule(!facts.persistent, 'The guest is already permanent.', !facts.persistent),
    // virt-clone's rule: disks are copied while nothing writes to them; a running guest is paused for a
    // full copy (the dialog offers it) and a linked clone needs it shut off (the dialog says so)
    clone: rule(
      facts.persistent && (isOff(state) || state === 'paused' || state === 'running' || state === 'blocked'),
      facts.persistent
        ? 'Shut the guest down first: its disks are copied while nothing writes to them.'
        : 'A transient guest has no saved definition to clone: make it permanent first.',
    ),
  };
  if (!facts.connected) {
    for (const a of Object.keys(all) as GuestAction[]) {
      all[a] = { enabled: false, reason: NOT_CONNECTED, offered: all[a].offered };
    }
  }
  return all;
}

/** one action's allowance (a shortcut for callers that ask about one) */
export function allowance(action: GuestAction, state: VmState, facts: GuestFacts): ActionAllowance {
  return allowedActions(state, facts)[action];
}
