// Feeds the store: one `app.snapshot`, then events. No polling: after libvirtd comes back the
// 'connection' event says so and we take one fresh snapshot.
import type { ApiError, ConnectionId, ConnectionStatus, KvmBridge, VmSummary } from '../../preload/contract';
import type { GuestStore } from './store';

const keyOf = (ref: { connection: string; uuid: string }) => `${ref.connection}\n${ref.uuid}`;

export function feedStore(
  store: GuestStore,
  bridge: KvmBridge,
  onError: (error: ApiError) => void = () => {},
): () => void {
  // Events that arrive while a snapshot is in flight are at least as new as it (every change has
  // an event), so they win over the snapshot's copy of the same guest.
  let inFlight: { vms: Map<string, VmSummary | null>; connections: Map<string, ConnectionStatus> } | null =
    null;
  let again = false;
  let needSnapshot = true;
  let disposed = false;

  const loadHost = async (connection: ConnectionId) => {
    const res = await bridge.call('host.status', { connection });
    if (!disposed && res.ok && res.value) store.hostChanged(res.value);
  };

  const loadSnapshot = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    const seen = {
      vms: new Map<string, VmSummary | null>(),
      connections: new Map<string, ConnectionStatus>(),
    };
    inFlight = seen;
    const res = await bridge.call('app.snapshot', {});
    inFlight = null;
    if (disposed) return;
    if (!res.ok) {
      needSnapshot = true;
      onError(res.error);
    } else {
      needSnapshot = false;
      const vms = res.value.vms.filter((vm) => !seen.vms.has(keyOf(vm)));
      for (const vm of seen.vms.values()) if (vm) vms.push(vm);
      const connections = res.value.connections.map((c) => seen.connections.get(c.id) ?? c);
      for (const c of seen.connections.values())
        if (!connections.some((x) => x.id === c.id)) connections.push(c);
      store.applySnapshot({ connections, vms });
      for (const c of connections) if (c.state === 'connected') void loadHost(c.id);
      // A connection that finished loading while this snapshot was on its way: the backend took the
      // snapshot before that connection's guests were in (a load is silent, its 'connected' says it is
      // done), so its guests come with one more snapshot. A page opened during the backend's start.
      const taken = new Map(res.value.connections.map((c) => [c.id, c.state]));
      for (const c of seen.connections.values())
        if (c.state === 'connected' && taken.get(c.id) !== 'connected') again = true;
    }
    if (again) {
      again = false;
      return loadSnapshot();
    }
  };

  const offs = [
    bridge.on('vm.changed', (vm) => {
      inFlight?.vms.set(keyOf(vm), vm);
      store.vmChanged(vm);
    }),
    bridge.on('vm.removed', (ref) => {
      inFlight?.vms.set(keyOf(ref), null);
      store.vmRemoved(ref);
    }),
    bridge.on('connection', (status) => {
      inFlight?.connections.set(status.id, status);
      const before = store.getState().connections[status.id];
      store.connectionChanged(status);
      const cameBack = before !== undefined && before.state !== 'connected';
      // a host added since the last snapshot (no snapshot in flight: one in flight checks when it returns)
      const added = before === undefined && !inFlight;
      if (status.state === 'connected' && (cameBack || added || (needSnapshot && !inFlight)))
        void loadSnapshot();
    }),
    bridge.on('host', (host) => store.hostChanged(host)),
    bridge.on('connection.removed', ({ id }) => store.connectionRemoved(id)),
  ];
  void loadSnapshot();

  return () => {
    disposed = true;
    for (const off of offs) off();
  };
}
