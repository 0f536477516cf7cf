// The one rule the toolbar, the context menu, the shortcuts and the tray follow: which actions each
// state allows, and the words a disabled button's tooltip says.
import { describe, expect, it } from 'vitest';
import type { VmState } from '../../../preload/contract';
import { allowedActions, type GuestAction, NOT_CONNECTED } from '../../../preload/guest-actions';

const DEFINED = { persistent: true, connected: true };
const enabled = (state: VmState, facts = DEFINED) =>
  Object.entries(allowedActions(state, facts))
    .filter(([, a]) => a.enabled)
    .map(([name]) => name)
    .sort();

describe('allowedActions', () => {
  it.each<[VmState, GuestAction[]]>([
    ['shutoff', ['clone', 'delete', 'start']],
    ['nostate', ['clone', 'delete', 'start']],
    [
      'running',
      ['clone', 'console', 'delete', 'forceOff', 'pause', 'reboot', 'reset', 'saveState', 'shutdown'],
    ],
    [
      'blocked',
      ['clone', 'console', 'delete', 'forceOff', 'pause', 'reboot', 'reset', 'saveState', 'shutdown'],
    ],
    ['paused', ['clone', 'console', 'delete', 'forceOff', 'reset', 'resume', 'saveState']],
    ['shutdown', ['console', 'delete', 'forceOff']],
    ['crashed', ['console', 'delete', 'forceOff', 'start']],
    ['pmsuspended', ['console', 'delete', 'forceOff']],
  ])('a defined guest that is %s allows %j', (state, actions) => {
    expect(enabled(state)).toEqual([...actions].sort());
  });

  it('clones a shut-off, paused or running guest (the dialog offers the pause), and says why not while it shuts down', () => {
    expect(allowedActions('running', DEFINED).clone).toEqual({ enabled: true, offered: true });
    expect(allowedActions('shutdown', DEFINED).clone).toEqual({
      enabled: false,
      offered: true,
      reason: 'Shut the guest down first: its disks are copied while nothing writes to them.',
    });
    expect(allowedActions('shutoff', { ...DEFINED, persistent: false }).clone.reason).toMatch(/transient/);
  });

  it('says why each disabled action is disabled, in plain words', () => {
    const off = allowedActions('shutoff', DEFINED);
    expect(off.console).toEqual({
      enabled: false,
      offered: true,
      reason: 'The guest is off: start it to see its console.',
    });
    expect(off.shutdown.reason).toBe('The guest is off.');
    expect(off.forceOff.reason).toBe('The guest is already off.');
    const paused = allowedActions('paused', DEFINED);
    expect(paused.shutdown.reason).toBe('The guest is paused: resume it first.');
    expect(paused.start.reason).toBe('The guest is paused: resume it instead.');
    expect(allowedActions('running', DEFINED).start.reason).toBe('The guest is already running.');
    expect(allowedActions('running', DEFINED).resume.reason).toBe('The guest is not paused.');
    for (const [state, all] of (['shutoff', 'running', 'paused', 'crashed'] as const).map(
      (s) => [s, allowedActions(s, DEFINED)] as const,
    )) {
      for (const [action, a] of Object.entries(all)) {
        if (a.enabled) expect(a.reason, `${state} ${action}`).toBeUndefined();
        else expect(a.reason, `${state} ${action}`).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it('a paused guest cannot be shut down (the tray used to allow it)', () => {
    expect(allowedActions('paused', DEFINED).shutdown.enabled).toBe(false);
  });

  it('a transient guest offers Make permanent instead of Delete; Force off removes it', () => {
    const t = allowedActions('running', { persistent: false, connected: true });
    expect(t.delete).toMatchObject({ enabled: false, offered: false });
    expect(t.delete.reason).toMatch(/Force off removes it/);
    expect(t.makePermanent).toEqual({ enabled: true, offered: true });
    expect(t.forceOff.enabled).toBe(true);
    const d = allowedActions('running', DEFINED);
    expect(d.makePermanent).toMatchObject({ enabled: false, offered: false });
    expect(d.delete).toEqual({ enabled: true, offered: true });
  });

  it('saves the state of a running or paused defined guest; an off one with a saved state may discard it', () => {
    const saved = { ...DEFINED, savedState: true };
    expect(enabled('shutoff', saved)).toEqual(['clone', 'delete', 'discardSavedState', 'start']);
    expect(allowedActions('shutoff', saved).discardSavedState).toEqual({ enabled: true, offered: true });
    // without a saved state, Discard is not even offered (menus leave it out)
    expect(allowedActions('shutoff', DEFINED).discardSavedState).toMatchObject({
      enabled: false,
      offered: false,
      reason: 'The guest has no saved state.',
    });
    expect(allowedActions('shutoff', DEFINED).saveState.reason).toBe('The guest is off.');
    expect(allowedActions('shutdown', DEFINED).saveState.reason).toBe('The guest is already shutting down.');
    const transient = allowedActions('running', { persistent: false, connected: true });
    expect(transient.saveState).toMatchObject({
      enabled: false,
      offered: true,
      reason: 'A transient guest cannot keep a saved state: make it permanent first.',
    });
  });

  it('a guest without a display has no console to open', () => {
    expect(allowedActions('running', { ...DEFINED, hasConsole: false }).console).toEqual({
      enabled: false,
      offered: true,
      reason: 'This guest has no display and no serial console.',
    });
  });

  it('disables everything while the connection is down, saying so', () => {
    for (const state of ['shutoff', 'running', 'paused'] as const) {
      for (const persistent of [true, false]) {
        const all = allowedActions(state, { persistent, connected: false });
        for (const a of Object.values(all)) {
          expect(a.enabled).toBe(false);
          expect(a.reason).toBe(NOT_CONNECTED);
        }
        // what a kind of guest offers does not change with the connection
        expect(all.delete.offered).toBe(persistent);
        expect(all.makePermanent.offered).toBe(!persistent);
      }
    }
    expect(NOT_CONNECTED).toBe('KVM Desk is not connected to libvirt.');
  });
});
