// What the toolbar, the context menu and the shortcuts may do to a guest right now: its state and
// kind (preload/guest-actions.ts decides) and whether its connection is up (the store knows).
import type { VmSummary } from '../../../preload/contract';
import { type ActionAllowance, allowedActions, type GuestAction } from '../../../preload/guest-actions';
import { useAppState } from '../../app/context';
import type { AppState } from '../../app/store';

export type Allowances = Record<GuestAction, ActionAllowance>;

export function isConnected(state: AppState, vm: VmSummary): boolean {
  return state.connections[vm.connection]?.state === 'connected';
}

export function guestAllowances(vm: VmSummary, connected: boolean): Allowances {
  return allowedActions(vm.state, {
    persistent: vm.persistent,
    connected,
    hasConsole: vm.hasConsole,
    savedState: vm.savedState,
  });
}

/** the guest's allowances, following its connection's state; undefined without a guest */
export function useAllowances(vm: VmSummary | undefined): Allowances | undefined {
  const connected = useAppState((s) => (vm ? isConnected(s, vm) : false));
  return vm ? guestAllowances(vm, connected) : undefined;
}
