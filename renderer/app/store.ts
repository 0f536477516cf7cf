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
  /** the user removed the connection: it and its guests leave the picture */
  connectionRemoved(id: ConnectionId): void;
  hostChanged(host: HostStatus): void;
}

/** the next frame where there is one to wait for (a visible page), else the next turn */
function nextFrame(f: () => void): void {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible')
    requestAnimationFrame(() => f());
  else setTimeout(f, 0);
}

export const emptyState: AppState = { loaded: false, connections: {}, vms: {}, hosts: {} };

export function createGuestStore(initial: AppState = emptyState): GuestStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  // A guest's change is shown at once, and a burst (a script starting 1,000 guests, one event each) at
  // most once a frame: the state is always current, only the listeners (React's renders) are coalesced.
  let frameOpen = false;
  let dirty = false;
  const closeFrame = () => {
    frameOpen = false;
    if (!dirty) return;
    dirty = false;
    notify();
  };
  const set = (next: AppState, burst = false) => {
    state = next;
    if (!burst) {
      dirty = false;
      notify();
    } else if (frameOpen) {
      dirty = true;
    } else {
      frameOpen = true;
      nextFrame(closeFrame);
      notify();
    }
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
      set({ ...state, vms: { ...state.vms, [vm.connection]: forConnection } }, true);
    },
    vmRemoved(ref) {
      if (!state.vms[ref.connection]?.[ref.uuid]) return;
      const { [ref.uuid]: _gone, ...rest } = state.vms[ref.connection];
      set({ ...state, vms: { ...state.vms, [ref.connection]: rest } }, true);
    },
    connectionChanged(status) {
      set({ ...state, connections: { ...state.connections, [status.id]: status } });
    },
    connectionRemoved(id) {
      if (!state.connections[id]) return;
      const { [id]: _c, ...connections } = state.connections;
      const { [id]: _v, ...vms } = state.vms;
      const { [id]: _h, ...hosts } = state.hosts;
      set({ ...state, connections, vms, hosts });
    },
    hostChanged(host) {
      set({ ...state, hosts: { ...state.hosts, [host.connection]: host } });
    },
  };
}
