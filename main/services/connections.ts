// The libvirt connections the app uses, their status for the UI, and recovery. Which ones: the user's
// saved list (services/hosts/), or KVMDESK_URI alone when set (else, for callers that pass candidates,
// qemu:///system when this user can reach it, else qemu:///session). Any number are open at once.
// The client reconnects by itself; on 'reconnected' the guest list is re-listed. If the very first
// open fails (no daemon yet), we keep trying with a backoff and say so.
import type { ConnectionId, ConnectionStatus, VmSummary } from '../../preload/contract';
import type { LibvirtConnectionApi, OpenOptions } from '../libvirt/facade';
import type { OsLookup } from '../model/os-types';
import { ApiFailure } from './errors';
import type { EventBus } from './events';
import { VmStore } from './vm-store';

export type OpenConnection = (uri: string, opts?: OpenOptions) => Promise<LibvirtConnectionApi>;

export function candidateUris(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.KVMDESK_URI) return [env.KVMDESK_URI];
  return ['qemu:///system', 'qemu:///session'];
}

export function versionString(v: bigint): string {
  const n = Number(v);
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1000) % 1000}.${n % 1000}`;
}

export class Connection {
  client?: LibvirtConnectionApi;
  readonly store: VmStore;
  private status: ConnectionStatus;
  private retry?: NodeJS.Timeout;
  private closed = false;
  private idFixed = false;
  private firstLoad: Promise<void>;
  private resolveFirstLoad!: () => void;
  /** what the user's saved list says of it (label, connect at start); absent for KVMDESK_URI's */
  saved?: { label?: string; connectAtStart: boolean };

  constructor(
    private readonly uris: string[],
    private readonly open: OpenConnection,
    private readonly events: EventBus,
    osLookup?: OsLookup | Promise<OsLookup | undefined>,
  ) {
    const uri = uris[0];
    this.status = { id: uri, uri, state: 'connecting' };
    this.store = new VmStore(uri, events, osLookup);
    this.firstLoad = new Promise((r) => {
      this.resolveFirstLoad = r;
    });
  }

  get id(): ConnectionId {
    return this.status.id;
  }

  getStatus(): ConnectionStatus {
    const saved = this.saved
      ? {
          connectAtStart: this.saved.connectAtStart,
          ...(this.saved.label ? { label: this.saved.label } : {}),
        }
      : {};
    return { ...this.status, ...saved };
  }

  /** the user's Disconnect: closes the connection and stops retrying until reconnect() */
  async disconnect(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.store.detach();
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    this.setStatus({ state: 'disconnected', stopped: true, message: 'Disconnected.' });
    this.resolveFirstLoad();
  }

  /** the user's Reconnect (or a saved host that does not connect at start, connected later) */
  async reconnect(): Promise<void> {
    if (this.client?.connected) return;
    clearTimeout(this.retry);
    this.closed = false;
    this.setStatus({ state: 'connecting', stopped: undefined, message: undefined });
    await this.connect();
  }

  /** a saved host left disconnected at start: shown, not opened */
  markStopped(): void {
    this.closed = true;
    this.settleId(this.uris[0]);
    this.status = { ...this.status, state: 'disconnected', stopped: true, message: 'Not connected.' };
    this.resolveFirstLoad();
  }

  /** the guests to show: none while the user has it disconnected */
  guests(): VmSummary[] {
    return this.status.stopped ? [] : this.store.list();
  }

  /** resolves once the guest list has been loaded the first time (or the wait gives up) */
  ready(timeoutMs = 10_000): Promise<void> {
    return Promise.race([this.firstLoad, new Promise<void>((r) => setTimeout(r, timeoutMs).unref?.())]);
  }

  /** Tries once now; on failure keeps retrying in the background. Resolves after the first attempt. */
  async connect(attempt = 0): Promise<void> {
    if (this.closed) return;
    let lastError: Error | undefined;
    // once the id is settled (first attempt), retries stay with that URI
    for (const uri of this.idFixed ? [this.status.uri] : this.uris) {
      try {
        const client = await this.open(uri, { reconnect: true });
        if (this.closed) {
          await client.close();
          return;
        }
        await this.adopt(client);
        return;
      } catch (err) {
        lastError = err as Error;
      }
    }
    const delay = Math.min(1000 * 2 ** attempt, 5000);
    this.setStatus({
      state: 'disconnected',
      message: `Cannot reach libvirt: ${lastError?.message ?? 'no answer'} KVM Desk keeps trying.`,
    });
    if (!this.idFixed) this.settleId(this.uris[0]);
    this.resolveFirstLoad(); // the UI shows the disconnected state rather than waiting
    this.retry = setTimeout(() => void this.connect(attempt + 1), delay);
    this.retry.unref?.();
  }

  private async adopt(client: LibvirtConnectionApi): Promise<void> {
    this.client = client;
    if (!this.idFixed) this.settleId(client.uri);
    client.on('disconnected', (err) => {
      if (this.client !== client) return; // the user's Disconnect closed it
      console.error(`${client.uri}: disconnected: ${err.message}`);
      this.setStatus({
        state: 'disconnected',
        message: 'libvirtd stopped or cannot be reached; KVM Desk is reconnecting.',
      });
    });
    client.on('reconnected', () => this.client === client && void this.afterConnect(client));
    this.store.attach(client);
    await this.afterConnect(client);
  }

  private async afterConnect(client: LibvirtConnectionApi): Promise<void> {
    this.setStatus({ state: 'connecting', message: 'Loading guests' });
    try {
      const [hostname, version] = await Promise.all([
        client.getHostname().catch(() => undefined),
        client.getLibVersion().catch(() => undefined),
      ]);
      await this.store.reload();
      this.setStatus({
        state: 'connected',
        message: undefined,
        hostname,
        libvirtVersion: version === undefined ? undefined : versionString(version),
      });
    } catch (err) {
      this.setStatus({
        state: 'disconnected',
        message: `Could not list the guests (${(err as Error).message}); KVM Desk is trying again.`,
      });
      // a lost connection comes back through the client's 'reconnected'; anything else is retried here
      if (client.connected && !this.closed) {
        this.retry = setTimeout(() => {
          if (client.connected && this.client === client) void this.afterConnect(client);
        }, 5000);
        this.retry.unref?.();
      }
    }
    this.resolveFirstLoad();
  }

  private settleId(uri: string): void {
    this.idFixed = true;
    this.status = { ...this.status, id: uri, uri };
    this.store.connection = uri;
  }

  private setStatus(change: Partial<ConnectionStatus>): void {
    const uri = this.client?.uri ?? this.status.uri;
    this.status = { ...this.status, ...change, id: this.status.id, uri };
    this.events.emit('connection', this.getStatus());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.store.detach();
    await this.client?.close().catch(() => undefined);
  }
}

export class Connections {
  private readonly all = new Map<ConnectionId, Connection>();
  /** connections whose first attempt is under way (their id is not settled yet) */
  private readonly starting = new Set<Promise<unknown>>();
  private listing?: Promise<unknown>;

  constructor(
    private readonly open: OpenConnection,
    private readonly events: EventBus,
    /** a promise while osinfo-db loads: the connection opens meanwhile and lists once it is in */
    private readonly osLookup?: OsLookup | Promise<OsLookup | undefined>,
  ) {}

  /** Opens the default connection; resolves after the first attempt (connected or retrying). */
  async start(uris = candidateUris()): Promise<Connection> {
    const c = new Connection(uris, this.open, this.events, this.osLookup);
    // the id is the URI that answered (system or session); it never changes afterwards
    const first = c.connect().then(() => {
      this.all.set(c.id, c);
    });
    this.starting.add(first);
    try {
      await first;
    } finally {
      this.starting.delete(first);
    }
    return c;
  }

  /** counts a start-up under way (the saved list's, read from its file first) in started() */
  track<T>(p: Promise<T>): Promise<T> {
    this.starting.add(p);
    const done = () => this.starting.delete(p);
    p.then(done, done);
    return p;
  }

  /** marks the start-up after which list() is whole (the saved list read, each entry added) */
  whenListed(p: Promise<unknown>): void {
    this.listing = p.catch(() => undefined);
  }

  /** resolves once list() is whole: whenListed's promise, else every first attempt (started()) */
  async listed(): Promise<void> {
    await (this.listing ?? this.started());
  }

  /** resolves once every connection being started has made its first attempt (list() is then whole) */
  async started(): Promise<void> {
    await Promise.all([...this.starting].map((p) => p.catch(() => undefined)));
  }

  list(): Connection[] {
    return [...this.all.values()];
  }

  /** every guest of every connection, as the stores know them now */
  guests(): VmSummary[] {
    return this.list().flatMap((c) => c.guests());
  }

  has(id: ConnectionId): boolean {
    return this.all.has(id);
  }

  /** opens one more connection (the saved list's), resolved after its first attempt */
  async add(
    uri: string,
    saved?: { label?: string; connectAtStart: boolean },
    connectNow = true,
  ): Promise<Connection> {
    const c = new Connection([uri], this.open, this.events, this.osLookup);
    c.saved = saved;
    this.all.set(uri, c);
    if (!connectNow) {
      c.markStopped();
      this.events.emit('connection', c.getStatus());
      return c;
    }
    const first = c.connect();
    this.starting.add(first);
    try {
      await first;
    } finally {
      this.starting.delete(first);
    }
    return c;
  }

  /** closes and forgets one connection; the UI learns it from 'connection.removed' */
  async remove(id: ConnectionId): Promise<void> {
    const c = this.get(id);
    this.all.delete(id);
    await c.close();
    this.events.emit('connection.removed', { id });
  }

  get(id: ConnectionId): Connection {
    const c = this.all.get(id);
    if (!c)
      throw new ApiFailure('NOT_FOUND', `KVM Desk has no connection to ${id}.`, { field: 'connection' });
    return c;
  }

  /** the live client for a call; DISCONNECTED while libvirtd is away */
  client(id: ConnectionId): LibvirtConnectionApi {
    const c = this.get(id);
    if (!c.client?.connected) {
      throw new ApiFailure(
        'DISCONNECTED',
        'KVM Desk is not connected to libvirt right now; it keeps trying.',
      );
    }
    return c.client;
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((c) => c.close()));
    this.all.clear();
  }
}
