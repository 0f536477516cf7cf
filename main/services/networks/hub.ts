// Networks for the whole process: libvirt's network lifecycle events of every connection become
// `networks.changed` (lists read again; nothing polls them), and shown lease tables are watches, each
// polled every LEASE_POLL_MS while it lasts. A window or WebSocket that closes releases its watches, and
// the renderer unwatches on hide, like stats.
import type { NetworkLease, NetworkRefArgs } from '../../../preload/networks';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import type { Connections } from '../connections';
import { ApiFailure } from '../errors';
import type { EventBus } from '../events';
import { lookupNetwork } from './default-network';
import { guestNetworkUse } from './guests-on-networks';

export const LEASE_POLL_MS = 3000;

interface LeaseWatch extends NetworkRefArgs {
  owner: string;
  timer: NodeJS.Timeout;
}

export async function networkLeases(c: LibvirtConnectionApi, name: string): Promise<NetworkLease[]> {
  const net = await lookupNetwork(c, name);
  if (!net) throw new ApiFailure('NOT_FOUND', `There is no network named '${name}'.`, { network: name });
  if (!(await c.networkIsActive(net))) return [];
  const [leases, use] = await Promise.all([c.networkGetDhcpLeases(net), guestNetworkUse(c)]);
  return leases
    .map((l) => {
      const mac = l.mac?.toLowerCase() ?? '';
      const guest = use.macs.get(mac);
      return {
        mac,
        ip: l.ipaddr,
        prefix: l.prefix,
        ...(l.hostname && { hostname: l.hostname }),
        expiresAt: Number(l.expiryTime) * 1000,
        ...(guest && { guest }),
      };
    })
    .sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true }));
}

export class NetworksHub {
  private readonly watches = new Map<string, LeaseWatch>();
  private readonly attached = new WeakSet<LibvirtConnectionApi>();
  private readonly stopListening: () => void;
  private seq = 0;

  constructor(
    private readonly connections: Connections,
    private readonly events: EventBus,
  ) {
    // a connection's client appears when it connects (the first time, or anew after a failed start)
    this.stopListening = events.on('connection', (s) => {
      if (s.state !== 'connected') return;
      this.attach(s.id);
      // a first connect says 'connected' before Connections lists it: once its start has settled
      void connections.started().then(() => this.attach(s.id));
    });
    for (const c of connections.list()) this.attach(c.getStatus().id);
  }

  private attach(connection: string): void {
    let client: LibvirtConnectionApi | undefined;
    try {
      client = this.connections.get(connection).client;
    } catch {
      return;
    }
    if (!client || this.attached.has(client)) return;
    this.attached.add(client);
    // the client re-registers its callbacks when it reconnects
    client.on('networkLifecycle', (e) =>
      this.events.emit('networks.changed', { connection, name: e.net.name, event: e.eventName }),
    );
  }

  async watchLeases(owner: string, args: NetworkRefArgs): Promise<{ id: string; leases: NetworkLease[] }> {
    const c = this.client(args.connection);
    const leases = await networkLeases(c, args.name);
    const id = `l${++this.seq}`;
    const timer = setInterval(() => void this.poll(id), LEASE_POLL_MS);
    timer.unref?.();
    this.watches.set(id, { ...args, owner, timer });
    return { id, leases };
  }

  /** a watch that is not there (already released) is no error: the page may unwatch twice */
  unwatch(owner: string | undefined, id: string): void {
    const w = this.watches.get(id);
    if (!w || (owner !== undefined && w.owner !== owner)) return;
    clearInterval(w.timer);
    this.watches.delete(id);
  }

  release(owner: string): void {
    for (const [id, w] of this.watches) if (w.owner === owner) this.unwatch(undefined, id);
  }

  /** how many lease watches poll (tests: none after release) */
  polling(): number {
    return this.watches.size;
  }

  close(): void {
    this.stopListening();
    for (const id of [...this.watches.keys()]) this.unwatch(undefined, id);
  }

  private client(connection: string): LibvirtConnectionApi {
    const client = this.connections.get(connection).client;
    if (!client) throw new ApiFailure('DISCONNECTED', `${connection} is not connected yet.`);
    return client;
  }

  private async poll(id: string): Promise<void> {
    const w = this.watches.get(id);
    if (!w) return;
    try {
      const leases = await networkLeases(this.client(w.connection), w.name);
      if (this.watches.has(id))
        this.events.emit('networks.leases', { connection: w.connection, name: w.name, leases });
    } catch {
      // disconnected or the network went: the next tick tries again; its lifecycle event tells the panel
    }
  }
}
