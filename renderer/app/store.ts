// The renderer's picture of the host: every guest by connection and uuid, replaced by events.
// A tiny external store read with useSyncExternalStore; every update makes new objects along the
// changed path only, so selectors can compare by reference.
import type {
  ConnectionId,
  ConnectionStatus,
  HostStatus,
  Snapshot,
  VmRef,
  VmSummary,
} from '../../preload/contract';

export interface AppState {
  /** the first snapshot has arrived */
  loaded: boolean;
  connections: Record<ConnectionId, ConnectionStatus>;
  vms: Record<ConnectionId, Record<string, VmSummary>>;
  hosts: Record<ConnectionId, HostStatus>;
}

export interface GuestStore {
  getState(): AppState;
  subscribe(listener: () => void): () => void;
  applySnapshot(snapshot: Snapshot): void;
  vmChanged(vm: VmSummary): void;
  vmRemoved(ref: VmRef): void;
  connectionChanged(status: ConnectionStatus): void;
  hostChanged(host: HostStatus): void;
}

export const emptyState: AppState = { loaded: false, connections: {}, vms: {}, hosts: {} };

export function createGuestStore(initial: AppState = emptyState): GuestStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (next: AppState) => {
    state = next;
    for (const l of listeners) l();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applySnapshot(snapshot) {
      const connections: AppState['connections'] = {};
      const vms: AppState['vms'] = {};
      for (const c of snapshot.connections) {
        connections[c.id] = c;
        vms[c.id] = {};
      }
      for (const vm of snapshot.vms) {
        vms[vm.connection] ??= {};
        vms[vm.connection][vm.uuid] = vm;
      }
      set({ ...state, loaded: true, connections, vms });
    },
    vmChanged(vm) {
      const forConnection = { ...state.vms[vm.connection], [vm.uuid]: vm };
      set({ ...state, vms: { ...state.vms, [vm.connection]: forConnection } });
    },
    vmRemoved(ref) {
      if (!state.vms[ref.connection]?.[ref.uuid]) return;
      const { [ref.uuid]: _gone, ...rest } = state.vms[ref.connection];
      set({ ...state, vms: { ...state.vms, [ref.connection]: rest } });
    },
    connectionChanged(status) {
      set({ ...state, connections: { ...state.connections, [status.id]: status } });
    },
    hostChanged(host) {
      set({ ...state, hosts: { ...state.hosts, [host.connection]: host } });
    },
  };
}
